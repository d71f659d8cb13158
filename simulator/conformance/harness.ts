import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Platform } from '../../fake-graph-api/platform.js';
import { envelope, type BatchLayout, type EnvelopeItem } from '../../fake-graph-api/webhooks/envelope.js';
import { eventKind, psidOf } from '../../fake-graph-api/webhooks/event-shapes.js';
import { metaStringify } from '../../fake-graph-api/webhooks/meta-json.js';
import { webhookHeaders } from '../../fake-graph-api/webhooks/signature.js';
import { describeFetchError, handshake } from '../../fake-graph-api/webhooks/verification.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import { worldUnder } from '../../fake-graph-api/world/world-under.js';
import type { Profile, ProfileName } from '../../machines/platform/profiles.js';
import { LIVEDESK, MANYCHAT, PAGE_ID, PAGE_INBOX } from '../scenario.js';
import { Activity, GLOBAL, type SettleOptions } from './activity.js';
import { conformanceWorld, FIRST_PSID, USER_COUNT } from './conformance-world.js';
import { observedGraphApp, type GraphObserver, type ObservedCall } from './graph-observer.js';
import { DEFAULT_ACCESS_TOKEN, DEFAULT_PROTOCOL, type BotRole } from './types.js';

/**
 * The world a bot under test lives in, on wall-clock time: the fake Graph API on a port (with an observer
 * in front), the page's other apps played by the harness through the Platform's own operations, and a
 * webhook sender that posts to the bot every event the Platform routes to it, plus the deliveries the
 * checks build themselves (forged, redelivered, batched). Nothing is retried and every answer is kept:
 * a conformance run wants to see each POST's fate, and one failed delivery must not hold up the next.
 */
export interface BotUnderTest {
  webhook: string;
  appId: string;
  appSecret: string;
  verifyToken: string;
  /** The page access token the bot uses (default: `conformance-token`). */
  accessToken?: string;
  role?: BotRole;
}

export interface HarnessOptions extends BotUnderTest {
  port?: number;
  host?: string;
  /** The protocol generation the page runs (default `conversation-routing`, what production runs now). */
  protocol?: ProfileName;
  /**
   * Seeds the fake's message ids (default 1). One bot met by several fakes in turn (`--protocol all`) must
   * never see a message id twice: a bot that deduplicates by mid, as it should, would ignore the repeat.
   */
  seed?: number;
  /** The longest the bot may take to react to a stimulus: a silent bot is done after this long (default 400 ms). */
  quietMs?: number;
  /**
   * Once the bot called the Graph API after a stimulus, it is done when nothing more came for this long
   * (default 60 ms). Equal to `quietMs`: the fixed quiet period of `--sequential`, the baseline.
   */
  graceMs?: number;
  /** Longest wait for the bot to go quiet (default 10 000 ms). */
  settleTimeoutMs?: number;
  /** A webhook POST not answered within this failed (default 5 000 ms, as Meta asks). */
  webhookTimeoutMs?: number;
}

export interface Delivery {
  seq: number;
  at: number;
  /** `platform`: an event of the world; `harness`: built by a check. */
  source: 'platform' | 'harness';
  kinds: string[];
  channels: string[];
  psids: string[];
  /** What the check calls it, e.g. `forged signature`. */
  label?: string;
  /** The check that posted it (harness deliveries), to tell apart two checks that run at once. */
  scope?: string;
  body: string;
  /** The headers it was posted with (its signature, right or forged): a replay sends the same. */
  headers: Record<string, string>;
  status?: number;
  error?: string;
  latencyMs: number;
}

/** Told of each webhook POST before and after it (the bot-lifeline: a bot that went down, a restart). */
export interface DeliveryWatcher {
  /** The next POST waits for this: a bot being started again is up before anything is sent to it. */
  ready(): Promise<void>;
  sending(d: Delivery): void;
  /** The next POST waits for this: a restarted bot is up before it is sent. */
  delivered(d: Delivery): Promise<void>;
}

