import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Platform, type MessageToUser, type UserInput } from '../../fake-graph-api/platform.js';
import { LIKE_STICKER_ID, type RecordedEvent, type Referral, type UserAttachment } from '../../fake-graph-api/webhooks/event-shapes.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from '../../fake-graph-api/webhooks/webhook-dispatcher.js';
import { DEFAULT_INSTAGRAM_ACCOUNT } from '../../fake-graph-api/world/default-world.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import { withInstagramAccount, worldOnChannels, type ChannelSelection } from '../../fake-graph-api/world/world-channels.js';
import { worldUnder } from '../../fake-graph-api/world/world-under.js';
import type { ProfileName } from '../../machines/platform/profiles.js';
import type { World, WorldInput } from '../../fake-graph-api/world/world.schema.js';
import { WEBHOOK_FIELDS, type WebhookField } from '../../machines/platform/routing.js';
import { acmeShoes } from '../scenario.js';
import { appsBesideBot } from './apps-beside-bot.js';
import { observedGraphApp, type ObservedCall } from './graph-observer.js';

/**
 * The fake Graph API for a user's own test suite (vitest, jest): one call starts it on a free port with
 * their bot on a page next to a live-chat app and the Page Inbox; the returned handle plays the users and
 * the Page Inbox, reads thread owners, and shows what the bot received, called and sent.
 */
export interface BotOptions {
  /** The bot's app id (default `1234567890`). */
  appId?: string;
  role?: 'primary' | 'secondary';
  /** The page access token the bot uses (default `test-token`). */
  accessToken?: string;
  appSecret?: string;
  /** The bot's webhook: without one, its events are only recorded (see `events()`). */
  webhook?: { url: string; verifyToken?: string; fields?: WebhookField[] };
}

export interface FakeGraphApiOptions {
  /** Your bot on the built-in page (default: a primary with app id 1234567890, no webhook). */
  bot?: BotOptions;
  /** Or a whole world of your own (see the world file format); `bot` is then ignored. */
  world?: WorldInput;
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Webhook delivery: timeouts, retries, batching. */
  webhooks?: WebhookDispatcherOptions;
  /** Run every page under this protocol (a HOP world's roles become its settings); default: the world's. */
  protocol?: ProfileName;
  /**
   * The channels the fake serves, as `serve --channel`: `messenger` (the Pages alone), `instagram` or `all`
   * (the Pages with their Instagram accounts; the built-in page then has Acme Shoes' account, your bot its
   * default app, allowed to take control). Default: the channels the world has (the built-in page: Messenger).
   */
  channel?: ChannelSelection;
}

export interface FakeUser {
  /** The user writes to the page; answers the message id. */
  says(text: string): { mid: string };
  /** The user taps a button (a postback). */
  taps(title: string, payload: string): { mid: string };
  /** The user taps a quick reply: a message with the title as text and `quick_reply.payload`. */
  tapsQuickReply(title: string, payload: string): { mid: string };
  /** The user sends an image, video, audio clip or file (`{ type, url }`), or a location (`{ type: 'location', lat, long }`). */
  sends(attachment: UserAttachment): { mid: string };
  /** The user sends a sticker; `likes()` sends Messenger's thumbs-up (sticker 369239263222822). */
  sendsSticker(stickerId: string): { mid: string };
  likes(): { mid: string };
  /** The user opens the thread from an m.me link (`{ ref }`) or an ad (`{ ad_id, ref? }`): `messaging_referrals`. */
  arrivesFrom(referral: Referral): void;
  /** The user's Messenger reads the thread: `message_reads` with `watermark` (default: now). */
  reads(watermark?: number): { watermark: number };
  /** The user's Messenger reports the page's messages delivered: `message_deliveries` with their mids (throws if none is waiting). */
  receives(): { mids: string[]; watermark: number };
  /** The user taps Get Started on the welcome screen: the payload the bot set in its Messenger Profile, as a postback. */
  tapsGetStarted(): { mid: string };
}

