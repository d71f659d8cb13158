import type { CheckScope } from './check-scope.js';
import { envelope, type EnvelopeItem } from '../../fake-graph-api/webhooks/envelope.js';
import { psidOf } from '../../fake-graph-api/webhooks/event-shapes.js';
import type { ObservedCall } from './graph-observer.js';
import type { Harness, Mark } from './harness.js';

/**
 * Meta batches events "during periods of high load" (protocol.md §2.1): several entries per POST, several
 * events per entry. A bot must handle each as it handles the same event alone; the classic bug reads
 * `entry[0].messaging[0]` and drops the rest while still answering 200. So a batched event is compared
 * with its twin sent alone (same content, a thread of its own): the bot's Graph calls for each thread,
 * recipient aside, must be the same.
 */
export interface Twin {
  /** What the event is, in the report: `message "hello"`, `standby postback`. */
  what: string;
  /** The bot's reaction to the event when it came alone. */
  alone: string[];
  /** The same event for another thread, to travel in the batch. */
  item: EnvelopeItem;
}

/** The bot's Graph calls about one thread since a mark, as comparable lines (the thread itself left out). */
export function reactionOf(h: CheckScope, psid: string, since: Mark): string[] {
  return h.botCallsSince(since).filter((c) => c.psid === psid).map(callShape);
}

const callShape = (c: ObservedCall): string => {
  const { recipient: _recipient, access_token: _token, ...rest } = c.params;
  return `${c.method} ${c.edge} ${JSON.stringify(rest)} → ${c.status}`;
};

/** Where each item sits in the POST the harness builds from them: `entry[1].standby[0]`. */
export function positions(items: readonly EnvelopeItem[]): string[] {
  const { entry } = envelope(items, 0);
  return entry.flatMap((e, i) => (['messaging', 'standby'] as const).flatMap((channel) => (e[channel] ?? []).map((_, j) => `entry[${i}].${channel}[${j}]`)));
}

/** The batched events handled differently from their twins alone, in words; empty when all match. */
export function differences(h: CheckScope, twins: readonly Twin[], since: Mark): string[] {
  const where = positions(twins.map((t) => t.item));
  const out: string[] = [];
  twins.forEach((twin, i) => {
    const batched = reactionOf(h, psidOf(twin.item.event, twin.item.pageId) ?? '', since);
    if (sameLines(batched, twin.alone)) return;
    out.push(batched.length === 0
      ? `dropped ${where[i]} (${twin.what})`
      : `handled ${where[i]} (${twin.what}) differently: alone ${describe(twin.alone)}, in the batch ${describe(batched)}`);
  });
  return out;
}

const describe = (lines: readonly string[]) => (lines.length === 0 ? 'no call' : lines.join(' + '));

const sameLines = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((line, i) => line === b[i]);