export class Harness {
  readonly platform: Platform;
  readonly bot: Required<BotUnderTest>;
  readonly protocol: ProfileName;
  /** The rules the page runs: a check that needs to know what the protocol means asks them. */
  readonly profile: Profile;
  readonly pageId = PAGE_ID;
  /** The app the bot hands threads to, and gets them back from: the Page Inbox (bot primary) or the primary. */
  readonly otherApp: string;
  readonly deliveries: Delivery[] = [];
  url = '';
  watcher: DeliveryWatcher | undefined;
  private observer: GraphObserver;
  private server: Server | undefined;
  private nextUser = 0;
  /** Which check took each user: the platform's deliveries about a thread belong to that check. */
  private claims = new Map<string, string>();
  private chain: Promise<void> = Promise.resolve();
  private off: () => void;
  readonly activity: Activity;
  readonly quietMs: number;
  readonly settleTimeoutMs: number;
  readonly webhookTimeoutMs: number;

  constructor(private readonly options: HarnessOptions) {
    const role = options.role ?? 'primary';
    if (!/^[0-9]{1,16}$/.test(options.appId)) throw new Error(`--app-id must be a numeric app id, got ${options.appId}`);
    if ([MANYCHAT, LIVEDESK, PAGE_INBOX].includes(options.appId)) throw new Error(`--app-id ${options.appId} is taken by an app the simulator plays`);
    this.bot = { ...options, role, accessToken: options.accessToken ?? DEFAULT_ACCESS_TOKEN };
    this.otherApp = role === 'primary' ? PAGE_INBOX : MANYCHAT;
    this.quietMs = options.quietMs ?? 400;
    this.settleTimeoutMs = options.settleTimeoutMs ?? 10_000;
    this.webhookTimeoutMs = options.webhookTimeoutMs ?? 5_000;
    this.protocol = options.protocol ?? DEFAULT_PROTOCOL;
    // One description of the page (the bot and the simulator's apps in HOP roles); the profile adopts it.
    this.platform = new Platform(worldUnder(parseWorld(conformanceWorld(this.bot), 'conformance world'), this.protocol), { seed: options.seed ?? 1 });
    this.profile = this.platform.profileOf(this.pageId)!;
    this.observer = observedGraphApp(this.platform);
    const observer = this.observer;
    this.activity = new Activity({ quietMs: this.quietMs, graceMs: Math.min(options.graceMs ?? 60, this.quietMs), settleTimeoutMs: this.settleTimeoutMs }, () => observer.inFlight);
    observer.onCall = (call) => {
      if (call.appId === this.bot.appId) this.activity.call(call.psid, call.at);
    };
    this.off = this.platform.onEvent((recorded) => {
      if (recorded.appId !== this.bot.appId) return;
      const psid = psidOf(recorded.event, recorded.pageId);
      const scope = psid === null ? undefined : this.claims.get(psid);
      void this.post([{ pageId: recorded.pageId, channel: recorded.channel, event: recorded.event }], { source: 'platform', ...(scope === undefined ? {} : { scope }) });
    });
  }