export interface FakeGraphApi {
  /** The Graph API base URL: point your bot's client at it (any `/vNN.N` prefix is accepted). */
  url: string;
  world: World;
  /** The page the handle acts on (the world's first page). */
  pageId: string;
  /** The bot's page access token (when started with `bot`). */
  accessToken: string | undefined;
  platform: Platform;
  dispatcher: WebhookDispatcher;
  user(psid: string): FakeUser;
  inbox: {
    /** A human marks the thread Done: control goes back to the primary. */
    done(psid: string): void;
    /** A human moves the thread to the Inbox folder: the Page Inbox requests control. */
    moveToInbox(psid: string): void;
    /** A human replies from the Page Inbox (refused unless the inbox owns the thread). */
    reply(psid: string, text: string): void;
  };
  thread(psid: string): { owner(): string | null };
  /** Every webhook event the platform produced so far, for every app. */
  events(): readonly RecordedEvent[];
  /** Every Graph API call made to the fake, with its answer. */
  calls(): readonly ObservedCall[];
  /** Every message that reached a user (sent by an app or by the Page Inbox). */
  sent(): readonly MessageToUser[];
  /** Polls until `predicate` returns something truthy, and returns it; throws after `timeoutMs` (default 5 000). */
  waitFor<T>(predicate: () => T | Promise<T>, options?: { timeoutMs?: number; intervalMs?: number }): Promise<NonNullable<T>>;
  /** Back to the world as loaded (owners, events, calls, deliveries), with fresh message ids. */
  reset(): void;
  /** Moves the fake's clock forward (deadlines: control expiry, the messaging window); answers the new now. */
  advanceClock(ms: number): number;
  close(): Promise<void>;
}

export const DEFAULT_BOT_APP_ID = '1234567890';
/** Users of the built-in page: `3000000001` … `3000000010`; any other numeric PSID becomes a user when it writes. */
const USERS = Array.from({ length: 10 }, (_, i) => ({ psid: String(3000000001 + i), name: `User ${i + 1}` }));

export function botWorld(bot: BotOptions = {}): WorldInput {
  const role = bot.role ?? 'primary';
  const webhook = bot.webhook && { url: bot.webhook.url, verifyToken: bot.webhook.verifyToken ?? 'test-verify-token', fields: bot.webhook.fields ?? [...WEBHOOK_FIELDS] };
  return acmeShoes(
    [
      {
        id: bot.appId ?? DEFAULT_BOT_APP_ID,
        name: 'My bot',
        role,
        accessToken: bot.accessToken ?? 'test-token',
        appSecret: bot.appSecret ?? 'test-app-secret',
        ...(webhook ? { webhook } : {}),
      },
      ...appsBesideBot(role),
    ],
    USERS,
  );
}

/** The bot's world with the built-in Instagram account on `instagram` and `all`: the bot is its default app. */
function onChannel(world: WorldInput, channel: ChannelSelection | undefined, botAppId: string): WorldInput {
  const { apps: _, defaultApp: __, ...account } = structuredClone(DEFAULT_INSTAGRAM_ACCOUNT);
  return withInstagramAccount(world, channel, { ...account, defaultApp: botAppId, apps: [{ id: botAppId, takeControl: true }] });
}

interface Instance {
  platform: Platform;
  dispatcher: WebhookDispatcher;
  observer: ReturnType<typeof observedGraphApp>;
  sent: MessageToUser[];
  off: () => void;
}

