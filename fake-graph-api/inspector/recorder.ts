import type { Platform } from '../platform.js';
import type { DeliveryRecord } from '../webhooks/delivery-log.js';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { TimelineBuilder, type PlatformRecord, type TimelineStep } from './timeline.js';

/**
 * Listens to the platform from the moment it is created and keeps the steps of every thread, for the
 * live inspector page and for traces. Bounded: past `limit` steps (default 20 000, up to a quarter more
 * between trims) the oldest are dropped.
 */
export interface TimelineRecorder {
  /** Steps in order; with a thread, its own steps and the page-wide ones. Delivery steps carry their status. */
  steps(thread?: { pageId: string; psid: string }): TimelineStep[];
  /** Every platform record seen, in order (for adapters that want the raw log). */
  records(): readonly PlatformRecord[];
  /** Called after every new step (and after a reset); returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  close(): void;
}

export interface RecorderOptions {
  /** When the server sends webhooks: delivery steps show what became of each POST. */
  dispatcher?: WebhookDispatcher;
  limit?: number;
}

/** A delivery as people read it: `delivered 200`, `pending · 2 attempts (last 500)`, `failed: timeout after 5000 ms`. */
export function deliveryStatus(record: DeliveryRecord | undefined): string {
  if (!record) return 'recorded (no webhook)';
  const last = record.attempts.at(-1);
  const answer = last === undefined ? '' : last.status !== undefined ? String(last.status) : last.error ?? '';
  if (record.state === 'delivered') return `delivered ${answer}`.trim();
  if (record.state === 'failed') return `failed: ${record.reason ?? answer}`;
  const attempts = record.attempts.length;
  return attempts === 0 ? 'pending' : `pending · ${attempts} attempt${attempts === 1 ? '' : 's'} (last ${answer})`;
}

export function recordTimeline(platform: Platform, options: RecorderOptions = {}): TimelineRecorder {
  const limit = options.limit ?? 20_000;
  const newBuilder = () => new TimelineBuilder((pageId, appId) => platform.appName(pageId, appId));
  let builder = newBuilder();
  // Records are only kept as they come (a push); steps are built when someone looks, so a server nobody
  // inspects pays almost nothing for it.
  let records: PlatformRecord[] = [];
  let built = 0;
  let steps: TimelineStep[] = [];
  let lastIndex = -1;
  const listeners = new Set<() => void>();
  const keep = (record: PlatformRecord) => {
    records.push(record);
    // Trimmed in chunks, not one at a time: a long run must not copy the whole buffer on every event.
    if (records.length > limit * 1.25) {
      const drop = records.length - limit;
      records = records.slice(drop);
      built = Math.max(0, built - drop);
    }
    for (const listener of listeners) listener();
  };
  const build = () => {
    for (; built < records.length; built++) steps.push(...builder.add(records[built]!));
    if (steps.length > limit * 1.25) steps = steps.slice(steps.length - limit);
  };
  // The platform's event log restarts at 0 after POST /__admin/reset: so does the timeline.
  const restart = () => {
    builder = newBuilder();
    records = [];
    built = 0;
    steps = [];
    lastIndex = -1;
  };
  const offEvent = platform.onEvent((event, index) => {
    if (index <= lastIndex) restart();
    lastIndex = index;
    keep({ type: 'event', time: platform.clock.now(), event, index });
  });
  const offTransition = platform.onTransition((transition) => {
    if (platform.totalEvents <= lastIndex) restart();
    keep({ type: 'transition', time: platform.clock.now(), transition });
  });

  const statusOf = (step: TimelineStep, deliveries: Map<string, DeliveryRecord>): TimelineStep => {
    if (step.eventIndex === undefined) return step;
    if (!options.dispatcher) return { ...step, status: 'recorded' };
    return { ...step, status: deliveryStatus(deliveries.get(`${step.eventIndex}/${step.to}`)) };
  };

  return {
    steps(thread) {
      build();
      const deliveries = new Map((options.dispatcher?.deliveries() ?? []).map((d) => [`${d.eventIndex}/${d.appId}`, d]));
      const chosen = thread
        ? steps.filter((s) => s.pageId === thread.pageId && (s.psid === thread.psid || s.psid === null))
        : steps;
      return chosen.map((s) => statusOf(s, deliveries));
    },
    records: () => records,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      offEvent();
      offTransition();
      listeners.clear();
    },
  };
}