  async start(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    this.server = await new Promise<Server>((resolve, reject) => {
      const s = this.observer.app.listen(this.options.port ?? 0, host, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async close(): Promise<void> {
    this.off();
    await this.chain;
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  get calls(): readonly ObservedCall[] {
    return this.observer.calls;
  }

  /** The bot's own Graph calls since a mark. */
  botCallsSince(mark: Mark): ObservedCall[] {
    return this.observer.calls.slice(mark.calls).filter((c) => c.appId === this.bot.appId);
  }

  /** Every Graph call the bot made in the run. */
  get botCalls(): ObservedCall[] {
    return this.observer.calls.filter((c) => c.appId === this.bot.appId);
  }

  deliveriesSince(mark: Mark): Delivery[] {
    return this.deliveries.slice(mark.deliveries);
  }

  get subscribedFields(): string[] | undefined {
    return this.observer.subscribedFields;
  }

  /** The bot subscribed the page to `fields` already (before this fake: `conform --protocol all`). */
  subscribed(fields: readonly string[]): void {
    this.platform.subscribe(this.pageId, this.bot.appId, fields);
    this.observer.subscribedFields = [...(this.platform.assets.subscription(this.pageId, this.bot.appId) ?? fields)];
  }

  mark(): Mark {
    return { calls: this.observer.calls.length, deliveries: this.deliveries.length, at: Date.now() };
  }

  /** A user of the page no check has used yet: every check works on threads of its own (`scope`: the check's). */
  user(scope?: string): string {
    if (this.nextUser >= USER_COUNT) throw new Error('conformance world: out of users');
    const psid = String(FIRST_PSID + this.nextUser++);
    if (scope !== undefined) this.claims.set(psid, scope);
    return psid;
  }

  owner(psid: string): string | null {
    const thread = this.platform.thread(this.pageId, psid);
    return thread.ok ? thread.value.owner : null;
  }

  private pass(from: string, psid: string, to: string, metadata: string): void {
    const outcome = this.platform.passThreadControl({ appId: from, pageId: this.pageId }, psid, to, metadata);
    if (!outcome.ok) throw new Error(`conformance setup: ${this.platform.appName(this.pageId, from)} cannot pass ${psid} to ${this.platform.appName(this.pageId, to)}: ${outcome.refusal}`);
  }

  // ---- the world's side ------------------------------------------------------------------------

  userWrites(psid: string, text: string) {
    return this.platform.userWrites(this.pageId, psid, { text });
  }

  userTaps(psid: string, title: string, payload: string) {
    return this.platform.userWrites(this.pageId, psid, { postback: { title, payload } });
  }

  /**
   * Sets a thread up as if the bot had handed it over to the other app (the Page Inbox when the bot is
   * primary or default app, else the primary or default app). Whatever the protocol, whoever holds the
   * thread passes it: the bot itself (made in its name, without a webhook to it: Meta sends none to the
   * passer), or, on an idle thread, the bot too (anyone may pass an idle thread, protocol.md §1.1). Nothing
   * happens when the other app already has it (under HOP v1 the primary owns every new thread).
   */
  handToOtherApp(psid: string): void {
    const owner = this.owner(psid);
    if (owner !== this.otherApp) this.pass(owner ?? this.bot.appId, psid, this.otherApp, 'conformance setup');
  }

  /**
   * The thread is given (back) to the bot with a `pass_thread_control` webhook: the Page Inbox marks it
   * Done (back to the primary or default app), any other holder passes it; an idle thread is passed by the
   * other app (anyone may, protocol.md §1.1).
   */
  giveToBot(psid: string): void {
    const owner = this.owner(psid);
    if (owner === PAGE_INBOX) {
      const outcome = this.platform.inboxDone(this.pageId, psid);
      if (!outcome.ok) throw new Error(`conformance setup: the Page Inbox cannot mark ${psid} Done: ${outcome.refusal}`);
      if (this.owner(psid) !== this.bot.appId) throw new Error(`conformance setup: Done in the Page Inbox gave ${psid} to ${this.owner(psid)}, not to the bot`);
      return;
    }
    this.pass(owner ?? this.otherApp, psid, this.bot.appId, 'conformance: your turn');
  }

  /** A thread the bot owns: a HOP v1 primary owns every new thread; otherwise it is given to the bot (a webhook). */
  ensureBotOwns(psid: string): void {
    this.platform.thread(this.pageId, psid); // creates the thread as the protocol starts it
    if (this.owner(psid) !== this.bot.appId) this.giveToBot(psid);
  }

  /**
   * The thread goes idle under its owner without a webhook: a release made in the owner's name, which the
   * bot cannot tell from the 24-hour expiry (neither sends one; protocol.md §1.4, §4.3). Refused where the
   * protocol has no idle threads (HOP v1): the caller reports the part as not applicable.
   */
  goesIdle(psid: string) {
    const owner = this.owner(psid);
    return this.platform.releaseThreadControl({ appId: owner ?? this.bot.appId, pageId: this.pageId }, psid);
  }

  /** A new user's thread that the bot owns, once the bot is done reacting to getting it, and a mark taken then. */
  async botThread(): Promise<{ psid: string; from: Mark }> {
    const psid = this.user();
    this.ensureBotOwns(psid);
    await this.settle();
    return { psid, from: this.mark() };
  }

  // ---- webhooks --------------------------------------------------------------------------------

  /** The subscription handshake with a verify token (the bot's own by default). */
  async handshake(verifyToken = this.bot.verifyToken): Promise<{ ok: boolean; status?: number; reason?: string }> {
    const abort = AbortSignal.timeout(this.webhookTimeoutMs);
    try {
      return await handshake({ url: this.bot.webhook, verifyToken }, fetch, abort);
    } catch (err) {
      return { ok: false, reason: describeFetchError(err, abort, this.webhookTimeoutMs) };
    }
  }

  /**
   * Posts one webhook body to the bot, after every earlier POST (one at a time, as Meta's per-app order).
   * Signed with the app secret, or with `secret` (a forged signature).
   */
  post(items: readonly EnvelopeItem[], options: PostOptions = {}): Promise<Delivery> {
    const psids = items.map((i) => psidOfItem(i)).filter((p): p is string => p !== null);
    // A POST about no thread (app_roles) belongs to the check that posted it, or to the run as a whole.
    const keys = psids.length > 0 ? psids : [options.scope === undefined ? GLOBAL : scopeKey(options.scope)];
    this.activity.deliveryQueued(keys);
    const result = this.chain.then(() => this.send(items, options));
    this.chain = result.then(() => undefined);
    const echo = items.every((i) => eventKind(i.event) === 'message_echo');
    return result.then(
      (d) => {
        this.activity.deliveryDone(keys, !echo && isAccepted(d), Date.now(), d.status === undefined ? undefined : d.latencyMs);
        return d;
      },
      (err: unknown) => {
        this.activity.deliveryDone(keys, false);
        throw err;
      },
    );
  }

  private async send(items: readonly EnvelopeItem[], options: PostOptions): Promise<Delivery> {
    await this.watcher?.ready();
    const body = metaStringify(envelope(items, Date.now(), options.layout ?? 'items'));
    const delivery: Delivery = {
      seq: this.deliveries.length,
      at: Date.now(),
      source: options.source ?? 'harness',
      kinds: items.map((i) => eventKind(i.event)),
      channels: items.map((i) => i.channel),
      psids: items.map((i) => psidOfItem(i)).filter((p): p is string => p !== null),
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      body,
      headers: webhookHeaders(options.secret ?? this.bot.appSecret, body),
      latencyMs: 0,
    };
    this.deliveries.push(delivery);
    this.watcher?.sending(delivery);
    await this.postToBot(delivery);
    await this.watcher?.delivered(delivery);
    return delivery;
  }

  /**
   * The same POST again, byte for byte, outside the delivery order and unwatched: the bot-lifeline sends it
   * to a restarted bot to tell which of several events brought it down. It is recorded, so traces show it.
   */
  async replay(d: Delivery): Promise<Delivery> {
    const again: Delivery = { ...d, seq: this.deliveries.length, at: Date.now(), label: `sent again to tell the cause: ${d.label ?? d.kinds.join(', ')}`, latencyMs: 0 };
    delete again.status;
    delete again.error;
    this.deliveries.push(again);
    await this.postToBot(again);
    return again;
  }

  private async postToBot(delivery: Delivery): Promise<void> {
    const started = performance.now();
    const abort = AbortSignal.timeout(this.webhookTimeoutMs);
    try {
      const response = await fetch(this.bot.webhook, { method: 'POST', headers: delivery.headers, body: delivery.body, signal: abort });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (err) {
      if (delivery.status === undefined) delivery.error = describeFetchError(err, abort, this.webhookTimeoutMs);
    }
    delivery.latencyMs = Math.round(performance.now() - started);
  }

  /**
   * Resolves once the bot is done reacting on `keys` (its threads; every thread when undefined): see
   * activity.ts for the pacing; after `settleTimeoutMs` at the latest.
   */
  async settle(keys?: readonly string[], options: SettleOptions = {}): Promise<void> {
    await this.activity.settle(keys, options);
  }
}

export interface PostOptions {
  source?: Delivery['source'];
  label?: string;
  secret?: string;
  layout?: BatchLayout;
  /** The check posting it. */
  scope?: string;
}

/** The activity key of a check's deliveries that name no thread. */
export const scopeKey = (scope: string) => `check:${scope}`;

export interface Mark {
  calls: number;
  deliveries: number;
  at: number;
}

/** A POST the bot took (2xx): it may still act on it. */
const isAccepted = (d: Delivery) => d.status !== undefined && d.status >= 200 && d.status < 300;

const psidOfItem = (item: EnvelopeItem): string | null => psidOf(item.event, item.pageId);
