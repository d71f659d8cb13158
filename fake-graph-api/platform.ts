import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import {
  PAGE_INBOX_APP_ID,
  PROFILES,
  WEBHOOK_FIELDS,
  appRolesMap,
  createStepper,
  tabulate,
  roleOf,
  type EntryPointRef,
  type IdleOwnedEmitted,
  type InlineThreadControl,
  type Listener,
  type PageView,
  type Profile,
  type ProfileName,
  type Role,
  type Refusal,
  type Route,
  type SendTiming,
  type Stepper,
  type ThreadControlEmitted,
  type WebhookField,
} from '../machines/platform/index.js';
import { welcomeScreenApp } from '../machines/platform/welcome-screen.js';
import { IdSource } from './ids.js';
import { shareSnapshots } from './shared-snapshots.js';
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

export type PlatformRefusal = Refusal | 'no_matching_user' | 'unknown_page' | 'nothing_to_deliver' | 'no_get_started';

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: PlatformRefusal; detail?: string };

export interface HistoryEntry {
  time: number;
  event:
    | 'pass_thread_control'
    | 'take_thread_control'
    | 'request_thread_control'
    | 'control_returned'
    | 'release_thread_control'
    | 'extend_thread_control'
    | 'control_expired'
    | 'control_routed';
  /** The previous owner; null when control came from an idle thread (HOP v2, CR). */
  from?: string | null;
  to?: string;
  requester?: string;
  metadata?: string;
  owner: string | null;
  /** HOP v2 / CR: the thread's deadline after this change. */
  expiresAt?: number | null;
}

/**
 * What a user does in a thread: a message (text, a quick-reply tap, an attachment, a sticker or a like) or a
 * postback, optionally arriving through an entry point (an m.me link's `ref`, or an ad) first.
 */
export type UserInput = (shapes.UserMessage | { postback: shapes.Postback }) & { referral?: shapes.Referral };

/** How a Send API call is timed and whether it moves control inline (protocol.md §3). */
export interface SendOptions {
  timing?: SendTiming;
  threadControl?: InlineThreadControl | null;
  /** The persona the message is sent as. */
  personaId?: string;
}

/** What `thread_owner` shows the caller: null while nobody owns the thread. */
export interface ThreadOwnerView {
  appId: string | null;
  /** Epoch milliseconds; undefined under HOP v1, which has no expiry. */
  expiresAt?: number;
}

/** The thread state every generation has; HOP v2 and CR add their deadlines. */
interface ThreadContext {
  owner: string | null;
  expiresAt?: number | null;
  lastUserMessageAt?: number | null;
}
type AnyEmitted = ThreadControlEmitted | IdleOwnedEmitted;
type PageEmitted = { type: 'refused'; refusal: Refusal } | { type: 'app_roles_changed'; page: PageView } | { type: 'secondary_receivers_read'; appIds: readonly string[] };

/** The entry point a referral names, as the routing rules read it: an ad's id, else the m.me link's ref. */
function entryPointOf(referral: shapes.Referral): EntryPointRef {
  return 'ad_id' in referral ? { adId: referral.ad_id } : { ref: referral.ref };
}

export interface OutgoingMessage {
  text?: string;
  attachment?: unknown;
  metadata?: string;
}

type ThreadSnapshot = AnyMachineSnapshot & { context: ThreadContext };
type PageSnapshot = AnyMachineSnapshot & { context: PageView };

/**
 * One user of a page and their thread: everything the platform keeps per PSID, in one record (a crowd has a
 * million of them; one map entry and one object each, docs/scale.md).
 */
interface ThreadState {
  /** The user's name (the world's, or `User PSID` for a user who appeared by writing). */
  readonly name: string;
  /** Shared between threads in the same state (shared-snapshots.ts): never changed, only replaced. */
  snapshot: ThreadSnapshot;
  /** Allocated on the first control change (most threads never have one); never when the platform keeps no history. */
  history: HistoryEntry[] | null;
  /** HOP v1 keeps no time in its snapshot: the user's last message, for the messaging window. */
  lastUserMessageAt: number;
  /**
   * The page's messages the user's Messenger has not yet reported delivered, for `message_deliveries`: their
   * mids joined by spaces (mids never hold one), one string instead of a list of strings in every thread.
   */
  undelivered: string | null;
  /** When the last of them was sent. */
  undeliveredAt: number;
}

