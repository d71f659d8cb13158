import type { Channel } from '../../machines/platform/index.js';
import type { MessagingEvent } from './event-shapes.js';

/**
 * Meta's webhook envelope (protocol.md §2.1): `{"object":"page","entry":[{"id","time","messaging"|"standby"}]}`;
 * on Instagram `"object":"instagram"` and `entry[].id` the Instagram account's id (§2.7, S60). One POST
 * carries one object: the delivery queues keep the objects apart.
 * Several events may travel in one POST, as Meta does "during periods of high load": either one entry
 * per event (`entries`) or consecutive events of one page and channel sharing an entry (`items`).
 */
export interface EnvelopeItem {
  pageId: string;
  channel: Channel;
  event: MessagingEvent;
}

export type BatchLayout = 'entries' | 'items';

export interface Entry {
  id: string;
  time: number;
  messaging?: MessagingEvent[];
  standby?: MessagingEvent[];
}

export interface Envelope {
  object: 'page' | 'instagram';
  entry: Entry[];
}

export function envelope(items: readonly EnvelopeItem[], time: number, layout: BatchLayout = 'items', object: Envelope['object'] = 'page'): Envelope {
  const entry: Entry[] = [];
  let last: EnvelopeItem | undefined;
  for (const item of items) {
    const previous = entry[entry.length - 1];
    if (layout === 'items' && previous && last && last.pageId === item.pageId && last.channel === item.channel) {
      previous[item.channel]!.push(item.event);
    } else {
      entry.push({ id: item.pageId, time, [item.channel]: [item.event] });
    }
    last = item;
  }
  return { object, entry };
}
