import { channelRefusal } from '../../machines/platform/index.js';
import * as shapes from '../webhooks/event-shapes.js';
import type { Clock } from './clock.js';
import type { Observers } from './observers.js';
import { unknownPage, type Caller, type Outcome } from './outcome.js';
import type { AnyEmitted, HistoryEntry, PageState, ThreadSnapshot, ThreadState } from './page-state.js';
import type { Pages } from './pages.js';

/** An app of the Page that has no messaging on the Page's account of this channel (an Instagram account's apps are listed). */
export function notConnected(page: PageState, appId: string): Outcome<never> {
  const { channel, world } = page;
  return {
    ok: false,
    refusal: 'not_connected_to_account',
    detail: `App ${appId} has no ${channel.label} messaging on the ${channel.accountKind} ${world.id} (${world.name}): the ${channel.userIdName}'s thread is not its to act on`,
  };
}

/**
 * Each user's thread and who controls it: a thread made on first use, the events the thread-control machine
 * is given, and what a change of control leaves behind (the thread's history, the webhooks routing names).
 */
export class Threads {
  constructor(
    private readonly pages: Pages,
    private readonly clock: Clock,
    private readonly observers: Observers,
    private readonly keepHistory: boolean,
  ) {}

  /** A thread as of now: under a timed profile, a read lets a passed deadline take effect (lazy expiry). */
  current(page: PageState, psid: string, known?: ThreadState): ThreadState {
    const thread = known ?? this.threadOf(page, psid);
    const { expiresAt } = thread.snapshot.context;
    if (expiresAt !== undefined && expiresAt !== null && this.clock.now() >= expiresAt) {
      this.step(page, psid, thread, { type: 'touch', page: page.snapshot.context, now: this.clock.now() });
    }
    return thread;
  }

  /** The thread of a PSID, made (and the PSID a known user of the page) on first use. */
  threadOf(page: PageState, psid: string, name?: string): ThreadState {
    let thread = page.threads.get(psid);
    if (!thread) {
      const now = this.clock.now();
      if (page.newThread === null || (page.rules.profile.timed && page.newThreadAt !== now)) {
        // A PSID exists once its user wrote: a thread starts with its messaging window open from now.
        page.newThread = page.rules.thread.start({ page: page.snapshot.context, now, lastUserMessageAt: now }).snapshot as ThreadSnapshot;
        page.newThreadAt = now;
      }
      thread = { name: name ?? `User ${psid}`, snapshot: page.newThread, history: null, lastUserMessageAt: now, undelivered: null, undeliveredAt: 0 };
      page.threads.set(psid, thread);
      this.observers.observe('threadControl', page.world.id, psid, { type: 'xstate.init' }, thread.snapshot, []);
    }
    return thread;
  }

  /** An app's call on a thread: the event goes to the thread's machine with the page as it is and the time. */
  request(caller: Caller, psid: string, call: { type: string } & Record<string, unknown>, onEmitted?: (e: AnyEmitted) => void): Outcome<null> {
    // The thread may be the Page's Instagram account's: apps call with the Page's token (protocol.md §2.7).
    const page = this.pages.forUser(caller.pageId, psid);
    if (!page) return unknownPage(caller.pageId);
    const thread = page.threads.get(psid);
    if (thread === undefined) return { ok: false, refusal: 'no_matching_user' };
    const { connected } = page.world;
    if (connected !== null && !connected.has(caller.appId)) return notConnected(page, caller.appId);
    // Object.assign onto the caller's fresh literal, not a spread: the same keys in the same order, without the
    // spread's generic copy (the most common call of a crowd run; ~6 % of its time, docs/scale.md).
    const event = Object.assign(call, { page: page.snapshot.context, caller: caller.appId, now: this.clock.now() });
    const emitted = this.step(page, psid, thread, event);
    for (const e of emitted) {
      // Meta words some refusals its own way on a channel (Instagram's 2534037, channels/instagram.ts).
      if (e.type === 'refused') return { ok: false, refusal: channelRefusal(page.channel, e.refusal) };
      onEmitted?.(e);
    }
    return { ok: true, value: null };
  }

