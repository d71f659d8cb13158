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

export const attachmentInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['image', 'video', 'audio', 'file']), url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) }),
  z.strictObject({ type: z.literal('location'), lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180), title: z.string().min(1).optional() }),
], { error: 'must be {"type":"image|video|audio|file","url":"…"} or {"type":"location","lat":…,"long":…}' });

/** Meta's quick-reply payload limit is 1000 characters, like a postback's. */
export const QUICK_REPLY_PAYLOAD_MAX_LENGTH = 1000;
export const quickReplyPayload = z.string().min(1).max(QUICK_REPLY_PAYLOAD_MAX_LENGTH);
/** What a user writes (a message, or a quick reply's title): as long as a message may be. */
export const userText = z.string().min(1).max(MESSAGE_TEXT_MAX_LENGTH);
const referral = referralInput.optional();
export const userInput = z.union([
  z.strictObject({ text: userText, quick_reply: z.strictObject({ payload: quickReplyPayload }).optional(), referral }),
  z.strictObject({ attachment: attachmentInput, referral }),
  z.strictObject({ sticker_id: z.string().regex(NUMERIC_ID, 'must be a numeric sticker id'), referral }),
  z.strictObject({ like: z.literal(true), referral }).transform(({ like: _, ...rest }) => ({ sticker_id: LIKE_STICKER_ID, ...rest })),
  z.strictObject({ postback: z.strictObject({ title: z.string().min(1), payload: z.string().optional() }), referral }),
], { error: 'must be {"text":"…"} (with "quick_reply":{"payload":"…"} for a quick-reply tap), {"attachment":{…}}, {"sticker_id":"…"}, {"like":true} or {"postback":{"title":"…","payload":"…"}}' });

export const readInput = z.strictObject({ watermark: z.number().int().nonnegative().optional() });
