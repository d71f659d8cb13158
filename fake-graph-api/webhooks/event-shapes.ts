import type { Channel } from '../../machines/platform/index.js';

/**
 * Meta's webhook event shapes for the Messenger platform (protocol.md §2.2–2.4, §3), one builder each.
 * Times are epoch milliseconds. Where Meta's docs disagree on a type, the choice is made here once.
 */
export type MessagingEvent = Record<string, unknown> & { timestamp: number };

/** One event as an app receives it: which app, which page, which channel. */
export interface RecordedEvent {
  appId: string;
  pageId: string;
  channel: Channel;
  event: MessagingEvent;
}

/**
 * Meta prints `requested_owner_app_id` and the echo's `app_id` as numbers (old docs, and bottender compares
 * the number 263902037430900), `new_owner_app_id`/`previous_owner_app_id` as strings. We follow that.
 * App ids are validated as at most 16 digits; those above 2^53 stay strings rather than lose digits.
 */
export function numericAppId(appId: string): number | string {
  const n = Number(appId);
  return Number.isSafeInteger(n) ? n : appId;
}

const withMetadata = (metadata: string | null) => (metadata === null ? {} : { metadata });

export function userMessage(pageId: string, psid: string, timestamp: number, mid: string, text: string): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } };
}

/**
 * What a user can put in a message besides plain text, as the input of /__admin, the library and contracts.
 * `userMessageOf` turns it into Meta's `messages` event.
 */
export type MediaType = 'image' | 'video' | 'audio' | 'file';
/** Instagram only (the channel's `features`): a shared post, and a story that mentions the business (S60, S62). */
export type InstagramAttachmentType = 'share' | 'story_mention';
export type UserAttachment =
  | { type: MediaType | InstagramAttachmentType; url: string }
  | { type: 'location'; lat: number; long: number; title?: string };

/** What a message answers: another message, or (Instagram) one of the business's stories (S60 `reply_to`). */
export type ReplyTo = { mid: string } | { story: { url: string; id: string } };

export type UserMessage =
  | { text: string; quick_reply?: { payload: string }; reply_to?: ReplyTo }
  | { attachment: UserAttachment }
  /** A sticker; Meta's like (thumbs-up) button is the sticker LIKE_STICKER_ID. */
  | { sticker_id: string };

/** The thumbs-up "like" button of Messenger arrives as this sticker (bots compare the number 369239263222822). */
export const LIKE_STICKER_ID = '369239263222822';

/**
 * Meta's `messages` webhook event (https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages):
 * - a quick-reply tap is the tapped title as `text` plus `quick_reply.payload`, on `messaging` and on
 *   `standby` alike (Meta's standby sample reads `message.quick_reply.payload`, protocol.md §2.3);
 * - media: `attachments: [{type, payload: {url}}]` with no `text`;
 * - a location: `attachments: [{title, url, type: "location", payload: {coordinates: {lat, long}}}]`, the
 *   shape Meta sent while location sharing reached bots (its url a Bing Maps link);
 * - a sticker: `sticker_id` (a number) on the message and an `image` attachment whose payload has the
 *   sticker's `url` and `sticker_id` (the shape bots test `message.sticker_id === 369239263222822` on).
 */
export function userMessageOf(pageId: string, psid: string, timestamp: number, mid: string, content: UserMessage): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, ...messageBody(content) } };
}

function messageBody(content: UserMessage): Record<string, unknown> {
  if ('text' in content) {
    const body: Record<string, unknown> = content.quick_reply ? { text: content.text, quick_reply: { payload: content.quick_reply.payload } } : { text: content.text };
    if (content.reply_to !== undefined) body['reply_to'] = 'mid' in content.reply_to ? { mid: content.reply_to.mid } : { story: { url: content.reply_to.story.url, id: content.reply_to.story.id } };
    return body;
  }
  if ('sticker_id' in content) {
    const stickerId = numericAppId(content.sticker_id);
    const url = `https://scontent.xx.fbcdn.net/v/t39.1997-6/${content.sticker_id}.png`;
    return { attachments: [{ type: 'image', payload: { url, sticker_id: stickerId } }], sticker_id: stickerId };
  }
  const a = content.attachment;
  if (a.type === 'location') {
    const where = encodeURIComponent(`${a.lat}, ${a.long}`);
    return {
      attachments: [{
        title: a.title ?? 'Pinned Location',
        url: `https://www.bing.com/maps/default.aspx?v=2&pc=FACEBK&mid=8100&where1=${where}&FORM=FBKPL1&mkt=en-US`,
        type: 'location',
        payload: { coordinates: { lat: a.lat, long: a.long } },
      }],
    };
  }
  return { attachments: [{ type: a.type, payload: { url: a.url } }] };
}

/** Where a user came from: an m.me link's `ref`, or an ad (`ad_id`, and the ad's `ref` if it set one). */
export type Referral = { ref: string } | { ad_id: string; ref?: string };

/**
 * `messaging_referrals`: a user who already has a thread opens it again from an m.me link or an ad
 * (https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/messaging_referrals).
 * Meta's examples: `{ref, source: "SHORTLINK", type: "OPEN_THREAD"}` and `{ref?, ad_id, source: "ADS", type: "OPEN_THREAD", ads_context_data}`;
 * we leave out `ads_context_data`, which describes an ad we do not have.
 */
export function userReferral(pageId: string, psid: string, timestamp: number, referral: Referral, linkSource = 'SHORTLINK'): MessagingEvent {
  const body = 'ad_id' in referral
    ? { ...(referral.ref === undefined ? {} : { ref: referral.ref }), ad_id: referral.ad_id, source: 'ADS', type: 'OPEN_THREAD' }
    : { ref: referral.ref, source: linkSource, type: 'OPEN_THREAD' };
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, referral: body };
}

