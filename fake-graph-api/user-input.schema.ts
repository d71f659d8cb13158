import { z } from 'zod';
import { MESSAGE_TEXT_MAX_LENGTH } from '../machines/platform/limits.js';
import { LIKE_STICKER_ID } from './webhooks/event-shapes.js';
import { NUMERIC_ID } from './world/world.schema.js';

/**
 * What a user can do, as input: validated once here for /__admin and contract files alike, then handed to
 * the Platform (`userWrites`, `userArrives`, `userReads`), which builds Meta's webhook events from it.
 */

/** An entry point: an m.me link's `ref` (Meta allows a-z A-Z 0-9 + / = - . : _), or an ad by id with its optional `ref`. */
export const ref = z.string().regex(/^[A-Za-z0-9+/=\-.:_]+$/, 'must be an m.me ref: letters, digits and + / = - . : _');
export const referralInput = z.union([
  z.strictObject({ ref }),
  z.strictObject({ ad_id: z.string().regex(NUMERIC_ID, 'must be a numeric ad id'), ref: ref.optional() }),
], { error: 'must be {"ref":"…"} (an m.me link) or {"ad_id":"…"} (an ad)' });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
export const attachmentInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['image', 'video', 'audio', 'file']), url: httpUrl }),
  // Instagram only (refused on Messenger by the channel): a shared post, a story that mentions the business.
  z.strictObject({ type: z.enum(['share', 'story_mention']), url: httpUrl }),
  z.strictObject({ type: z.literal('location'), lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180), title: z.string().min(1).optional() }),
], { error: 'must be {"type":"image|video|audio|file|share|story_mention","url":"…"} or {"type":"location","lat":…,"long":…}' });

/** A message id as the fake makes them (`m_…`), or any id a bot was given by Meta. */
export const mid = z.string().regex(/^[A-Za-z0-9_.:=+/-]{1,200}$/, 'must be a message id (mid)');

/** What a message answers: another message (`{mid}`), or one of the business's stories (`{story:{url,id}}`, Instagram). */
export const replyToInput = z.union([
  z.strictObject({ mid }),
  z.strictObject({ story: z.strictObject({ url: httpUrl, id: z.string().regex(NUMERIC_ID, 'must be a numeric story id') }) }),
], { error: 'must be {"mid":"…"} or {"story":{"url":"…","id":"…"}}' });

/** Meta's quick-reply payload limit is 1000 characters, like a postback's. */
export const QUICK_REPLY_PAYLOAD_MAX_LENGTH = 1000;
export const quickReplyPayload = z.string().min(1).max(QUICK_REPLY_PAYLOAD_MAX_LENGTH);
/** What a user writes (a message, or a quick reply's title): as long as a message may be. */
export const userText = z.string().min(1).max(MESSAGE_TEXT_MAX_LENGTH);
const referral = referralInput.optional();
export const userInput = z.union([
  z.strictObject({ text: userText, quick_reply: z.strictObject({ payload: quickReplyPayload }).optional(), reply_to: replyToInput.optional(), referral }),
  z.strictObject({ attachment: attachmentInput, referral }),
  z.strictObject({ sticker_id: z.string().regex(NUMERIC_ID, 'must be a numeric sticker id'), referral }),
  z.strictObject({ like: z.literal(true), referral }).transform(({ like: _, ...rest }) => ({ sticker_id: LIKE_STICKER_ID, ...rest })),
  z.strictObject({ postback: z.strictObject({ title: z.string().min(1), payload: z.string().optional() }), referral }),
], { error: 'must be {"text":"…"} (with "quick_reply":{"payload":"…"} for a quick-reply tap), {"attachment":{…}}, {"sticker_id":"…"}, {"like":true} or {"postback":{"title":"…","payload":"…"}}' });

export const readInput = z.strictObject({ watermark: z.number().int().nonnegative().optional() });

/**
 * Instagram's reactions (S60: "angry, sad, wow, love, like, laugh, and other"), each with the emoji a
 * reaction of that name shows (our choice where the input names none; `other` needs its emoji).
 */
export const REACTION_EMOJI = { love: '\u2764\uFE0F', like: '\u{1F44D}', laugh: '\u{1F606}', wow: '\u{1F62E}', sad: '\u{1F622}', angry: '\u{1F621}' } as const;
const emoji = z.string().min(1).max(16);
export const reactionInput = z.union([
  z.strictObject({ mid, reaction: z.enum(Object.keys(REACTION_EMOJI) as [keyof typeof REACTION_EMOJI]), emoji: emoji.optional() })
    .transform(({ mid, reaction, emoji }) => ({ mid, action: 'react' as const, reaction, emoji: emoji ?? REACTION_EMOJI[reaction] })),
  z.strictObject({ mid, reaction: z.literal('other'), emoji }).transform(({ mid, emoji }) => ({ mid, action: 'react' as const, reaction: 'other', emoji })),
  z.strictObject({ mid, action: z.literal('unreact') }),
], { error: 'must be {"mid":"…","reaction":"love|like|laugh|wow|sad|angry"} (with "emoji"), {"mid":"…","reaction":"other","emoji":"…"} or {"mid":"…","action":"unreact"}' });

export const deletionInput = z.strictObject({ mid });
