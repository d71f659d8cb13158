import type { SnapshotFrom } from 'xstate';
import {
  PAGE_INBOX_APP_ID,
  PROFILES,
  WEBHOOK_FIELDS,
  appRolesMap,
  createStepper,
  roleOf,
  type Listener,
  type PageMachine,
  type PageView,
  type Profile,
  type Role,
  type Refusal,
  type Route,
  type ThreadControlEmitted,
  type ThreadControlEvent,
  type ThreadControlMachine,
  type WebhookField,
} from '../machines/platform/index.js';
import { welcomeScreenApp } from '../machines/platform/welcome-screen.js';
import { IdSource } from './ids.js';
import { RetainedLog, type Retention } from './retained-log.js';
import { PageAssets } from './page-assets.js';
import * as shapes from './webhooks/event-shapes.js';
import type { RecordedEvent } from './webhooks/event-shapes.js';
import type { World, WorldApp, WorldPage, WorldUser } from './world/world.schema.js';

/**
 * Meta's platform for one world: pages, threads, users, tokens, and the log of every webhook event.
 * It asks the protocol machines (machines/platform) what each request does and carries it out:
 * stores the new state, writes the webhook events to the apps the routing names, answers the caller.
 * Time comes from the injected clock; ids from a seeded source.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Who is calling: an app acting on one page, as its page access token says. */
export interface Caller {
  appId: string;
  pageId: string;
}

export type PlatformRefusal = Refusal | 'no_matching_user' | 'unknown_page' | 'no_get_started';

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: PlatformRefusal; detail?: string };

export interface HistoryEntry {
  time: number;
  event: 'pass_thread_control' | 'take_thread_control' | 'request_thread_control' | 'control_returned';
  from?: string;
  to?: string;
  requester?: string;
  metadata?: string;
  owner: string | null;
}

export type UserInput = { text: string } | { postback: shapes.Postback };

export interface OutgoingMessage {
  text?: string;
  attachment?: unknown;
  metadata?: string;
}

type ThreadSnapshot = SnapshotFrom<ThreadControlMachine>;
type PageSnapshot = SnapshotFrom<PageMachine>;

interface ThreadState {
  snapshot: ThreadSnapshot;
  history: HistoryEntry[] | null; // allocated on the first control change: most threads never have one
}

interface PageState {
  world: WorldPage;
  threads: Map<string, ThreadState>;
  users: Map<string, string>; // psid -> name
  /** The world's users by PSID, made on the first profile read (a crowd world has 100 000). */
  profiles?: Map<string, WorldUser>;
  snapshot: PageSnapshot;
  // Derived from the snapshot, set only by `adoptPageSnapshot`:
  listeners: Listener[];
  /** Whether the page machine is in `handoverActive`: `matches` allocates, and the invariants ask on every event. */
  active: boolean;
  /** The snapshot a new thread starts from under these roles (immutable, so new threads share it); made on first use. */
  newThread: ThreadSnapshot | null;
}

export interface PlatformOptions {
  clock?: Clock;
  seed?: number;
  /**
   * Which events GET /__admin/events keeps: every one (`true` or `'all'`, the default: the simulator reads
   * them back), none (`false` or 0), or the newest N. Dropped events are counted (`eventLog.dropped`).
   */
  retainEvents?: boolean | Retention;
  /**
   * The rules to run instead of the world's profile. This is the seam through which tests plant a
   * broken rule (`threadControlMachine.provide({ guards: … })`) to prove that a property catches it.
   */
  profile?: Profile;
}

/** A message the user's Messenger shows: sent by an app through the Send API, or by a human in the Page Inbox. */
export interface MessageToUser {
  pageId: string;
  psid: string;
  appId: string;
  mid: string;
  message: OutgoingMessage;
  /** The persona the app sent as (`persona_id` of the Send API), when it named one. */
  personaId?: string;
}

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

const ALL_FIELDS: ReadonlySet<WebhookField> = new Set(WEBHOOK_FIELDS);

export class Platform {
  readonly clock: Clock;
  readonly profile: Profile;
  readonly ids: IdSource;
  /** Messenger profiles, personas, attachments and subscriptions the apps set through the Graph API. */
  readonly assets = new PageAssets();
  private readonly threadStepper;
  private readonly pageStepper;
  private pages = new Map<string, PageState>();
  private tokens = new Map<string, Caller>();
  private apps = new Map<string, WorldApp>(); // `${pageId}/${appId}` -> app
  private readonly log: RetainedLog<RecordedEvent>;
  private eventListeners = new Set<(event: RecordedEvent, index: number) => void>();
  private transitionListeners = new Set<(transition: PlatformTransition) => void>();
  private userListeners = new Set<(message: MessageToUser) => void>();

