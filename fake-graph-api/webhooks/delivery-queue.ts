import { performance } from 'node:perf_hooks';
import type { DeliveryAttempt, DeliveryLog, DeliveryRecord } from './delivery-log.js';
import { envelope, type BatchLayout, type Envelope, type EnvelopeItem } from './envelope.js';
import { metaStringify } from './meta-json.js';
import { retryDelay, type RetrySchedule } from './retry-schedule.js';
import { webhookHeaders } from './signature.js';
import type { TimerClock } from './timer-clock.js';
import { describeFetchError, type FetchLike } from './verification.js';

/**
 * One app's outbox: its events in the order they happened, one POST in flight at a time, so the events
 * of a thread reach the app in order even across retries. A failed POST is retried on the schedule;
 * after an hour of continuous failure the app is unsubscribed from the page(s) of the failing events.
 */
export interface BatchOptions {
  /** Most events in one POST (default 1: batching off). */
  maxEvents?: number;
  /** How long the first event of an idle queue waits for others to join its POST (default 0). */
  maxWaitMs?: number;
  /** `items` (default): consecutive events of one page and channel share an entry; `entries`: one entry each. */
  layout?: BatchLayout;
}

export interface DeliveryReport {
  record: DeliveryRecord;
  /** The attempt just made; absent when the event failed without one (app not subscribed, stopped). */
  attempt?: DeliveryAttempt;
  outcome: 'delivered' | 'retrying' | 'failed';
  /** With `retrying`: the wait before the next attempt. */
  retryInMs?: number;
}

export interface WebhookTarget {
  appId: string;
  url: string;
  appSecret: string;
  /** The webhook object of every event of this queue (`page`, or `instagram`: one object per POST). */
  object?: Envelope['object'];
}

export interface QueuedEvent {
  record: DeliveryRecord;
  item: EnvelopeItem;
}

/** What a queue needs from its dispatcher. */
export interface QueueContext {
  clock: TimerClock;
  fetch: FetchLike;
  timeoutMs: number;
  batch: Required<BatchOptions>;
  retry: RetrySchedule;
  log: DeliveryLog;
  report(report: DeliveryReport): void;
  /** The hour is up: unsubscribe the app from these pages; answers why, for the records. */
  unsubscribe(appId: string, pageIds: readonly string[], lastError: string): string;
  /** A record was settled: the dispatcher wakes whoever waits for the queue to drain. */
  settled(): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

interface Batch {
  events: QueuedEvent[];
  body: string;
  headers: Record<string, string>;
}

export class DeliveryQueue {
  private items: QueuedEvent[] = [];
  private current: Batch | undefined;
  private timer: unknown;
  private failures = 0;
  private failingSince: number | undefined;
  private closed = false;
  private stopping = false;
  /** Set when the drain deadline passed: no more attempts, and why the rest was not delivered. */
  private expired: string | undefined;
  private pumpScheduled = false;
  /** The POST in flight, if any. */
  inFlight: Promise<boolean> | undefined;
  private abort: AbortController | undefined;

  constructor(
    readonly target: WebhookTarget,
    private readonly ctx: QueueContext,
  ) {}

  get size(): number {
    return this.items.length + (this.current?.events.length ?? 0);
  }

  enqueue(event: QueuedEvent): void {
    this.items.push(event);
    const { maxEvents, maxWaitMs } = this.ctx.batch;
    const waitForMore = maxEvents > 1 && maxWaitMs > 0 && this.items.length < maxEvents && !this.current && !this.inFlight;
    if (waitForMore) {
      this.timer ??= this.ctx.setTimer(() => {
        this.timer = undefined;
        this.pump();
      }, maxWaitMs);
      return;
    }
    if (this.items.length >= maxEvents && this.timer !== undefined && !this.current) {
      this.ctx.clearTimer(this.timer);
      this.timer = undefined;
    }
    this.schedulePump();
  }

  /** Pumps after the current synchronous burst, so events produced by one request can share a POST. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed || this.stopping || this.inFlight || this.timer !== undefined) return;
    const batch = this.current ?? this.nextBatch();
    if (!batch) return;
    this.inFlight = this.guardedAttempt(batch).finally(() => {
      this.inFlight = undefined;
    });
    void this.inFlight.then(() => this.pump());
  }

  /**
   * The next batch to send, its body serialized and signed. An event that cannot be serialized (a bug:
   * bodies are depth-limited on the way in) fails alone, with the reason, and the queue goes on.
   */
  private nextBatch(): Batch | undefined {
    while (this.items.length > 0) {
      const events = this.items.splice(0, this.ctx.batch.maxEvents);
      try {
        const body = metaStringify(envelope(events.map((e) => e.item), this.ctx.clock.now(), this.ctx.batch.layout, this.target.object));
        // Built once per batch: every retry sends the same bytes under the same signatures.
        const headers = webhookHeaders(this.target.appSecret, body);
        this.current = { events, body, headers };
        return this.current;
      } catch (err) {
        for (const { record } of events) this.settle(record, 'failed', undefined, `internal error: the webhook body could not be built: ${describe(err)}`);
      }
    }
    return undefined;
  }

