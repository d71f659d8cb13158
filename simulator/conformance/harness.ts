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
import { WEBHOOK_FIELDS } from '../../machines/platform/routing.js';
import { LIVEDESK, MANYCHAT, PAGE_ID, PAGE_INBOX } from '../scenario.js';
import { appsBesideBot } from './apps-beside-bot.js';
import { observedGraphApp, type GraphObserver, type ObservedCall } from './graph-observer.js';
import { DEFAULT_ACCESS_TOKEN, type BotRole } from './types.js';

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
  /** The bot is done reacting once nothing moved for this long (default 400 ms). */
  quietMs?: number;
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
  body: string;
  status?: number;
  error?: string;
  latencyMs: number;
}

/** Told of each webhook POST before and after it (the bot-lifeline: a bot that went down, a restart). */
export interface DeliveryWatcher {
  sending(d: Delivery): void;
  /** The next POST waits for this: a restarted bot is up before it is sent. */
  delivered(d: Delivery): Promise<void>;
}

const USER_COUNT = 60;
const FIRST_PSID = 3100000001;

export class Harness {
  readonly platform: Platform;
  readonly bot: Required<BotUnderTest>;
  readonly pageId = PAGE_ID;
  /** The app the bot hands threads to, and gets them back from: the Page Inbox (bot primary) or the primary. */
  readonly otherApp: string;
  readonly deliveries: Delivery[] = [];
  url = '';
  watcher: DeliveryWatcher | undefined;
  private observer: GraphObserver;
  private server: Server | undefined;
  private nextUser = 0;
  private chain: Promise<void> = Promise.resolve();
  private posting = 0;
  private lastActivity = Date.now();
  private off: () => void;
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
    this.platform = new Platform(parseWorld(conformanceWorld(this.bot), 'conformance world'));
    this.observer = observedGraphApp(this.platform);
    this.observer.onActivity = () => (this.lastActivity = Date.now());
    this.off = this.platform.onEvent((recorded) => {
      if (recorded.appId !== this.bot.appId) return;
      void this.post([{ pageId: recorded.pageId, channel: recorded.channel, event: recorded.event }], { source: 'platform' });
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

  deliveriesSince(mark: Mark): Delivery[] {
    return this.deliveries.slice(mark.deliveries);
  }

  get subscribedFields(): string[] | undefined {
    return this.observer.subscribedFields;
  }

  mark(): Mark {
    return { calls: this.observer.calls.length, deliveries: this.deliveries.length, at: Date.now() };
  }

  /** A user of the page no check has used yet: every check works on threads of its own. */
  user(): string {
    if (this.nextUser >= USER_COUNT) throw new Error('conformance world: out of users');
    return String(FIRST_PSID + this.nextUser++);
  }

  owner(psid: string): string | null {
    const thread = this.platform.thread(this.pageId, psid);
    return thread.ok ? thread.value.owner : null;
  }

  // ---- the world's side ------------------------------------------------------------------------

  userWrites(psid: string, text: string) {
    return this.platform.userWrites(this.pageId, psid, { text });
  }

  userTaps(psid: string, title: string, payload: string) {
    return this.platform.userWrites(this.pageId, psid, { postback: { title, payload } });
  }

  /**
   * Sets a thread up as if the bot had handed it over: to the Page Inbox when the bot is primary (the pass is
   * made in the bot's name, without a webhook to the bot: Meta sends none to the passer); when the bot is
   * secondary, the primary simply keeps the thread.
   */
  handToOtherApp(psid: string): void {
    const outcome = this.bot.role === 'primary'
      ? this.platform.passThreadControl({ appId: this.bot.appId, pageId: this.pageId }, psid, PAGE_INBOX, 'conformance setup')
      : this.platform.thread(this.pageId, psid); // creates the thread: the primary owns it
    if (!outcome.ok) throw new Error(`conformance setup: cannot hand ${psid} to ${this.otherApp}: ${outcome.refusal}`);
  }

  /** The other app gives the thread (back) to the bot: the Page Inbox marks it Done, or the primary passes it. */
  giveToBot(psid: string): void {
    const outcome = this.bot.role === 'primary'
      ? this.platform.inboxDone(this.pageId, psid)
      : this.platform.passThreadControl({ appId: MANYCHAT, pageId: this.pageId }, psid, this.bot.appId, 'conformance: your turn');
    if (!outcome.ok) throw new Error(`conformance setup: cannot give ${psid} to the bot: ${outcome.refusal}`);
  }

  /** A thread the bot owns; for a secondary this makes the primary pass it (a real webhook to the bot). */
  ensureBotOwns(psid: string): void {
    this.platform.thread(this.pageId, psid); // creates the thread: the primary owns it
    if (this.owner(psid) !== this.bot.appId) this.giveToBot(psid);
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
  post(items: readonly EnvelopeItem[], options: { source?: Delivery['source']; label?: string; secret?: string; layout?: BatchLayout } = {}): Promise<Delivery> {
    this.posting++;
    this.lastActivity = Date.now();
    const result = this.chain.then(() => this.send(items, options));
    this.chain = result.then(() => undefined);
    return result.finally(() => {
      this.posting--;
      this.lastActivity = Date.now();
    });
  }

  private async send(items: readonly EnvelopeItem[], options: { source?: Delivery['source']; label?: string; secret?: string; layout?: BatchLayout }): Promise<Delivery> {
    const body = metaStringify(envelope(items, Date.now(), options.layout ?? 'items'));
    const headers = webhookHeaders(options.secret ?? this.bot.appSecret, body);
    const started = performance.now();
    const delivery: Delivery = {
      seq: this.deliveries.length,
      at: Date.now(),
      source: options.source ?? 'harness',
      kinds: items.map((i) => eventKind(i.event)),
      channels: items.map((i) => i.channel),
      psids: items.map((i) => psidOfItem(i)).filter((p): p is string => p !== null),
      ...(options.label === undefined ? {} : { label: options.label }),
      body,
      latencyMs: 0,
    };
    this.deliveries.push(delivery);
    this.watcher?.sending(delivery);
    const abort = AbortSignal.timeout(this.webhookTimeoutMs);
    try {
      const response = await fetch(this.bot.webhook, { method: 'POST', headers, body, signal: abort });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (err) {
      if (delivery.status === undefined) delivery.error = describeFetchError(err, abort, this.webhookTimeoutMs);
    }
    delivery.latencyMs = Math.round(performance.now() - started);
    await this.watcher?.delivered(delivery);
    return delivery;
  }

  /**
   * Resolves once the bot is done reacting: no webhook POST or Graph call in flight and nothing moved for
   * `quietMs`; or after `settleTimeoutMs` at the latest.
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + this.settleTimeoutMs;
    for (;;) {
      const now = Date.now();
      const busy = this.posting > 0 || this.observer.inFlight > 0;
      const last = Math.max(this.lastActivity, this.observer.lastActivity);
      if (!busy && now - last >= this.quietMs) return;
      if (now >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, this.quietMs)));
    }
  }
}

export interface Mark {
  calls: number;
  deliveries: number;
  at: number;
}

const psidOfItem = (item: EnvelopeItem): string | null => psidOf(item.event, item.pageId);

/** The page: the bot in its role, the simulator's apps in the others, and users enough for every check. */
function conformanceWorld(bot: Required<BotUnderTest>) {
  const botApp = {
    id: bot.appId,
    name: 'Bot under test',
    role: bot.role,
    accessToken: bot.accessToken,
    appSecret: bot.appSecret,
    webhook: { url: bot.webhook, verifyToken: bot.verifyToken, fields: [...WEBHOOK_FIELDS] },
  };
  return {
    profile: 'hop-v1' as const,
    pages: [
      {
        id: PAGE_ID,
        name: 'Acme Shoes',
        apps: [botApp, ...appsBesideBot(bot.role)],
        users: Array.from({ length: USER_COUNT }, (_, i) => ({ psid: String(FIRST_PSID + i), name: `User ${i + 1}` })),
      },
    ],
  };
}