  constructor(
    readonly world: World,
    options: PlatformOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.ids = new IdSource(options.seed ?? 1);
    const retain = options.retainEvents ?? true;
    this.log = new RetainedLog(retain === true ? 'all' : retain === false ? 0 : retain);
    this.profile = options.profile ?? PROFILES[world.profile];
    this.threadStepper = createStepper(this.profile.threadControl);
    this.pageStepper = createStepper(this.profile.page);
    this.load();
  }

  /** Back to the world as loaded: roles, threads, users, events and ids. */
  reset(): void {
    this.ids.reset();
    this.assets.clear();
    this.log.clear();
    this.load();
  }

  private load(): void {
    this.pages.clear();
    this.tokens.clear();
    this.apps.clear();
    for (const page of this.world.pages) {
      for (const app of page.apps) {
        this.apps.set(`${page.id}/${app.id}`, app);
        if (app.accessToken) this.tokens.set(app.accessToken, { appId: app.id, pageId: page.id });
        if (app.messengerProfile) this.assets.setMessengerProfile(page.id, app.id, app.messengerProfile);
      }
      const primary = page.apps.find((a) => a.role === 'primary')?.id ?? null;
      const secondaries = page.apps.filter((a) => a.role === 'secondary').map((a) => a.id);
      const { snapshot } = this.pageStepper.start({ apps: page.apps.map((a) => a.id), roles: { primary, secondaries } });
      const state: PageState = {
        world: page,
        threads: new Map(),
        users: new Map(page.users.map((u) => [u.psid, u.name])),
        snapshot,
        listeners: [],
        active: false,
        newThread: null,
      };
      this.adoptPageSnapshot(state, snapshot);
      this.pages.set(page.id, state);
      // A PSID exists only once its user has written to the page: the world's users have threads from the
      // start, so reading a thread never changes what a later role change does to it.
      for (const user of page.users) this.threadOf(state, user.psid);
    }
  }

  /** The page's new state, and what follows from it. An app with a webhook hears the fields it subscribed to; one without (the Page Inbox) hears all. */
  private adoptPageSnapshot(page: PageState, snapshot: PageSnapshot): void {
    page.snapshot = snapshot;
    page.listeners = snapshot.context.apps.map((appId) => {
      const webhook = this.app(page.world.id, appId)?.webhook;
      // What the app said through `subscribed_apps` wins over the world's starting subscription.
      const chosen = this.assets.deliveredFields(page.world.id, appId);
      return { appId, fields: chosen ? new Set(chosen) : webhook ? new Set(webhook.fields) : ALL_FIELDS };
    });
    page.active = snapshot.matches('handoverActive');
    page.newThread = null;
  }

  // ---- lookups -------------------------------------------------------------------------------

  authenticate(token: string): Caller | undefined {
    return this.tokens.get(token);
  }

  hasPage(pageId: string): boolean {
    return this.pages.has(pageId);
  }

  pageIds(): string[] {
    return [...this.pages.keys()];
  }

  app(pageId: string, appId: string): WorldApp | undefined {
    return this.apps.get(`${pageId}/${appId}`);
  }

  appName(pageId: string, appId: string): string {
    return this.app(pageId, appId)?.name ?? (appId === PAGE_INBOX_APP_ID ? 'Page Inbox' : appId);
  }

  pageView(pageId: string): PageView | undefined {
    const page = this.pages.get(pageId);
    return page?.snapshot.context; // the page machine's context is the page view
  }

  /** An app's role on a page, as the page's roles say now. */
  roleOf(pageId: string, appId: string): Role | null {
    const page = this.pages.get(pageId);
    return page ? roleOf(page.snapshot.context.roles, appId) : null;
  }

  handoverActive(pageId: string): boolean {
    return this.pages.get(pageId)?.active ?? false;
  }

  users(pageId: string): { psid: string; name: string }[] {
    return [...(this.pages.get(pageId)?.users ?? [])].map(([psid, name]) => ({ psid, name }));
  }

  userName(pageId: string, psid: string): string | undefined {
    return this.pages.get(pageId)?.users.get(psid);
  }