/** One profile's machines, stepped without live actors. */
interface RuleBook {
  profile: Profile;
  thread: Stepper<AnyStateMachine>;
  page: Stepper<AnyStateMachine>;
}

interface PageState {
  world: WorldPage;
  rules: RuleBook;
  /** Every user of the page by PSID, in the order they became known, with their thread. */
  threads: Map<string, ThreadState>;
  /** The world's users by PSID, made on the first profile read (a crowd world has 100 000). */
  profiles?: Map<string, WorldUser>;
  snapshot: PageSnapshot;
  // Derived from the snapshot, set only by `adoptPageSnapshot`:
  listeners: Listener[];
  /** Whether the page machine is in `handoverActive`: `matches` allocates, and the invariants ask on every event. */
  active: boolean;
  /** The snapshot a new thread starts from under these roles (immutable, so new threads share it); made on first use. */
  newThread: ThreadSnapshot | null;
  /** The clock reading `newThread` was made at (timed profiles start a thread's window from it). */
  newThreadAt: number;
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
   * Keep each thread's history of control changes (`GET /__admin/threads/…`; default true). A big simulation
   * that keeps no trace keeps none: the monitor and the counters see every change as it happens.
   */
  keepHistory?: boolean;
  /**
   * The rules to run instead of the world's profile. This is the seam through which tests plant a
   * broken rule (`threadControlMachine.provide({ guards: … })`) to prove that a property catches it.
   */
  profile?: Profile;
  /** The world's default protocol instead of the world file's (`serve --protocol`); a page's own `protocol` still wins. */
  protocol?: ProfileName;
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
  /** The injected clock, moved forward by `advanceClock` (expiry tested in a millisecond). */
  readonly clock: Clock;
  /** The world's default profile (or the planted one); a page may run another: ask `profileOf`. */
  readonly profile: Profile;
  readonly ids: IdSource;
  /** Messenger profiles, personas, attachments and subscriptions the apps set through the Graph API. */
  readonly assets = new PageAssets();
  private readonly baseClock: Clock;
  private clockOffset = 0;
  private readonly ruleBooks = new Map<Profile, RuleBook>();
  private readonly override: Profile | undefined;
  private readonly defaultProtocol: ProfileName;
  private pages = new Map<string, PageState>();
  private tokens = new Map<string, Caller>();
  private apps = new Map<string, WorldApp>(); // `${pageId}/${appId}` -> app
  private readonly log: RetainedLog<RecordedEvent>;
  private readonly keepHistory: boolean;
  private eventListeners = new Set<(event: RecordedEvent, index: number) => void>();
  private transitionListeners = new Set<(transition: PlatformTransition) => void>();
  private userListeners = new Set<(message: MessageToUser) => void>();

  constructor(
    readonly world: World,
    options: PlatformOptions = {},
  ) {
    this.baseClock = options.clock ?? systemClock;
    this.clock = { now: () => this.baseClock.now() + this.clockOffset };
    this.ids = new IdSource(options.seed ?? 1);
    const retain = options.retainEvents ?? true;
    this.log = new RetainedLog(retain === true ? 'all' : retain === false ? 0 : retain);
    this.keepHistory = options.keepHistory ?? true;
    this.override = options.profile;
    this.defaultProtocol = options.protocol ?? world.profile;
    this.profile = options.profile ?? PROFILES[this.defaultProtocol];
    this.load();
  }

