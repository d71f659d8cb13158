import { PROFILES, type Profile, type ProfileName } from '../machines/platform/index.js';
import { IdSource } from './ids.js';
import { PageAssets } from './page-assets.js';
import { systemClock, type Clock } from './platform/clock.js';
import { HandoverApi } from './platform/handover-api.js';
import { Observers, type PlatformTransition } from './platform/observers.js';
import type { Caller } from './platform/outcome.js';
import { PageAdmin } from './platform/page-admin.js';
import { Pages } from './platform/pages.js';
import type { Core } from './platform/room.js';
import { SendApi, type MessageToUser, type OutgoingMessage, type SendOptions } from './platform/send-api.js';
import { Threads } from './platform/threads.js';
import { UserGestures } from './platform/user-gestures.js';
import { UserSide, type UserInput } from './platform/user-side.js';
import type { Retention } from './retained-log.js';
import type { Reaction, RecordedEvent, Referral } from './webhooks/event-shapes.js';
import type { World } from './world/world.schema.js';

export { systemClock, type Clock } from './platform/clock.js';
export type { Caller, Outcome, PlatformRefusal } from './platform/outcome.js';
export type { HistoryEntry } from './platform/page-state.js';
export type { PlatformTransition } from './platform/observers.js';
export type { UserInput } from './platform/user-side.js';
export type { ThreadOwnerView } from './platform/handover-api.js';
export type { MessageToUser, OutgoingMessage, SendOptions } from './platform/send-api.js';
export type { Account, AccountApp, AccountUser } from './world/accounts.js';

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

/** The rooms of the platform (fake-graph-api/platform/): the core they share, and one room per side. */
interface Rooms extends Core {
  user: UserSide;
  gestures: UserGestures;
  handover: HandoverApi;
  send: SendApi;
  admin: PageAdmin;
}