/**
 * `message_reads`: every message the page sent up to `watermark` was read
 * (https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-reads).
 */
export function messageRead(pageId: string, psid: string, timestamp: number, watermark: number): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, read: { watermark } };
}

/**
 * `message_deliveries`: the page's messages `mids` reached the user, and every one sent before `watermark`
 * (https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-deliveries).
 * Meta's example has no `timestamp`; every other messaging item has one, and so does this one (our choice).
 */
export function messageDelivery(pageId: string, psid: string, timestamp: number, mids: readonly string[], watermark: number): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, delivery: { mids: [...mids], watermark } };
}

/**
 * Instagram's `messaging_seen`: the person saw the business's message `mid` (S60; protocol.md §2.7 `read: {mid}`),
 * where Messenger's `message_reads` gives a watermark.
 */
export function messageSeen(pageId: string, psid: string, timestamp: number, mid: string): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, read: { mid } };
}

/** A reaction to a message, or its removal (`unreact` names no reaction: docs/choices.md, Instagram). */
export type Reaction = { mid: string; action: 'react'; reaction: string; emoji: string } | { mid: string; action: 'unreact' };

/**
 * `message_reactions` (S60; Messenger's reference shape `reaction: {reaction, emoji, action, mid}`, in the
 * order Meta's Instagram example gives: mid, action, reaction, emoji).
 */
export function userReaction(pageId: string, psid: string, timestamp: number, reaction: Reaction): MessagingEvent {
  const body = reaction.action === 'react'
    ? { mid: reaction.mid, action: 'react', reaction: reaction.reaction, emoji: reaction.emoji }
    : { mid: reaction.mid, action: 'unreact' };
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, reaction: body };
}

/** The person unsent (deleted) their message `mid`: a `messages` event with `is_deleted` (S60, protocol.md §2.7). */
export function messageDeleted(pageId: string, psid: string, timestamp: number, mid: string): MessagingEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, is_deleted: true } };
}

export interface Postback {
  title: string;
  payload?: string;
}

/** On `standby` a postback loses its `payload`: only the owner sees what the button meant (protocol.md §2.3). */
export function userPostback(
  pageId: string,
  psid: string,
  timestamp: number,
  mid: string,
  postback: Postback,
  channel: Channel,
): MessagingEvent {
  const body = channel === 'standby' || postback.payload === undefined
    ? { title: postback.title, mid }
    : { title: postback.title, payload: postback.payload, mid };
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, postback: body };
}

export function messageEcho(
  pageId: string,
  psid: string,
  timestamp: number,
  appId: string,
  mid: string,
  message: { text?: string; metadata?: string; attachment?: unknown },
): MessagingEvent {
  const { text, metadata, attachment } = message;
  return {
    sender: { id: pageId },
    recipient: { id: psid },
    timestamp,
    message: {
      is_echo: true,
      app_id: numericAppId(appId),
      ...(metadata === undefined ? {} : { metadata }),
      mid,
      ...(text === undefined ? {} : { text }),
      ...(attachment === undefined ? {} : { attachments: [attachment] }),
    },
  };
}

export function passThreadControl(pageId: string, psid: string, timestamp: number, from: string | null, to: string, metadata: string | null): MessagingEvent {
  return {
    sender: { id: psid },
    recipient: { id: pageId },
    timestamp,
    pass_thread_control: { previous_owner_app_id: from, new_owner_app_id: to, ...withMetadata(metadata) },
  };
}

export function takeThreadControl(pageId: string, psid: string, timestamp: number, from: string | null, to: string, metadata: string | null): MessagingEvent {
  return {
    sender: { id: psid },
    recipient: { id: pageId },
    timestamp,
    take_thread_control: { previous_owner_app_id: from, new_owner_app_id: to, ...withMetadata(metadata) },
  };
}

export function requestThreadControl(pageId: string, psid: string, timestamp: number, requester: string, metadata: string | null): MessagingEvent {
  return {
    sender: { id: psid },
    recipient: { id: pageId },
    timestamp,
    request_thread_control: { requested_owner_app_id: numericAppId(requester), ...withMetadata(metadata) },
  };
}

export function appRoles(pageId: string, timestamp: number, roles: Record<string, string[]>): MessagingEvent {
  return { recipient: { id: pageId }, timestamp, app_roles: roles };
}

/** The user's PSID of an event: the sender of what users do, the recipient of echoes; null for `app_roles`. */
export function psidOf(event: MessagingEvent, pageId: string): string | null {
  const sender = (event['sender'] as { id?: unknown } | undefined)?.id;
  if (sender !== undefined && String(sender) !== pageId) return String(sender);
  const recipient = (event['recipient'] as { id?: unknown } | undefined)?.id;
  return recipient !== undefined && String(recipient) !== pageId ? String(recipient) : null;
}

/** The kind of a recorded event, for logs, traces and filters. */
export function eventKind(event: MessagingEvent): string {
  for (const key of ['pass_thread_control', 'take_thread_control', 'request_thread_control', 'app_roles', 'postback', 'referral', 'read', 'delivery', 'reaction'] as const) {
    if (key in event) return key;
  }
  const message = event['message'] as { is_echo?: boolean; is_deleted?: boolean } | undefined;
  if (message) return message.is_echo ? 'message_echo' : message.is_deleted ? 'message_deleted' : 'message';
  return 'unknown';
}