export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const input = options.world ?? onChannel(botWorld(options.bot), options.channel, options.bot?.appId ?? DEFAULT_BOT_APP_ID);
  const loaded = worldOnChannels(parseWorld(input, 'startFakeGraphApi world'), options.channel, 'the startFakeGraphApi world');
  const world = options.protocol === undefined ? loaded : worldUnder(loaded, options.protocol);
  // reset() builds a fresh platform with the next seed: message ids never repeat within a run, so a bot that
  // deduplicates by mid (as it should) does not mistake the next test's messages for redeliveries.
  let seed = 1;
  const build = (): Instance => {
    const platform = new Platform(world, { seed: seed++, ...(options.webhooks?.clock ? { clock: options.webhooks.clock } : {}) });
    const dispatcher = createWebhookDispatcher(platform, options.webhooks ?? {});
    dispatcher.start();
    const sent: MessageToUser[] = [];
    const off = platform.onMessageToUser((m) => sent.push(m));
    return { platform, dispatcher, observer: observedGraphApp(platform, { dispatcher }), sent, off };
  };
  let current = build();
  const server: Server = createServer((req, res) => current.observer.app(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = world.pages[0]!;
  const must = <T>(outcome: { ok: true; value: T } | { ok: false; refusal: string; detail?: string }, what: string): T => {
    if (!outcome.ok) throw new Error(`${what} was refused: ${outcome.refusal}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    return outcome.value;
  };
  const accessToken = options.world ? undefined : page.apps[0]!.accessToken;
  const retire = async (instance: Instance) => {
    instance.off();
    await instance.dispatcher.stop({ flush: false });
  };

  return {
    url,
    world,
    pageId: page.id,
    accessToken,
    get platform() {
      return current.platform;
    },
    get dispatcher() {
      return current.dispatcher;
    },
    user: (psid) => {
      const writes = (input: UserInput, what: string) => ({ mid: must(current.platform.userWrites(page.id, psid, input), `user ${psid}'s ${what}`).mid });
      return {
        says: (text) => writes({ text }, 'message'),
        taps: (title, payload) => writes({ postback: { title, payload } }, 'tap'),
        tapsQuickReply: (title, payload) => writes({ text: title, quick_reply: { payload } }, 'quick reply'),
        sends: (attachment) => writes({ attachment }, 'attachment'),
        sendsSticker: (stickerId) => writes({ sticker_id: stickerId }, 'sticker'),
        likes: () => writes({ sticker_id: LIKE_STICKER_ID }, 'like'),
        tapsGetStarted: () => ({ mid: must(current.platform.tapsGetStarted(page.id, psid), `user ${psid}'s tap on Get Started`).mid }),
        arrivesFrom: (referral) => void must(current.platform.userArrives(page.id, psid, referral), `user ${psid}'s arrival`),
        reads: (watermark) => ({ watermark: must(current.platform.userReads(page.id, psid, watermark), `user ${psid}'s read`).watermark }),
        receives: () => {
          const { mids, watermark } = must(current.platform.messagesDelivered(page.id, psid), `the delivery to user ${psid}`);
          return { mids, watermark };
        },
      };
    },
    inbox: {
      done: (psid) => void must(current.platform.inboxDone(page.id, psid), 'Done in the Page Inbox'),
      moveToInbox: (psid) => void must(current.platform.inboxMoveToInbox(page.id, psid), 'moving the thread to the Inbox'),
      reply: (psid, text) => void must(current.platform.inboxReply(page.id, psid, text), "the Page Inbox's reply"),
    },
    thread: (psid) => ({
      owner: () => {
        const thread = current.platform.thread(page.id, psid);
        return thread.ok ? thread.value.owner : null;
      },
    }),
    events: () => current.platform.events(),
    calls: () => current.observer.calls,
    sent: () => current.sent,
    async waitFor(predicate, waitOptions = {}) {
      const timeoutMs = waitOptions.timeoutMs ?? 5_000;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await predicate();
        if (value) return value as NonNullable<typeof value>;
        if (Date.now() >= deadline) throw new Error(`waitFor: the condition did not hold within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, waitOptions.intervalMs ?? 20));
      }
    },
    advanceClock: (ms) => current.platform.advanceClock(ms),
    reset() {
      void retire(current);
      current = build();
    },
    async close() {
      await retire(current);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