/**
 * Meta's platform for one world: pages, threads, users, tokens, and the log of every webhook event.
 * It asks the protocol machines (machines/platform) what each request does and carries it out:
 * stores the new state, writes the webhook events to the apps the routing names, answers the caller.
 * Time comes from the injected clock; ids from a seeded source.
 *
 * This class is the platform's one surface; each method hands the request to the room that holds its part.
 */
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
  private readonly rooms: Rooms;

  constructor(
    readonly world: World,
    options: PlatformOptions = {},
  ) {
    this.baseClock = options.clock ?? systemClock;
    this.clock = { now: () => this.baseClock.now() + this.clockOffset };
    this.ids = new IdSource(options.seed ?? 1);
    const retain = options.retainEvents ?? true;
    const observers = new Observers(retain === true ? 'all' : retain === false ? 0 : retain);
    const defaultProtocol = options.protocol ?? world.profile;
    this.profile = options.profile ?? PROFILES[defaultProtocol];
    const pages = new Pages(world, { override: options.profile, defaultProtocol }, this.assets, observers);
    const threads = new Threads(pages, this.clock, observers, options.keepHistory ?? true);
    const core: Core = { pages, threads, observers, clock: this.clock, ids: this.ids, assets: this.assets };
    this.rooms = {
      ...core,
      user: new UserSide(core),
      gestures: new UserGestures(core),
      handover: new HandoverApi(core),
      send: new SendApi(core),
      // The inbox calls the apps' API through this surface, as the single class did (a subclass's override included).
      admin: new PageAdmin(core, this),
    };
    pages.load(threads);
  }

  /** Moves the platform's clock forward (never back): deadlines that pass are seen by the next event. */
  advanceClock(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceClock takes a non-negative number of ms, got ${ms}`);
    this.clockOffset += ms;
    return this.clock.now();
  }

  /** Back to the world as loaded: roles, threads, users, events, ids and the clock's offset. */
  reset(): void {
    this.clockOffset = 0;
    this.ids.reset();
    this.assets.clear();
    this.rooms.observers.clear();
    this.rooms.pages.load(this.rooms.threads);
  }

  // ---- the world's pages, apps and users (platform/pages.ts) ----------------------------------

  profileOf(pageId: string) { return this.rooms.pages.profileOf(pageId); }
  /** The channel of a Page or Instagram account, by its id (undefined for an unknown id). */
  channelOf(accountId: string) { return this.rooms.pages.get(accountId)?.channel; }
  /** The id of the Page's account on its other channel (a Page's Instagram account), if it has one. */
  linkedAccountOf(accountId: string) { return this.rooms.pages.get(accountId)?.linked?.world.id; }
  /** The account a user's thread is on, for a call on a Page: the Page, or its Instagram account for an IGSID. */
  accountOf(accountId: string, userId: string) { return this.rooms.pages.forUser(accountId, userId)?.world.id; }
  authenticate(token: string) { return this.rooms.pages.authenticate(token); }
  hasPage(pageId: string) { return this.rooms.pages.hasPage(pageId); }
  pageIds() { return this.rooms.pages.pageIds(); }
  app(pageId: string, appId: string) { return this.rooms.pages.app(pageId, appId); }
  connectedTo(accountId: string, appId: string) { return this.rooms.pages.connectedTo(accountId, appId); }
  appName(pageId: string, appId: string) { return this.rooms.pages.appName(pageId, appId); }
  pageView(pageId: string) { return this.rooms.pages.pageView(pageId); }
  roleOf(pageId: string, appId: string) { return this.rooms.pages.roleOf(pageId, appId); }
  handoverActive(pageId: string) { return this.rooms.pages.handoverActive(pageId); }
  users(pageId: string) { return this.rooms.pages.users(pageId); }
  userName(pageId: string, psid: string) { return this.rooms.pages.userName(pageId, psid); }
  user(pageId: string, psid: string) { return this.rooms.pages.user(pageId, psid); }
  subscribe(pageId: string, appId: string, fields: readonly string[]) { this.rooms.pages.subscribe(pageId, appId, fields); }
  subscribedFields(pageId: string, appId: string) { return this.rooms.pages.subscribedFields(pageId, appId); }

  // ---- what others see: events, transitions, messages to users (platform/observers.ts) --------

  events() { return this.rooms.observers.events(); }
  get eventLog() { return this.rooms.observers.eventLog; }
  get totalEvents() { return this.rooms.observers.totalEvents; }
  onEvent(listener: (event: RecordedEvent, index: number) => void) { return this.rooms.observers.onEvent(listener); }
  onTransition(listener: (transition: PlatformTransition) => void) { return this.rooms.observers.onTransition(listener); }
  onMessageToUser(listener: (message: MessageToUser) => void) { return this.rooms.observers.onMessageToUser(listener); }

  // ---- threads and who controls them (platform/threads.ts) ------------------------------------

  ownerOf(pageId: string, psid: string) { return this.rooms.threads.ownerOf(pageId, psid); }
  threads(pageId: string) { return this.rooms.threads.all(pageId); }
  thread(pageId: string, psid: string) { return this.rooms.threads.thread(pageId, psid); }

  // ---- the user's side (platform/user-side.ts) ------------------------------------------------

  userWrites(pageId: string, psid: string, input: UserInput) { return this.rooms.user.userWrites(pageId, psid, input); }
  userArrives(pageId: string, psid: string, referral: Referral) { return this.rooms.user.userArrives(pageId, psid, referral); }
  userReads(pageId: string, psid: string, watermark?: number) { return this.rooms.user.userReads(pageId, psid, watermark); }
  messagesDelivered(pageId: string, psid: string) { return this.rooms.user.messagesDelivered(pageId, psid); }
  tapsGetStarted(pageId: string, psid: string, appId?: string) { return this.rooms.user.tapsGetStarted(pageId, psid, appId); }
  getStartedButton(pageId: string, appId?: string) { return this.rooms.user.getStartedButton(pageId, appId); }
  userReacts(pageId: string, psid: string, reaction: Reaction) { return this.rooms.gestures.userReacts(pageId, psid, reaction); }
  userDeletes(pageId: string, psid: string, mid: string) { return this.rooms.gestures.userDeletes(pageId, psid, mid); }

  // ---- the apps' side: the Handover Protocol API and the Send API (platform/handover-api.ts, send-api.ts)

  passThreadControl(caller: Caller, psid: string, target: string | null, metadata: string | null) { return this.rooms.handover.passThreadControl(caller, psid, target, metadata); }
  takeThreadControl(caller: Caller, psid: string, metadata: string | null) { return this.rooms.handover.takeThreadControl(caller, psid, metadata); }
  requestThreadControl(caller: Caller, psid: string, metadata: string | null) { return this.rooms.handover.requestThreadControl(caller, psid, metadata); }
  releaseThreadControl(caller: Caller, psid: string) { return this.rooms.handover.releaseThreadControl(caller, psid); }
  extendThreadControl(caller: Caller, psid: string, durationSeconds: number) { return this.rooms.handover.extendThreadControl(caller, psid, durationSeconds); }
  readThreadOwner(caller: Caller, psid: string) { return this.rooms.handover.readThreadOwner(caller, psid); }
  readSecondaryReceivers(caller: Caller) { return this.rooms.handover.readSecondaryReceivers(caller); }
  sendMessage(caller: Caller, psid: string, message: OutgoingMessage | null, options?: SendOptions) { return this.rooms.send.sendMessage(caller, psid, message, options); }

  // ---- the page's people: roles and the Page Inbox (platform/page-admin.ts) -------------------

  setRoles(pageId: string, primary: string | null, secondaries: readonly string[]) { return this.rooms.admin.setRoles(pageId, primary, secondaries); }
  inboxDone(pageId: string, psid: string) { return this.rooms.admin.inboxDone(pageId, psid); }
  inboxReply(pageId: string, psid: string, text: string) { return this.rooms.admin.inboxReply(pageId, psid, text); }
  inboxMoveToInbox(pageId: string, psid: string) { return this.rooms.admin.inboxMoveToInbox(pageId, psid); }
}