  /** An attempt that throws (a bug in a listener or the log) fails its batch with the reason; this queue and the others go on. */
  private async guardedAttempt(batch: Batch): Promise<boolean> {
    try {
      return await this.attempt(batch);
    } catch (err) {
      if (this.current === batch) this.current = undefined;
      for (const { record } of batch.events) {
        try {
          this.settle(record, 'failed', undefined, `internal error while delivering: ${describe(err)}`);
        } catch {
          // the report listener itself throws: the record is settled in the log all the same
        }
      }
      return false;
    }
  }

  /** One POST of the batch; true when the app answered 2xx. */
  private async attempt(batch: Batch): Promise<boolean> {
    const { clock, timeoutMs } = this.ctx;
    const time = clock.now();
    const started = performance.now();
    const abort = (this.abort = new AbortController());
    const timeout = this.ctx.setTimer(() => abort.abort(`timeout after ${timeoutMs} ms`), timeoutMs);
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await this.ctx.fetch(this.target.url, { method: 'POST', headers: batch.headers, body: batch.body, signal: abort.signal });
      status = response.status;
      await response.arrayBuffer(); // read to the end so the connection is reused
    } catch (err) {
      if (status === undefined) error = describeFetchError(err, abort.signal);
    } finally {
      this.ctx.clearTimer(timeout);
      this.abort = undefined;
    }
    if (this.closed) return false; // reset while in flight: the records are gone
    const attempt: DeliveryAttempt = {
      time,
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
      batchSize: batch.events.length,
    };
    const ok = status !== undefined && status >= 200 && status < 300;
    for (const { record } of batch.events) this.ctx.log.attempt(record, attempt);
    if (ok) {
      this.current = undefined;
      this.failures = 0;
      this.failingSince = undefined;
      for (const { record } of batch.events) this.settle(record, 'delivered', attempt);
      return true;
    }
    this.failures++;
    this.failingSince ??= time;
    if (this.stopping) return false;
    const why = error ?? `HTTP ${status}`;
    const left = this.failingSince + this.ctx.retry.unsubscribeAfterMs - clock.now();
    if (left <= 0) {
      this.giveUp(batch, why, attempt);
      return false;
    }
    const delay = Math.min(retryDelay(this.failures, this.ctx.retry), left);
    for (const { record } of batch.events) this.ctx.report({ record, attempt, outcome: 'retrying', retryInMs: delay });
    this.timer = this.ctx.setTimer(() => {
      this.timer = undefined;
      this.pump();
    }, delay);
    return false;
  }

  /** An hour of failure: the batch fails, the app leaves its page(s), and their queued events fail with it. */
  private giveUp(batch: Batch, lastError: string, attempt: DeliveryAttempt): void {
    const pageIds = [...new Set(batch.events.map((e) => e.item.pageId))];
    const reason = this.ctx.unsubscribe(this.target.appId, pageIds, lastError);
    this.current = undefined;
    this.failures = 0;
    this.failingSince = undefined;
    for (const { record } of batch.events) this.settle(record, 'failed', attempt, `${lastError}; ${reason}`);
    const [dropped, kept] = partition(this.items, (e) => pageIds.includes(e.item.pageId));
    this.items = kept;
    for (const { record } of dropped) this.settle(record, 'failed', undefined, reason);
  }

  private settle(record: DeliveryRecord, state: 'delivered' | 'failed', attempt: DeliveryAttempt | undefined, reason?: string): void {
    this.ctx.log.settle(record, state, this.ctx.clock.now(), reason);
    this.ctx.report({ record, ...(attempt ? { attempt } : {}), outcome: state });
    this.ctx.settled();
  }

  /**
   * Stop: no more retries. With `flush`, each waiting batch gets one last immediate attempt, in order,
   * until one fails. Every event still undelivered then fails with `stopped before delivery`.
   */
  async stop(flush: boolean): Promise<DeliveryRecord[]> {
    this.stopping = true;
    if (this.timer !== undefined) {
      this.ctx.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.inFlight) await this.inFlight;
    if (flush) {
      for (let batch = this.current ?? this.nextBatch(); batch && this.expired === undefined; batch = this.current ?? this.nextBatch()) {
        if (!(await this.guardedAttempt(batch))) break;
      }
    }
    const left = [...(this.current?.events ?? []), ...this.items];
    this.current = undefined;
    this.items = [];
    const reason = this.expired === undefined ? 'stopped before delivery' : `stopped before delivery (${this.expired})`;
    for (const { record } of left) this.settle(record, 'failed', undefined, reason);
    return left.map((e) => e.record);
  }

  /** The drain deadline passed during stop(): abort the POST in flight and try nothing more. */
  expire(why: string): void {
    this.expired = why;
    this.abort?.abort(why);
  }

  /** Forget everything at once (admin reset): the records are cleared by the dispatcher. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.ctx.clearTimer(this.timer);
    this.timer = undefined;
    this.abort?.abort('reset');
    this.items = [];
    this.current = undefined;
  }
}

function partition<T>(list: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of list) (test(item) ? yes : no).push(item);
  return [yes, no];
}

const describe = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
