import type { Platform } from '../platform.js';
import type { LogPage, Retention } from '../retained-log.js';
import { DeliveryLog, type DeliveryFilter, type DeliveryRecord } from './delivery-log.js';
import { DeliveryQueue, type BatchOptions, type DeliveryReport, type QueueContext } from './delivery-queue.js';
import type { Envelope } from './envelope.js';
import { eventKind, psidOf, type RecordedEvent } from './event-shapes.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry-schedule.js';
import { realTimerClock, type TimerClock } from './timer-clock.js';
import { describeFetchError, handshake, type FetchLike, type VerifyResult } from './verification.js';

/**
 * Carries the platform's webhook events to the apps' real servers, as Meta does: it listens to
 * `platform.onEvent` (routing is already decided there, by machines/platform/routing.ts) and posts
 * each event to the webhook of the app it was recorded for, signed, in order, with retries.
 * Apps without a webhook are left out: their events are only recorded (GET /__admin/events).
 */
export interface WebhookDispatcherOptions {
  /** Timers and `now` for timeouts, retries and the unsubscribe hour. Give the Platform the same clock. */
  clock?: TimerClock;
  /** A POST (or handshake) not answered within this is a failure (default 5 000 ms). */
  timeoutMs?: number;
  batch?: BatchOptions;
  retry?: RetryOptions;
  /** Called after every attempt, for every event it carried, and when an event fails without one. */
  onDelivery?: (report: DeliveryReport) => void;
  /** Told when an app is unsubscribed from a page (after an hour of failure, or a failed handshake). */
  onLog?: (message: string) => void;
  /** The HTTP client (default: the global fetch). */
  fetch?: FetchLike;
  /** Which delivery records GET /__admin/deliveries keeps (default all); settled ones beyond are dropped and counted. */
  retainDeliveries?: Retention;
}

export interface StopOptions {
  /** Try each waiting event once more (default true). */
  flush?: boolean;
  /** Give up flushing after this long (dispatcher clock): the POST in flight is aborted and the rest fails. */
  deadlineMs?: number;
}

export type SubscriptionState = 'subscribed' | 'verification_failed' | 'unsubscribed';

export interface Subscription {
  pageId: string;
  appId: string;
  appName: string;
  url: string;
  fields: string[];
  state: SubscriptionState;
  reason?: string;
}

export interface WebhookDispatcher {
  /** Start carrying the platform's events (wires `deliver` to `platform.onEvent`; events produced before are not sent). */
  start(): void;
  /**
   * Queue one recorded event for its app's webhook, as start() does for every platform event. For callers
   * that feed events themselves instead of calling start(). Undefined when the app has no webhook.
   */
  deliver(event: RecordedEvent, index: number): DeliveryRecord | undefined;
  /** Runs the handshake with one app's webhook on one page; subscribes it on success, unsubscribes it on failure. */
  verify(pageId: string, appId: string): Promise<VerifyResult>;
  /** The handshake with every app of the world that has a webhook. */
  verifyAll(): Promise<VerifyResult[]>;
  /** Resolves once every queued event is delivered or failed (on a virtual clock, advance it meanwhile). */
  drain(): Promise<void>;
  /** Resolves once no POST is in flight and none is about to start (timers may still be pending). */
  idle(): Promise<void>;
  /** When the next timer (retry, batch wait, request timeout) is due, on the dispatcher's clock. */
  nextTimerAt(): number | undefined;
  /**
   * Stop; with `flush` (default) try each waiting event once more, until `deadlineMs` if given. What is still
   * undelivered fails and is returned, with the events the platform produced while stopping (never sent).
   */
  stop(opts?: StopOptions): Promise<{ pending: DeliveryRecord[] }>;
  deliveries(filter?: DeliveryFilter): DeliveryRecord[];
  /** One page of delivery records after sequence number `after` (GET /__admin/deliveries?after=…&limit=…). */
  deliveriesPage(after: number, limit: number, filter?: DeliveryFilter): LogPage<DeliveryRecord>;
  /** Records ever logged, kept, dropped by retention, and still pending. */
  deliveryCounts(): { total: number; retained: number; dropped: number; pending: number };
  subscriptions(): Subscription[];
  /** Forget deliveries and queues; subscriptions lost to failure come back (handshake results stay). */
  reset(): void;
}

interface SubscriptionEntry {
  state: SubscriptionState;
  reason?: string;
}

