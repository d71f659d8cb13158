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
  for (const key of ['pass_thread_control', 'take_thread_control', 'request_thread_control', 'app_roles', 'postback'] as const) {
    if (key in event) return key;
  }
  const message = event['message'] as { is_echo?: boolean } | undefined;
  if (message) return message.is_echo ? 'message_echo' : 'message';
  return 'unknown';
}
