import type { Route } from '../../machines/platform/index.js';
import { RetainedLog, type Retention } from '../retained-log.js';
import type { MessagingEvent, RecordedEvent } from '../webhooks/event-shapes.js';
import type { MessageToUser, OutgoingMessage } from './send-api.js';

/** One transition of a platform machine: for inspectors and traces. Costs nothing with no listener. */
export interface PlatformTransition {
  machine: 'page' | 'threadControl';
  pageId: string;
  /** The thread's user; null for the page machine. */
  psid: string | null;
  /** `PAGE_ID` for a page, `PAGE_ID/PSID` for a thread. */
  id: string;
  event: { type: string };
  value: unknown;
  context: unknown;
  emitted: readonly { type: string }[];
}

/**
 * Everything the platform lets others see: the log of every webhook event it writes (the webhook delivery
 * reads it through `onEvent`), every transition of its machines, and every message a user is shown.
 */
export class Observers {
  private readonly log: RetainedLog<RecordedEvent>;
  private readonly eventListeners = new Set<(event: RecordedEvent, index: number) => void>();
  private readonly transitionListeners = new Set<(transition: PlatformTransition) => void>();
  private readonly userListeners = new Set<(message: MessageToUser) => void>();

  constructor(retention: Retention) {
    this.log = new RetainedLog(retention);
  }

  clear(): void {
    this.log.clear();
  }

  /** One event, the same object for every app the routes name. */
  recordAlong(routes: readonly Route[], pageId: string, event: MessagingEvent): void {
    for (const route of routes) this.record({ appId: route.appId, pageId, channel: route.channel, event });
  }

  record(event: RecordedEvent): void {
    const index = this.log.push(event);
    for (const listener of this.eventListeners) listener(event, index);
  }

  observe(machine: PlatformTransition['machine'], pageId: string, psid: string | null, event: { type: string }, snapshot: { value: unknown; context: unknown }, emitted: readonly { type: string }[]): void {
    if (this.transitionListeners.size === 0) return;
    const id = psid === null ? pageId : `${pageId}/${psid}`;
    const transition = { machine, pageId, psid, id, event, value: snapshot.value, context: snapshot.context, emitted };
    for (const listener of this.transitionListeners) listener(transition);
  }

  /** A message the user's Messenger shows: each listener gets an object of its own (they keep them). */
  tellUser(pageId: string, psid: string, appId: string, mid: string, message: OutgoingMessage, personaId: string | undefined): void {
    const persona = personaId === undefined ? {} : { personaId };
    for (const listener of this.userListeners) listener({ pageId, psid, appId, mid, message, ...persona });
  }

  /** The events kept by the retention policy, in order (all of them by default; empty when none are kept). */
  events(): readonly RecordedEvent[] {
    return this.log.toArray();
  }

  /** The event log itself, for paged reads (`after`/`limit`) and its counters (total, kept, dropped). */
  get eventLog(): Pick<RetainedLog<RecordedEvent>, 'page' | 'at' | 'total' | 'size' | 'dropped' | 'first'> {
    return this.log;
  }

  get totalEvents(): number {
    return this.log.total;
  }

  /** Called for every event as it is produced, with its index in the event log (0, 1, 2, …; reset restarts it). */
  onEvent(listener: (event: RecordedEvent, index: number) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onTransition(listener: (transition: PlatformTransition) => void): () => void {
    this.transitionListeners.add(listener);
    return () => this.transitionListeners.delete(listener);
  }

  /** What the user sees: every message sent to a user, after the platform allowed it. */
  onMessageToUser(listener: (message: MessageToUser) => void): () => void {
    this.userListeners.add(listener);
    return () => this.userListeners.delete(listener);
  }
}