  /** Runs one event through the thread's machine and carries out what it emits. */
  step(page: PageState, psid: string, thread: ThreadState, event: { type: string } & Record<string, unknown>): AnyEmitted[] {
    const { snapshot, emitted } = page.rules.thread.step(thread.snapshot, event) as { snapshot: ThreadSnapshot; emitted: AnyEmitted[] };
    thread.snapshot = snapshot;
    const pageId = page.world.id;
    this.observers.observe('threadControl', pageId, psid, event, snapshot, emitted);
    const { owner, expiresAt } = snapshot.context;
    // HOP v1 history stays as it always was; the timed generations add the deadline after each change.
    const deadline = expiresAt === undefined ? {} : { expiresAt };
    for (const e of emitted) {
      if (e.type === 'refused' || e.type === 'owner_read') continue;
      const time = this.clock.now();
      const metadata = 'metadata' in e && e.metadata !== null ? { metadata: e.metadata } : {};
      let webhook: shapes.MessagingEvent | null = null;
      switch (e.type) {
        case 'control_passed':
          this.remember(thread, { time, event: 'pass_thread_control', from: e.from, to: e.to, ...metadata, owner, ...deadline });
          webhook = shapes.passThreadControl(pageId, psid, time, e.from, e.to, e.metadata);
          break;
        case 'control_taken':
          this.remember(thread, { time, event: 'take_thread_control', from: e.from, to: e.to, ...metadata, owner, ...deadline });
          webhook = shapes.takeThreadControl(pageId, psid, time, e.from, e.to, e.metadata);
          break;
        case 'control_requested':
          this.remember(thread, { time, event: 'request_thread_control', requester: e.requester, ...metadata, owner, ...deadline });
          webhook = shapes.requestThreadControl(pageId, psid, time, e.requester, e.metadata);
          break;
        case 'control_returned':
          this.remember(thread, { time, event: 'control_returned', from: e.from, to: e.to, owner });
          break;
        case 'control_routed':
          this.remember(thread, { time, event: 'control_routed', to: e.to, owner, ...deadline });
          break;
        case 'control_released':
          this.remember(thread, { time, event: 'release_thread_control', from: e.from, owner, ...deadline });
          break;
        case 'control_expired':
          this.remember(thread, { time, event: 'control_expired', from: e.from, owner: null, expiresAt: null });
          break;
        case 'control_extended':
          this.remember(thread, { time, event: 'extend_thread_control', owner, ...deadline });
          break;
      }
      if (webhook === null) continue;
      const routes = page.rules.profile.routing.routeControlChange(e, page.snapshot.context.roles.primary, page.listeners);
      this.observers.recordAlong(routes, pageId, webhook);
    }
    return emitted;
  }

  private remember(thread: ThreadState, entry: HistoryEntry): void {
    if (this.keepHistory) (thread.history ??= []).push(entry);
  }

  // ---- what the admin routes and the simulator read ------------------------------------------

  /** The owner of a known thread (null while handover is inactive), undefined for an unknown page or user; allocates nothing. */
  ownerOf(pageId: string, psid: string): string | null | undefined {
    // One lookup: the monitor asks this several times for every call of a crowd run.
    const page = this.pages.get(pageId);
    const thread = page?.threads.get(psid);
    if (thread === undefined) return undefined;
    return this.current(page!, psid, thread).snapshot.context.owner;
  }

  /** Every thread the page has seen, with its owner (null while handover is inactive). */
  all(pageId: string): { psid: string; owner: string | null; value: unknown }[] {
    const page = this.pages.get(pageId);
    if (!page) return [];
    return [...page.threads.keys()].map((psid) => {
      const t = this.current(page, psid);
      return { psid, owner: t.snapshot.context.owner, value: t.snapshot.value };
    });
  }

  /** One thread's owner, deadlines and history of control changes. */
  thread(pageId: string, psid: string): Outcome<{ owner: string | null; expiresAt?: number | null; lastUserMessageAt?: number | null; history: HistoryEntry[] }> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    if (!page.threads.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    const thread = this.current(page, psid);
    const { owner, expiresAt, lastUserMessageAt } = thread.snapshot.context;
    // HOP v1's answer stays as it was; the timed generations show their deadlines too.
    const deadlines = expiresAt === undefined ? {} : { expiresAt, lastUserMessageAt: lastUserMessageAt ?? null };
    return { ok: true, value: { owner, ...deadlines, history: thread.history ?? [] } };
  }
}