  /** Moves the platform's clock forward (never back): deadlines that pass are seen by the next event. */
  advanceClock(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceClock takes a non-negative number of ms, got ${ms}`);
    this.clockOffset += ms;
    return this.clock.now();
  }

  /** The rules a page runs: its own `protocol`, else the world's; a planted profile replaces them all. */
  profileOf(pageId: string): Profile | undefined {
    return this.pages.get(pageId)?.rules.profile;
  }

  private ruleBook(profile: Profile): RuleBook {
    let book = this.ruleBooks.get(profile);
    if (!book) {
      const shared = shareSnapshots(createStepper(profile.threadControl));
      // Threads of an untimed profile share a handful of snapshots, so their steps repeat: a table learned from
      // the machine answers them (machines/platform/transition-table.ts). Timed snapshots hold their own
      // deadlines and rarely repeat; a table would only learn.
      book = { profile, thread: profile.timed ? shared : tabulate(shared), page: createStepper(profile.page) };
      this.ruleBooks.set(profile, book);
    }
    return book;
  }

  /** Back to the world as loaded: roles, threads, users, events, ids and the clock's offset. */
  reset(): void {
    this.clockOffset = 0;
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
      const rules = this.ruleBook(this.override ?? PROFILES[page.protocol ?? this.defaultProtocol]);
      const { snapshot } = rules.page.start(rules.profile.pageInput(page)) as { snapshot: PageSnapshot };
      const state: PageState = {
        world: page,
        rules,
        threads: new Map(),
        snapshot,
        listeners: [],
        active: false,
        newThread: null,
        newThreadAt: 0,
      };
      this.adoptPageSnapshot(state, snapshot);
      this.pages.set(page.id, state);
      // A PSID exists only once its user has written to the page: the world's users have threads from the
      // start, so reading a thread never changes what a later role change does to it.
      for (const user of page.users) this.threadOf(state, user.psid, user.name);
    }
  }

  /** The page's new state, and what follows from it. An app with a webhook hears the fields it subscribed to; one without (the Page Inbox) hears all. */
  private adoptPageSnapshot(page: PageState, snapshot: PageSnapshot): void {
    page.snapshot = snapshot;
    page.listeners = snapshot.context.apps.map((appId: string) => {
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
    return [...(this.pages.get(pageId)?.threads ?? [])].map(([psid, { name }]) => ({ psid, name }));
  }

  userName(pageId: string, psid: string): string | undefined {
    return this.pages.get(pageId)?.threads.get(psid)?.name;
  }

  /** A user of the page with the profile the world gave it; a user who appeared by writing has a name only. */
  user(pageId: string, psid: string): WorldUser | undefined {
    const page = this.pages.get(pageId);
    const name = page?.threads.get(psid)?.name;
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
    // One lookup: the monitor asks this several times for every call of a crowd run.
    const page = this.pages.get(pageId);
    const thread = page?.threads.get(psid);
    if (thread === undefined) return undefined;
    return this.current(page!, psid, thread).snapshot.context.owner;
  }

  /** Every thread the page has seen, with its owner (null while handover is inactive). */
  threads(pageId: string): { psid: string; owner: string | null; value: unknown }[] {
    const page = this.pages.get(pageId);
    if (!page) return [];
    return [...page.threads.keys()].map((psid) => {
      const t = this.current(page, psid);
      return { psid, owner: t.snapshot.context.owner, value: t.snapshot.value };
    });
  }

  thread(pageId: string, psid: string): Outcome<{ owner: string | null; expiresAt?: number | null; lastUserMessageAt?: number | null; history: HistoryEntry[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    if (!page.threads.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    const thread = this.current(page, psid);
    const { owner, expiresAt, lastUserMessageAt } = thread.snapshot.context;
    // HOP v1's answer stays as it was; the timed generations show their deadlines too.
    const deadlines = expiresAt === undefined ? {} : { expiresAt, lastUserMessageAt: lastUserMessageAt ?? null };
    return { ok: true, value: { owner, ...deadlines, history: thread.history ?? [] } };
  }

  // ---- the user's side -----------------------------------------------------------------------

  /**
   * A user writes to the page. An unknown PSID becomes a known user of the page. With a `referral`, the
   * user first arrives through that entry point (a `messaging_referrals` event), then writes.
   */
  userWrites(pageId: string, psid: string, input: UserInput): Outcome<{ mid: string; routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    const thread = this.threadOf(page, psid);
    const time = this.clock.now();
    thread.lastUserMessageAt = time;
    if (page.rules.profile.timed) {
      // The thread's deadlines move, and an idle thread may go to the default app or an entry point's app.
      this.stepThread(page, psid, thread, { type: 'user_message', page: page.snapshot.context, now: time, entryPoint: input.referral ? entryPointOf(input.referral) : null });
    }
    // The referral comes first, to whoever owns the thread now (under CR, the entry point's app).
    if (input.referral) this.userArrives(pageId, psid, input.referral);
    const owner = thread.snapshot.context.owner;
    const kind = 'postback' in input ? 'postback' : 'message';
    const routes = page.rules.profile.routing.routeUserEvent(kind, owner, page.listeners);
    const mid = this.ids.mid();
    // One event object per channel, shared by the apps it goes to: recorded events are never changed.
    // A message is the same on both channels; a postback loses its payload on standby.
    const message = 'postback' in input ? null : shapes.userMessageOf(pageId, psid, time, mid, input);
    let messaging: shapes.MessagingEvent | undefined;
    let standby: shapes.MessagingEvent | undefined;
    for (const route of routes) {
      const event = !('postback' in input)
        ? message!
        : route.channel === 'messaging'
          ? (messaging ??= shapes.userPostback(pageId, psid, time, mid, input.postback, 'messaging'))
          : (standby ??= shapes.userPostback(pageId, psid, time, mid, input.postback, 'standby'));
      this.record({ appId: route.appId, pageId, channel: route.channel, event });
    }
    return { ok: true, value: { mid, routes } };
  }

  /**
   * A user opens the thread from an m.me link with a `ref`, or from an ad: `messaging_referrals` to the
   * owner. An unknown PSID becomes a known user of the page.
   */
  userArrives(pageId: string, psid: string, referral: shapes.Referral): Outcome<{ routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    const owner = this.threadOf(page, psid).snapshot.context.owner;
    const routes = page.rules.profile.routing.routeUserEvent('referral', owner, page.listeners);
    this.recordAlong(routes, pageId, shapes.userReferral(pageId, psid, this.clock.now(), referral));
    return { ok: true, value: { routes } };
  }

  /** The user's Messenger reads the thread: every message up to `watermark` (default: now) was read. */
  userReads(pageId: string, psid: string, watermark?: number): Outcome<{ watermark: number; routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    if (!page.threads.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    const owner = this.threadOf(page, psid).snapshot.context.owner;
    const time = this.clock.now();
    const read = watermark ?? time;
    const routes = page.rules.profile.routing.routeUserEvent('read', owner, page.listeners);
    this.recordAlong(routes, pageId, shapes.messageRead(pageId, psid, time, read));
    return { ok: true, value: { watermark: read, routes } };
  }

  /**
   * The user's Messenger reports the page's messages delivered: every message sent to the user since the
   * last report (their `mids`), with the time of the last one as `watermark`. Refused when nothing is
   * waiting to be delivered: Meta sends no empty delivery.
   */
  messagesDelivered(pageId: string, psid: string): Outcome<{ mids: string[]; watermark: number; routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
    if (!page.threads.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    const thread = this.threadOf(page, psid);
    if (thread.undelivered === null) return { ok: false, refusal: 'nothing_to_deliver' };
    const mids = thread.undelivered.split(' ');
    const watermark = thread.undeliveredAt;
    thread.undelivered = null;
    const routes = page.rules.profile.routing.routeUserEvent('delivery', thread.snapshot.context.owner, page.listeners);
    this.recordAlong(routes, pageId, shapes.messageDelivery(pageId, psid, this.clock.now(), mids, watermark));
    return { ok: true, value: { mids: [...mids], watermark, routes } };
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
    return this.threadRequest(caller, psid, { type: 'pass_thread_control', target, metadata });
  }

  takeThreadControl(caller: Caller, psid: string, metadata: string | null): Outcome<null> {
    return this.threadRequest(caller, psid, { type: 'take_thread_control', metadata });
  }

  requestThreadControl(caller: Caller, psid: string, metadata: string | null): Outcome<null> {
    return this.threadRequest(caller, psid, { type: 'request_thread_control', metadata });
  }

  /** HOP v2 / CR: the owner makes the thread idle at once; no webhook (protocol.md §1.4). */
  releaseThreadControl(caller: Caller, psid: string): Outcome<null> {
    return this.threadRequest(caller, psid, { type: 'release_thread_control' });
  }

  /** HOP v2 / CR: the owner pushes its deadline to `durationSeconds` from now (≤ 604800; protocol.md §1.5). */
  extendThreadControl(caller: Caller, psid: string, durationSeconds: number): Outcome<null> {
    return this.threadRequest(caller, psid, { type: 'extend_thread_control', durationSeconds });
  }

  /** Who owns the thread, as far as the caller may see it; null while nobody does (protocol.md §1.6). */
  readThreadOwner(caller: Caller, psid: string): Outcome<ThreadOwnerView | null> {
    let view: ThreadOwnerView | null = null;
    const outcome = this.threadRequest(caller, psid, { type: 'read_thread_owner' }, (e) => {
      if (e.type !== 'owner_read' || e.owner === null) return;
      // HOP v1 always shows the app id it lets the caller read at all, and has no expiry.
      if (!('expiresAt' in e)) view = { appId: e.owner };
      else view = { appId: e.appIdVisible ? e.owner : null, ...(e.expiresAt !== null && { expiresAt: e.expiresAt }) };
    });
    return outcome.ok ? { ok: true, value: view } : outcome;
  }

  sendMessage(caller: Caller, psid: string, message: OutgoingMessage | null, options: SendOptions = {}): Outcome<{ recipient_id: string; message_id?: string }> {
    const page = this.pages.get(caller.pageId);
    const thread = page?.threads.get(psid);
    const outcome = this.threadRequest(caller, psid, {
      type: 'send',
      timing: options.timing ?? { messagingType: null, tag: null },
      threadControl: options.threadControl ?? null,
      lastUserMessageAt: thread?.lastUserMessageAt ?? null,
    });
    if (!outcome.ok) return outcome;
    // A sender action (typing, seen) is allowed by the same rule but is no message: no id, no echo.
    if (message === null) return { ok: true, value: { recipient_id: psid } };
    const mid = this.ids.mid();
    const time = this.clock.now();
    const echo = shapes.messageEcho(caller.pageId, psid, time, caller.appId, mid, message);
    // The request went through, so the page and the thread exist.
    const sent = thread!;
    // join, not `+`: a flat string, where `+` leaves a rope of string nodes that holds every mid as a string of
    // its own (~80 B a message in a crowd where nobody reports deliveries, docs/scale.md).
    sent.undelivered = sent.undelivered === null ? mid : [sent.undelivered, mid].join(' ');
    sent.undeliveredAt = time;
    for (const route of page!.rules.profile.routing.routeEcho(page!.listeners)) {
      this.record({ appId: route.appId, pageId: caller.pageId, channel: route.channel, event: echo });
    }
    const persona = options.personaId === undefined ? {} : { personaId: options.personaId };
    for (const listener of this.userListeners) listener({ pageId: caller.pageId, psid, appId: caller.appId, mid, message, ...persona });
    return { ok: true, value: { recipient_id: psid, message_id: mid } };
  }

  readSecondaryReceivers(caller: Caller): Outcome<{ id: string; name: string }[]> {
    const page = this.pages.get(caller.pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${caller.pageId}` };
    const event = { type: 'read_secondary_receivers' as const, caller: caller.appId };
    const { snapshot, emitted } = page.rules.page.step(page.snapshot, event) as { snapshot: PageSnapshot; emitted: PageEmitted[] };
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
    const { snapshot, emitted } = page.rules.page.step(page.snapshot, event) as { snapshot: PageSnapshot; emitted: PageEmitted[] };
    this.observe('page', pageId, null, event, snapshot, emitted);
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      if (e.type !== 'app_roles_changed') continue;
      this.adoptPageSnapshot(page, snapshot);
      const time = this.clock.now();
      const map = appRolesMap(e.page.roles);
      const rolesEvent = shapes.appRoles(pageId, time, map);
      for (const route of page.rules.profile.routing.routeAppRoles(page.listeners)) {
        this.record({ appId: route.appId, pageId, channel: route.channel, event: rolesEvent });
      }
      for (const [psid, thread] of page.threads) {
        this.stepThread(page, psid, thread, { type: 'app_roles_changed', page: e.page, now: time });
      }
    }
    return { ok: true, value: null };
  }

  /**
   * A human marks the thread Done in the Page Inbox. HOP: the inbox passes control back to the primary.
   * CR: back to the default application, or released when there is none (the profile's `pageInbox`).
   */
  inboxDone(pageId: string, psid: string): Outcome<null> {
    const inbox = { appId: PAGE_INBOX_APP_ID, pageId };
    return this.inboxRules(pageId)?.done === 'inbox_done'
      ? this.threadRequest(inbox, psid, { type: 'inbox_done' })
      : this.passThreadControl(inbox, psid, null, null);
  }

  /** A human in the Page Inbox replies: the inbox sends like any app (under CR it takes control first). */
  inboxReply(pageId: string, psid: string, text: string): Outcome<{ recipient_id: string; message_id?: string }> {
    const inbox = { appId: PAGE_INBOX_APP_ID, pageId };
    if (this.inboxRules(pageId)?.replyTakesControl) {
      const taken = this.threadRequest(inbox, psid, { type: 'inbox_take' });
      if (!taken.ok) return taken;
    }
    return this.sendMessage(inbox, psid, { text });
  }

  /** A human moves the thread to the Inbox (CR: Main) folder: HOP requests control from the primary; CR takes it. */
  inboxMoveToInbox(pageId: string, psid: string): Outcome<null> {
    const inbox = { appId: PAGE_INBOX_APP_ID, pageId };
    return this.inboxRules(pageId)?.moveToInbox === 'inbox_take'
      ? this.threadRequest(inbox, psid, { type: 'inbox_take' })
      : this.requestThreadControl(inbox, psid, null);
  }

  private inboxRules(pageId: string) {
    return this.pages.get(pageId)?.rules.profile.pageInbox;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** A thread as of now: under a timed profile, a read lets a passed deadline take effect (lazy expiry). */
  private current(page: PageState, psid: string, known?: ThreadState): ThreadState {
    const thread = known ?? this.threadOf(page, psid);
    const { expiresAt } = thread.snapshot.context;
    if (expiresAt !== undefined && expiresAt !== null && this.clock.now() >= expiresAt) {
      this.stepThread(page, psid, thread, { type: 'touch', page: page.snapshot.context, now: this.clock.now() });
    }
    return thread;
  }

  /** The thread of a PSID, made (and the PSID a known user of the page) on first use. */
  private threadOf(page: PageState, psid: string, name?: string): ThreadState {
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
      this.observe('threadControl', page.world.id, psid, { type: 'xstate.init' }, thread.snapshot, []);
    }
    return thread;
  }

  /** An app's call on a thread: the event goes to the thread's machine with the page as it is and the time. */
  private threadRequest(
    caller: Caller,
    psid: string,
    call: { type: string } & Record<string, unknown>,
    onEmitted?: (e: AnyEmitted) => void,
  ): Outcome<null> {
    const page = this.pages.get(caller.pageId);
    if (!page) return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${caller.pageId}` };
    const thread = page.threads.get(psid);
    if (thread === undefined) return { ok: false, refusal: 'no_matching_user' };
    // Object.assign onto the caller's fresh literal, not a spread: the same keys in the same order, without the
    // spread's generic copy (the most common call of a crowd run; ~6 % of its time, docs/scale.md).
    const event = Object.assign(call, { page: page.snapshot.context, caller: caller.appId, now: this.clock.now() });
    const emitted = this.stepThread(page, psid, thread, event);
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      onEmitted?.(e);
    }
    return { ok: true, value: null };
  }

  /** Runs one event through the thread's machine and carries out what it emits. */
  private stepThread(page: PageState, psid: string, thread: ThreadState, event: { type: string } & Record<string, unknown>): AnyEmitted[] {
    const { snapshot, emitted } = page.rules.thread.step(thread.snapshot, event) as { snapshot: ThreadSnapshot; emitted: AnyEmitted[] };
    thread.snapshot = snapshot;
    const pageId = page.world.id;
    this.observe('threadControl', pageId, psid, event, snapshot, emitted);
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
      for (const r of page.rules.profile.routing.routeControlChange(e, page.snapshot.context.roles.primary, page.listeners)) {
        this.record({ appId: r.appId, pageId, channel: r.channel, event: webhook });
      }
    }
    return emitted;
  }

  private remember(thread: ThreadState, entry: HistoryEntry): void {
    if (this.keepHistory) (thread.history ??= []).push(entry);
  }

  /** One event, the same object for every app the routes name. */
  private recordAlong(routes: readonly Route[], pageId: string, event: shapes.MessagingEvent): void {
    for (const route of routes) this.record({ appId: route.appId, pageId, channel: route.channel, event });
  }

  private record(event: RecordedEvent): void {
    const index = this.log.push(event);
    for (const listener of this.eventListeners) listener(event, index);
  }
}