export function createWebhookDispatcher(platform: Platform, options: WebhookDispatcherOptions = {}): WebhookDispatcher {
  const clock = options.clock ?? realTimerClock;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const onLog = options.onLog ?? (() => {});
  const log = new DeliveryLog(options.retainDeliveries ?? 'all');
  const timers = new Map<unknown, number>(); // handle -> due time
  const subscriptionState = new Map<string, SubscriptionEntry>(); // `${pageId}/${appId}`
  let queues = new Map<string, DeliveryQueue>();
  let drainWaiters: (() => void)[] = [];
  let stopListening: (() => void) | undefined;
  let stopped = false;
  /** Events produced after stop() began: recorded as failed, never sent, and reported by stop(). */
  let producedWhileStopping: DeliveryRecord[] | undefined;

  const key = (pageId: string, appId: string) => `${pageId}/${appId}`;
  const subscription = (pageId: string, appId: string) => subscriptionState.get(key(pageId, appId)) ?? { state: 'subscribed' as const };

  const setTimer = (fn: () => void, ms: number): unknown => {
    const handle: unknown = clock.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.set(handle, clock.now() + ms);
    return handle;
  };
  const clearTimer = (handle: unknown) => {
    timers.delete(handle);
    clock.clearTimeout(handle);
  };

  const wakeDrainWaiters = () => {
    if (log.pending > 0 || drainWaiters.length === 0) return;
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const context: QueueContext = {
    clock,
    fetch: fetchImpl,
    timeoutMs,
    batch: { maxEvents: 1, maxWaitMs: 0, layout: 'items', ...options.batch },
    retry: { ...DEFAULT_RETRY, ...options.retry },
    log,
    report: (report) => options.onDelivery?.(report),
    unsubscribe: (appId, pageIds, lastError) => {
      const hours = context.retry.unsubscribeAfterMs / 3_600_000;
      const span = hours === 1 ? '1 h' : `${context.retry.unsubscribeAfterMs} ms`;
      const reason = `app unsubscribed from page ${pageIds.join(', ')} after ${span} of failed deliveries`;
      for (const pageId of pageIds) {
        subscriptionState.set(key(pageId, appId), { state: 'unsubscribed', reason });
        onLog(`webhooks: ${platform.appName(pageId, appId)} (${appId}) unsubscribed from page ${pageId} after ${span} of failed deliveries (last: ${lastError})`);
      }
      return reason;
    },
    settled: wakeDrainWaiters,
    setTimer,
    clearTimer,
  };

  const queueFor = (appId: string, url: string, appSecret: string, object: Envelope['object']): DeliveryQueue => {
    // One queue per app, callback and webhook object: an app on several pages with one URL (Meta's case) keeps
    // one order; its Instagram events travel apart, since an envelope has one `object` (protocol.md §2.7).
    const id = object === 'page' ? `${appId} ${url} ${appSecret}` : `${appId} ${url} ${appSecret} ${object}`;
    let queue = queues.get(id);
    if (!queue) queues.set(id, (queue = new DeliveryQueue({ appId, url, appSecret, ...(object !== 'page' && { object }) }, context)));
    return queue;
  };

  /** One event's failure to be queued is that event's failure, logged; never the request's or the process's. */
  const onEvent = (recorded: RecordedEvent, index: number): DeliveryRecord | undefined => {
    try {
      return queueEvent(recorded, index);
    } catch (err) {
      const reason = `internal error while queueing: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
      onLog(`webhooks: event ${index} for app ${recorded.appId} FAILED: ${reason}`);
      return undefined;
    }
  };

  const queueEvent = (recorded: RecordedEvent, index: number): DeliveryRecord | undefined => {
    const app = platform.app(recorded.pageId, recorded.appId);
    if (!app?.webhook || !app.appSecret) return undefined;
    const { event, pageId, appId, channel } = recorded;
    const record = log.add({
      eventIndex: index,
      appId,
      appName: app.name,
      pageId,
      channel,
      kind: eventKind(event),
      psid: psidOf(event, pageId),
      url: app.webhook.url,
      state: 'pending',
      queuedAt: clock.now(),
      attempts: [],
    });
    if (producedWhileStopping) {
      log.settle(record, 'failed', clock.now(), 'produced while the server was stopping: not sent');
      producedWhileStopping.push(record);
      context.report({ record, outcome: 'failed' });
      return record;
    }
    const sub = subscription(pageId, appId);
    if (sub.state !== 'subscribed') {
      log.settle(record, 'failed', clock.now(), `not subscribed: ${sub.reason ?? sub.state}`);
      context.report({ record, outcome: 'failed' });
      return record;
    }
    const object = platform.channelOf(pageId)?.webhookObject ?? 'page';
    queueFor(appId, app.webhook.url, app.appSecret, object).enqueue({ record, item: { pageId, channel, event } });
    return record;
  };

  const verify = async (pageId: string, appId: string): Promise<VerifyResult> => {
    const app = platform.app(pageId, appId);
    if (!app?.webhook) throw new Error(`app ${appId} has no webhook on page ${pageId}`);
    const base = { pageId, appId, appName: app.name, url: app.webhook.url };
    const abort = new AbortController();
    const timer = setTimer(() => abort.abort(`timeout after ${timeoutMs} ms`), timeoutMs);
    let outcome: { ok: boolean; status?: number; reason?: string };
    try {
      outcome = await handshake(app.webhook, fetchImpl, abort.signal);
    } catch (err) {
      outcome = { ok: false, reason: describeFetchError(err, abort.signal) };
    } finally {
      clearTimer(timer);
    }
    if (outcome.ok) {
      subscriptionState.delete(key(pageId, appId));
    } else {
      const reason = `webhook verification failed: ${outcome.reason}`;
      subscriptionState.set(key(pageId, appId), { state: 'verification_failed', reason });
      onLog(`webhooks: ${app.name} (${appId}) on page ${pageId} FAILED the handshake at ${app.webhook.url}: ${outcome.reason}; not subscribed`);
    }
    return { ...base, ...outcome };
  };

  /** Every app's webhook on every account: a Page's apps, then the same apps' Instagram subscriptions. */
  const webhookApps = () =>
    platform.world.pages.flatMap((page) => {
      const accounts = [{ id: page.id, apps: page.apps }, ...(page.instagram ? [page.instagram] : [])];
      return accounts.flatMap(({ id, apps }) => apps.flatMap(({ id: appId }) => {
        const app = platform.app(id, appId);
        return app?.webhook ? [{ pageId: id, app, webhook: app.webhook }] : [];
      }));
    });

  return {
    start() {
      if (stopListening || stopped) return;
      stopListening = platform.onEvent((event, index) => void onEvent(event, index));
    },
    deliver: (event, index) => (stopped ? undefined : onEvent(event, index)),
    verify,
    verifyAll: () => Promise.all(webhookApps().map(({ pageId, app }) => verify(pageId, app.id))),
    drain() {
      if (log.pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drainWaiters.push(resolve));
    },
    async idle() {
      for (;;) {
        // Let pumps queued as microtasks start their POSTs before looking.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const busy = [...queues.values()].flatMap((q) => (q.inFlight ? [q.inFlight] : []));
        if (busy.length === 0) return;
        await Promise.allSettled(busy);
      }
    },
    nextTimerAt() {
      let next: number | undefined;
      for (const due of timers.values()) if (next === undefined || due < next) next = due;
      return next;
    },
    async stop(opts = {}) {
      stopped = true;
      producedWhileStopping ??= [];
      const { deadlineMs } = opts;
      const deadline = deadlineMs === undefined
        ? undefined
        : setTimer(() => {
          for (const q of queues.values()) q.expire(`drain deadline of ${deadlineMs} ms passed`);
        }, deadlineMs);
      const left = await Promise.all([...queues.values()].map((q) => q.stop(opts.flush ?? true)));
      if (deadline !== undefined) clearTimer(deadline);
      stopListening?.();
      stopListening = undefined;
      wakeDrainWaiters();
      return { pending: [...left.flat(), ...producedWhileStopping] };
    },
    deliveries: (filter) => log.list(filter),
    deliveriesPage: (after, limit, filter) => log.page(after, limit, filter),
    deliveryCounts: () => ({ ...log.counts, pending: log.pending }),
    subscriptions: () =>
      webhookApps().map(({ pageId, app, webhook }) => {
        const sub = subscription(pageId, app.id);
        return {
          pageId,
          appId: app.id,
          appName: app.name,
          url: webhook.url,
          fields: [...webhook.fields],
          state: sub.state,
          ...(sub.reason === undefined ? {} : { reason: sub.reason }),
        };
      }),
    reset() {
      for (const queue of queues.values()) queue.close();
      queues = new Map();
      log.clear();
      for (const [k, sub] of subscriptionState) if (sub.state === 'unsubscribed') subscriptionState.delete(k);
      wakeDrainWaiters();
    },
  };
}