  /** A user of the page with the profile the world gave it; a user who appeared by writing has a name only. */
  user(pageId: string, psid: string): WorldUser | undefined {
    const page = this.pages.get(pageId);
    const name = page?.users.get(psid);
    if (page === undefined || name === undefined) return undefined;
    page.profiles ??= new Map(page.world.users.map((u) => [u.psid, u]));
    return page.profiles.get(psid) ?? { psid, name };
  }

  /** An app changes the webhook fields it hears on a page (`subscribed_apps`; [] unsubscribes it). */
  subscribe(pageId: string, appId: string, fields: readonly string[]): void {
    const page = this.pages.get(pageId);
    if (!page) return;
    this.assets.setSubscription(pageId, appId, fields);
    this.adoptPageSnapshot(page, page.snapshot);
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

  private observe(machine: PlatformTransition['machine'], pageId: string, psid: string | null, event: { type: string }, snapshot: { value: unknown; context: unknown }, emitted: readonly { type: string }[]): void {
    if (this.transitionListeners.size === 0) return;
    const id = psid === null ? pageId : `${pageId}/${psid}`;
    const transition = { machine, pageId, psid, id, event, value: snapshot.value, context: snapshot.context, emitted };
    for (const listener of this.transitionListeners) listener(transition);
  }

  /** What the user sees: every message sent to a user, after the platform allowed it. */
  onMessageToUser(listener: (message: MessageToUser) => void): () => void {
    this.userListeners.add(listener);
    return () => this.userListeners.delete(listener);
  }

  /** The webhook fields an app of the page hears (every field for an app without a webhook). */
  subscribedFields(pageId: string, appId: string): ReadonlySet<WebhookField> {
    return this.pages.get(pageId)?.listeners.find((l) => l.appId === appId)?.fields ?? new Set();
  }

  /** The owner of a known thread (null while handover is inactive), undefined for an unknown page or user; allocates nothing. */
  ownerOf(pageId: string, psid: string): string | null | undefined {
    const page = this.pages.get(pageId);
    if (!page || !page.users.has(psid)) return undefined;
    return this.threadOf(page, psid).snapshot.context.owner;
  }

  /** Every thread the page has seen, with its owner (null while handover is inactive). */
  threads(pageId: string): { psid: string; owner: string | null; value: unknown }[] {
    const page = this.pages.get(pageId);
    if (!page) return [];
    return [...page.threads].map(([psid, t]) => ({ psid, owner: t.snapshot.context.owner, value: t.snapshot.value }));
  }

  thread(pageId: string, psid: string): Outcome<{ owner: string | null; history: HistoryEntry[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    if (!page.users.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    const thread = this.threadOf(page, psid);
    return { ok: true, value: { owner: thread.snapshot.context.owner, history: thread.history ?? [] } };
  }

  // ---- the user's side -----------------------------------------------------------------------

  /** A user writes to the page. An unknown PSID becomes a known user of the page. */
  userWrites(pageId: string, psid: string, input: UserInput): Outcome<{ mid: string; routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    if (!page.users.has(psid)) page.users.set(psid, `User ${psid}`);
    const owner = this.threadOf(page, psid).snapshot.context.owner;
    const kind = 'text' in input ? 'message' : 'postback';
    const routes = this.profile.routing.routeUserEvent(kind, owner, page.listeners);
    const mid = this.ids.mid();
    const time = this.clock.now();
    // One event object per channel, shared by the apps it goes to: recorded events are never changed.
    const message = 'text' in input ? shapes.userMessage(pageId, psid, time, mid, input.text) : null;
    let messaging: shapes.MessagingEvent | undefined;
    let standby: shapes.MessagingEvent | undefined;
    for (const route of routes) {
      const event = 'text' in input
        ? message!
        : route.channel === 'messaging'
          ? (messaging ??= shapes.userPostback(pageId, psid, time, mid, input.postback, 'messaging'))
          : (standby ??= shapes.userPostback(pageId, psid, time, mid, input.postback, 'standby'));
      this.record({ appId: route.appId, pageId, channel: route.channel, event });
    }
    return { ok: true, value: { mid, routes } };
  }

  /**
   * A user taps Get Started on the page's welcome screen: the button's payload arrives as a postback titled
   * "Get Started" (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/get-started-button),
   * routed like any postback. The button is the one `appId` set, by default the welcome screen's app.
   */
  tapsGetStarted(pageId: string, psid: string, appId?: string): Outcome<{ mid: string; routes: Route[] }> {
    const button = this.getStartedButton(pageId, appId);
    return button.ok ? this.userWrites(pageId, psid, { postback: button.value }) : button;
  }

  /** The Get Started button a user of the page can tap: its title and the payload the app configured. */
  getStartedButton(pageId: string, appId?: string): Outcome<{ title: string; payload: string }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    const app = appId ?? welcomeScreenApp(page.snapshot.context);
    const button = app === null ? undefined : (this.assets.messengerProfile(pageId, app).get_started as { payload: string } | undefined);
    if (button === undefined) {
      const whose = app === null ? 'the page has no primary receiver' : `app ${app} has set no get_started in its Messenger Profile`;
      return { ok: false, refusal: 'no_get_started', detail: `No Get Started button to tap: ${whose}` };
    }
    return { ok: true, value: { title: 'Get Started', payload: button.payload } };
  }

  // ---- the apps' side: the Handover Protocol API and the Send API ----------------------------

  passThreadControl(caller: Caller, psid: string, target: string | null, metadata: string | null): Outcome<null> {
    return this.threadRequest(caller, psid, (page) => ({ type: 'pass_thread_control', page, caller: caller.appId, target, metadata }));
  }

  takeThreadControl(caller: Caller, psid: string, metadata: string | null): Outcome<null> {
    return this.threadRequest(caller, psid, (page) => ({ type: 'take_thread_control', page, caller: caller.appId, metadata }));
  }

  requestThreadControl(caller: Caller, psid: string, metadata: string | null): Outcome<null> {
    return this.threadRequest(caller, psid, (page) => ({ type: 'request_thread_control', page, caller: caller.appId, metadata }));
  }

  readThreadOwner(caller: Caller, psid: string): Outcome<string | null> {
    let owner: string | null = null;
    const outcome = this.threadRequest(caller, psid, (page) => ({ type: 'read_thread_owner', page, caller: caller.appId }), (e) => {
      if (e.type === 'owner_read') owner = e.owner;
    });
    return outcome.ok ? { ok: true, value: owner } : outcome;
  }

  sendMessage(caller: Caller, psid: string, message: OutgoingMessage | null, personaId?: string): Outcome<{ recipient_id: string; message_id?: string }> {
    const outcome = this.threadRequest(caller, psid, (page) => ({ type: 'send', page, caller: caller.appId }));
    if (!outcome.ok) return outcome;
    // A sender action (typing, seen) is allowed by the same rule but is no message: no id, no echo.
    if (message === null) return { ok: true, value: { recipient_id: psid } };
    const page = this.pages.get(caller.pageId)!;
    const mid = this.ids.mid();
    const time = this.clock.now();
    const echo = shapes.messageEcho(caller.pageId, psid, time, caller.appId, mid, message);
    for (const route of this.profile.routing.routeEcho(page.listeners)) {
      this.record({ appId: route.appId, pageId: caller.pageId, channel: route.channel, event: echo });
    }
    const persona = personaId === undefined ? {} : { personaId };
    for (const listener of this.userListeners) listener({ pageId: caller.pageId, psid, appId: caller.appId, mid, message, ...persona });
    return { ok: true, value: { recipient_id: psid, message_id: mid } };
  }

  readSecondaryReceivers(caller: Caller): Outcome<{ id: string; name: string }[]> {
    const page = this.pages.get(caller.pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${caller.pageId}` };
    const event = { type: 'read_secondary_receivers' as const, caller: caller.appId };
    const { snapshot, emitted } = this.pageStepper.step(page.snapshot, event);
    this.observe('page', caller.pageId, null, event, snapshot, emitted);
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      if (e.type === 'secondary_receivers_read') {
        return { ok: true, value: e.appIds.map((id) => ({ id, name: this.appName(caller.pageId, id) })) };
      }
    }
    return { ok: true, value: [] };
  }

  // ---- the page admin's side -----------------------------------------------------------------

  /** A Page admin assigns roles: every app gets `app_roles`; threads of an app that lost its role go to the primary. */
  setRoles(pageId: string, primary: string | null, secondaries: readonly string[]): Outcome<null> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    const event = { type: 'set_roles' as const, primary, secondaries };
    const { snapshot, emitted } = this.pageStepper.step(page.snapshot, event);
    this.observe('page', pageId, null, event, snapshot, emitted);
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      if (e.type !== 'app_roles_changed') continue;
      this.adoptPageSnapshot(page, snapshot);
      const time = this.clock.now();
      const map = appRolesMap(e.page.roles);
      const rolesEvent = shapes.appRoles(pageId, time, map);
      for (const route of this.profile.routing.routeAppRoles(page.listeners)) {
        this.record({ appId: route.appId, pageId, channel: route.channel, event: rolesEvent });
      }
      for (const [psid, thread] of page.threads) {
        this.stepThread(page, psid, thread, { type: 'app_roles_changed', page: e.page });
      }
    }
    return { ok: true, value: null };
  }

  /** A human marks the thread Done in the Page Inbox: the inbox passes control back to the primary. */
  inboxDone(pageId: string, psid: string): Outcome<null> {
    return this.passThreadControl({ appId: PAGE_INBOX_APP_ID, pageId }, psid, null, null);
  }

  /** A human in the Page Inbox replies: the inbox sends like any app, under the same ownership rule. */
  inboxReply(pageId: string, psid: string, text: string): Outcome<{ recipient_id: string; message_id?: string }> {
    return this.sendMessage({ appId: PAGE_INBOX_APP_ID, pageId }, psid, { text });
  }

  /** A human moves the thread to the Inbox folder: the inbox requests control from the primary. */
  inboxMoveToInbox(pageId: string, psid: string): Outcome<null> {
    return this.requestThreadControl({ appId: PAGE_INBOX_APP_ID, pageId }, psid, null);
  }

  // ---- internals -----------------------------------------------------------------------------

  private threadOf(page: PageState, psid: string): ThreadState {
    let thread = page.threads.get(psid);
    if (!thread) {
      page.newThread ??= this.threadStepper.start({ page: page.snapshot.context }).snapshot;
      thread = { snapshot: page.newThread, history: null };
      page.threads.set(psid, thread);
      this.observe('threadControl', page.world.id, psid, { type: 'xstate.init' }, thread.snapshot, []);
    }
    return thread;
  }

  private threadRequest(
    caller: Caller,
    psid: string,
    makeEvent: (page: PageView) => ThreadControlEvent,
    onEmitted?: (e: ThreadControlEmitted) => void,
  ): Outcome<null> {
    const page = this.pages.get(caller.pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${caller.pageId}` };
    if (!page.users.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    const view = page.snapshot.context;
    const emitted = this.stepThread(page, psid, this.threadOf(page, psid), makeEvent(view));
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      onEmitted?.(e);
    }
    return { ok: true, value: null };
  }

  /** Runs one event through the thread's machine and carries out what it emits. */
  private stepThread(page: PageState, psid: string, thread: ThreadState, event: ThreadControlEvent): ThreadControlEmitted[] {
    const { snapshot, emitted } = this.threadStepper.step(thread.snapshot, event);
    thread.snapshot = snapshot;
    const pageId = page.world.id;
    this.observe('threadControl', pageId, psid, event, snapshot, emitted);
    const owner = snapshot.context.owner;
    for (const e of emitted) {
      if (e.type === 'refused' || e.type === 'owner_read') continue;
      const time = this.clock.now();
      const metadata = 'metadata' in e && e.metadata !== null ? { metadata: e.metadata } : {};
      let event: shapes.MessagingEvent | null = null;
      if (e.type === 'control_passed') {
        this.remember(thread, { time, event: 'pass_thread_control', from: e.from, to: e.to, ...metadata, owner });
        event = shapes.passThreadControl(pageId, psid, time, e.from, e.to, e.metadata);
      } else if (e.type === 'control_taken') {
        this.remember(thread, { time, event: 'take_thread_control', from: e.from, to: e.to, ...metadata, owner });
        event = shapes.takeThreadControl(pageId, psid, time, e.from, e.to, e.metadata);
      } else if (e.type === 'control_requested') {
        this.remember(thread, { time, event: 'request_thread_control', requester: e.requester, ...metadata, owner });
        event = shapes.requestThreadControl(pageId, psid, time, e.requester, e.metadata);
      } else {
        this.remember(thread, { time, event: 'control_returned', from: e.from, to: e.to, owner });
      }
      for (const r of this.profile.routing.routeControlChange(e, page.snapshot.context.roles.primary, page.listeners)) {
        if (event !== null) this.record({ appId: r.appId, pageId, channel: r.channel, event });
      }
    }
    return emitted;
  }

  private remember(thread: ThreadState, entry: HistoryEntry): void {
    (thread.history ??= []).push(entry);
  }

  private record(event: RecordedEvent): void {
    const index = this.log.push(event);
    for (const listener of this.eventListeners) listener(event, index);
  }
}
