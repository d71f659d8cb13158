import type { CheckScope } from './check-scope.js';
import { GRAPH_ERRORS } from '../../fake-graph-api/graph-errors.js';
import { itemsOfEnvelope } from '../../machines/apps/webhook-parser.js';
import type { ObservedCall } from './graph-observer.js';
import type { Delivery, Harness, Mark } from './harness.js';

/**
 * The lines of a report that show why: each webhook POST to the bot (what it carried, how it answered)
 * and each Graph call the bot made (what it asked, what the fake answered), in time order, relative to
 * the start of the check.
 */
export function excerpt(h: CheckScope, mark: Mark, filter: { psids?: readonly string[] } = {}): string[] {
  const about = (psids: readonly string[]) => !filter.psids || psids.length === 0 || psids.some((p) => filter.psids!.includes(p));
  const lines: { at: number; text: string }[] = [];
  for (const d of h.deliveriesSince(mark)) if (about(d.psids)) lines.push({ at: d.at, text: describeDelivery(h, d) });
  for (const c of h.botCallsSince(mark)) if (about(c.psid === null ? [] : [c.psid])) lines.push({ at: c.at, text: describeCall(h, c) });
  lines.sort((a, b) => a.at - b.at);
  const width = 7;
  return lines.map((l) => `${`+${Math.max(0, l.at - mark.at)}ms`.padStart(width)}  ${l.text}`);
}

function name(h: CheckScope, appId: unknown): string {
  if (appId === null || appId === undefined) return 'none';
  const id = String(appId);
  return id === h.bot.appId ? 'the bot' : h.platform.appName(h.pageId, id);
}

const quote = (text: unknown, max = 60) => {
  const s = String(text);
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
};

function describeItem(h: CheckScope, item: Record<string, unknown>): string {
  const o = (v: unknown) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  if ('pass_thread_control' in item) {
    const p = o(item['pass_thread_control']);
    return `pass_thread_control from ${name(h, p['previous_owner_app_id'])} to ${name(h, p['new_owner_app_id'])}`;
  }
  if ('take_thread_control' in item) return `take_thread_control by ${name(h, o(item['take_thread_control'])['new_owner_app_id'])}`;
  if ('request_thread_control' in item) return `request_thread_control from ${name(h, o(item['request_thread_control'])['requested_owner_app_id'])}`;
  if ('app_roles' in item) return `app_roles ${JSON.stringify(item['app_roles'])}`;
  if ('postback' in item) {
    const p = o(item['postback']);
    return `postback ${quote(p['title'])}${'payload' in p ? ` payload ${quote(p['payload'])}` : ' (no payload)'}`;
  }
  if ('referral' in item) {
    const r = o(item['referral']);
    return `referral from ${r['source'] === 'ADS' ? `ad ${String(r['ad_id'])}` : 'an m.me link'}${'ref' in r ? ` ref ${quote(r['ref'])}` : ''}`;
  }
  if ('read' in item) return `read up to ${String(o(item['read'])['watermark'])}`;
  if ('delivery' in item) return `delivery of ${JSON.stringify(o(item['delivery'])['mids'] ?? [])}`;
  const m = o(item['message']);
  if (m['is_echo'] === true) return `echo of ${name(h, m['app_id'])}'s ${quote(m['text'] ?? '')}`;
  if ('quick_reply' in m) return `quick reply ${quote(m['text'] ?? '')} payload ${quote(o(m['quick_reply'])['payload'])} mid ${String(m['mid'])}`;
  if (Array.isArray(m['attachments'])) {
    const types = (m['attachments'] as unknown[]).map((a) => String(o(a)['type']));
    return `${'sticker_id' in m ? `sticker ${String(m['sticker_id'])}` : `attachment (${types.join(', ')})`} mid ${String(m['mid'])}`;
  }
  return `message ${quote(m['text'] ?? '')} mid ${String(m['mid'])}`;
}

function describeDelivery(h: CheckScope, d: Delivery): string {
  let body: unknown;
  try {
    body = JSON.parse(d.body);
  } catch {
    body = {};
  }
  const items = itemsOfEnvelope(body).map((i) => `[${i.channel}] ${describeItem(h, i.item)}`);
  const what = items.length === 1 ? items[0]! : `${items.length} events in one POST: ${items.join('; ')}`;
  const answer = deliveryAnswer(d) ?? 'no answer';
  const psids = [...new Set(d.psids)];
  return `→ webhook${d.label ? ` (${d.label})` : ''} ${what}${psids.length ? ` for ${psids.join(', ')}` : ''}: bot answered ${answer} in ${d.latencyMs} ms`;
}

export function describeCall(h: CheckScope, c: ObservedCall): string {
  const p = c.params;
  const message = (p['message'] ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (c.psid) parts.push(`to ${c.psid}`);
  if (c.edge === 'messages') {
    if (typeof message === 'object' && message !== null && 'text' in message) parts.push(`text ${quote(message['text'])}`);
    else if (typeof message === 'string') parts.push(`message ${quote(message)}`);
    if (p['sender_action']) parts.push(`sender_action ${String(p['sender_action'])}`);
  }
  if ('target_app_id' in p) parts.push(`target_app_id ${String(p['target_app_id'])} (${name(h, p['target_app_id'])})`);
  if ('metadata' in p) parts.push(`metadata ${typeof p['metadata'] === 'string' ? quote(p['metadata']) : JSON.stringify(p['metadata'])}`);
  if ('subscribed_fields' in p) parts.push(`subscribed_fields ${String(p['subscribed_fields'])}`);
  return `← bot calls ${c.method} ${c.path}${parts.length ? ` ${parts.join(', ')}` : ''}: ${answerOf(c)}`;
}

export function answerOf(c: ObservedCall): string {
  if (c.status === 200) return '200 OK';
  const error = (c.response as { error?: { code?: number; error_subcode?: number; message?: string } } | undefined)?.error;
  return `${c.status} ${error?.message ?? ''}${error?.error_subcode ? ` (subcode ${error.error_subcode})` : ''}`.trim();
}

/** A webhook POST the bot answered 2xx. */
export const isOk = (d: Delivery): boolean => d.status !== undefined && d.status >= 200 && d.status < 300;

/** How the bot answered a webhook POST: `HTTP 200`, or why there was no answer (`timeout after 5000 ms`, `ECONNREFUSED`, …). */
export const deliveryAnswer = (d: Delivery): string | undefined => (d.status === undefined ? d.error : `HTTP ${d.status}`);

/** A call refused because another app owns the thread: the catalogue's `send_not_owner`, (#10) 2018300. */
export const isNotOwnerRefusal = (c: ObservedCall) =>
  (c.response as { error?: { error_subcode?: number } } | undefined)?.error?.error_subcode === GRAPH_ERRORS.send_not_owner.subcode;

/** A send refused because the thread was idle and the caller is not the default application (Conversation Routing). */
export const isIdleSendRefusal = (c: ObservedCall) =>
  (c.response as { error?: { error_subcode?: number } } | undefined)?.error?.error_subcode === GRAPH_ERRORS.send_idle_not_default_app.subcode;

/** A Send API call carrying a message (sender actions are not replies). */
export const isSend = (c: ObservedCall) => c.edge === 'messages' && c.method === 'POST' && c.params['message'] !== undefined;
