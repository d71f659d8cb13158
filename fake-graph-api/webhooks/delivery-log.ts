import type { Channel } from '../../machines/platform/index.js';
import { RetainedLog, type LogPage, type Retention } from '../retained-log.js';

/**
 * Every event sent to a webhook, with each attempt and its final state: nothing is lost silently.
 * Served by GET /__admin/deliveries. Events of apps without a webhook are not here: they are only
 * recorded (GET /__admin/events), as the Page Inbox and simulated apps hear them in-process.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed';
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const satisfies readonly DeliveryState[];

export interface DeliveryAttempt {
  /** When the POST was sent, on the dispatcher's clock (epoch ms, virtual in simulations). */
  time: number;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** Why there was no answer: `timeout after 5000 ms`, `ECONNREFUSED`, … */
  error?: string;
  /** Wall-clock milliseconds from sending to the answer or the error. */
  latencyMs: number;
  /** How many events travelled in this POST. */
  batchSize: number;
}

export interface DeliveryRecord {
  /** The event's index in GET /__admin/events. */
  eventIndex: number;
  appId: string;
  appName: string;
  pageId: string;
  channel: Channel;
  /** `message`, `postback`, `message_echo`, `pass_thread_control`, … */
  kind: string;
  psid: string | null;
  url: string;
  state: DeliveryState;
  /** Why it failed: the last error, `app unsubscribed from page …`, `stopped before delivery`, … */
  reason?: string;
  /** When the platform produced the event (dispatcher clock). */
  queuedAt: number;
  /** When it reached its final state. */
  settledAt?: number;
  attempts: DeliveryAttempt[];
}

export interface DeliveryFilter {
  state?: DeliveryState;
  appId?: string;
  pageId?: string;
}

/** Settled records beyond the retention are dropped oldest first (and counted); a pending one lives on in its queue. */
export class DeliveryLog {
  private readonly records: RetainedLog<DeliveryRecord>;
  private pendingCount = 0;

  constructor(retain: Retention = 'all') {
    this.records = new RetainedLog(retain);
  }

  add(record: DeliveryRecord): DeliveryRecord {
    this.records.push(record);
    if (record.state === 'pending') this.pendingCount++;
    return record;
  }

  attempt(record: DeliveryRecord, attempt: DeliveryAttempt): void {
    record.attempts.push(attempt);
  }

  settle(record: DeliveryRecord, state: 'delivered' | 'failed', time: number, reason?: string): void {
    if (record.state !== 'pending') return;
    record.state = state;
    record.settledAt = time;
    if (reason !== undefined) record.reason = reason;
    this.pendingCount--;
  }

  get pending(): number {
    return this.pendingCount;
  }

  /** Records ever logged, kept now, and dropped by the retention policy. */
  get counts(): { total: number; retained: number; dropped: number } {
    return { total: this.records.total, retained: this.records.size, dropped: this.records.dropped };
  }

  list(filter: DeliveryFilter = {}): DeliveryRecord[] {
    return this.records.toArray().filter(matches(filter));
  }

  /** One page of kept records after sequence number `after`, for GET /__admin/deliveries?after=…&limit=…. */
  page(after: number, limit: number, filter: DeliveryFilter = {}): LogPage<DeliveryRecord> {
    return this.records.page(after, limit, matches(filter));
  }

  clear(): void {
    this.records.clear();
    this.pendingCount = 0;
  }
}

const matches = (filter: DeliveryFilter) => (r: DeliveryRecord): boolean =>
  (filter.state === undefined || r.state === filter.state)
  && (filter.appId === undefined || r.appId === filter.appId)
  && (filter.pageId === undefined || r.pageId === filter.pageId);
