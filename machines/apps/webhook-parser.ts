import type { Channel, WebhookEvent } from './app-events.js';

/**
 * Reads one item of a webhook entry's `messaging` or `standby` array the way a careful bot does:
 * by the keys present, tolerating what standby leaves out (a postback's payload) and ids typed as
 * numbers or strings. Returns the thread (PSID) it concerns, or null for an item that names none.
 */
export interface ParsedItem {
  psid: string | null;
  event: WebhookEvent;
}

type Item = Record<string, unknown>;

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const obj = (v: unknown): Item => (v !== null && typeof v === 'object' ? (v as Item) : {});

export function parseWebhookItem(channel: Channel, item: Item): ParsedItem | null {
  const sender = str(obj(item['sender'])['id']);
  const recipient = str(obj(item['recipient'])['id']);
  if ('pass_thread_control' in item) {
    const p = obj(item['pass_thread_control']);
    return { psid: sender, event: { type: 'pass_thread_control', from: str(p['previous_owner_app_id']), to: str(p['new_owner_app_id']) ?? '', metadata: str(p['metadata']) } };
  }
  if ('take_thread_control' in item) {
    const p = obj(item['take_thread_control']);
    return { psid: sender, event: { type: 'take_thread_control', from: str(p['previous_owner_app_id']) ?? '', to: str(p['new_owner_app_id']), metadata: str(p['metadata']) } };
  }
  if ('request_thread_control' in item) {
    const p = obj(item['request_thread_control']);
    return { psid: sender, event: { type: 'request_thread_control', requester: str(p['requested_owner_app_id']) ?? '', metadata: str(p['metadata']) } };
  }
  if ('app_roles' in item) {
    return { psid: null, event: { type: 'app_roles', roles: obj(item['app_roles']) as Record<string, string[]> } };
  }
  if ('postback' in item) {
    const p = obj(item['postback']);
    return { psid: sender, event: { type: 'postback', channel, title: str(p['title']) ?? '', payload: str(p['payload']) } };
  }
  if ('message' in item) {
    const m = obj(item['message']);
    if (m['is_echo'] === true) {
      // An echo goes from the page to the user: the thread is the recipient.
      return { psid: recipient, event: { type: 'echo', channel, appId: str(m['app_id']) ?? '', text: str(m['text']) } };
    }
    return { psid: sender, event: { type: 'message', channel, text: str(m['text']) ?? '', mid: str(m['mid']) ?? '' } };
  }
  return null;
}

/** Every item of a webhook POST body (`{"object":"page","entry":[…]}`), with its channel. */
export function itemsOfEnvelope(body: unknown): { pageId: string; channel: Channel; item: Item }[] {
  const out: { pageId: string; channel: Channel; item: Item }[] = [];
  const entries = obj(body)['entry'];
  if (!Array.isArray(entries)) return out;
  for (const entry of entries) {
    const e = obj(entry);
    const pageId = str(e['id']) ?? '';
    for (const channel of ['messaging', 'standby'] as const) {
      const list = e[channel];
      if (Array.isArray(list)) for (const item of list) out.push({ pageId, channel, item: obj(item) });
    }
  }
  return out;
}
