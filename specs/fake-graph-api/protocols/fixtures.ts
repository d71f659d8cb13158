import request from 'supertest';
import { expect } from 'vitest';
import { createApp, parseWorld, Platform, type WorldInput } from '../../../fake-graph-api/index.js';
import { PAGE_INBOX_APP_ID } from '../../../machines/platform/index.js';

/**
 * Worlds and helpers for the HOP v2 and Conversation Routing specs (issue 11). Page CR has a default app
 * (BOT), a live-chat app with the take permission (DESK), an app without it (SHOP), entry points (m.me ref
 * "support" → DESK, ad 6001 → SHOP for 7 days). Page ZERO runs CR zero-config. Page V2 runs HOP v2 with a
 * primary (BOT) and a secondary (DESK). No app has a webhook: each hears every field, events are recorded.
 */
export const CR = '1100000001';
export const ZERO = '1100000002';
export const V2 = '1100000003';
export const BOT = '2100000001';
export const DESK = '2100000002';
export const SHOP = '2100000003';
export const INBOX = PAGE_INBOX_APP_ID;
export const ANN = '3100000001';
export const BO = '3100000002';
export const NOW = 1_700_000_000_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const users = [{ psid: ANN, name: 'Ann' }, { psid: BO, name: 'Bo' }];
export const T = {
  crBot: 'cr-bot', crDesk: 'cr-desk', crShop: 'cr-shop',
  zeroBot: 'zero-bot', zeroDesk: 'zero-desk',
  v2Bot: 'v2-bot', v2Desk: 'v2-desk', v2Shop: 'v2-shop',
};

export const WORLD: WorldInput = {
  profile: 'hop-v1',
  pages: [
    {
      id: CR, name: 'Acme CR', protocol: 'conversation-routing', defaultApp: BOT,
      entryPoints: [{ ref: 'support', app: DESK }, { adId: '6001', app: SHOP, controlExpirationDays: 7 }],
      apps: [
        { id: BOT, name: 'Bot', takeControl: true, accessToken: T.crBot },
        { id: DESK, name: 'Desk', takeControl: true, accessToken: T.crDesk },
        { id: SHOP, name: 'Shop', accessToken: T.crShop },
        { id: INBOX, name: 'Page Inbox' },
      ],
      users,
    },
    {
      id: ZERO, name: 'Acme zero-config', protocol: 'conversation-routing',
      apps: [
        { id: BOT, name: 'Bot', accessToken: T.zeroBot },
        { id: DESK, name: 'Desk', takeControl: true, accessToken: T.zeroDesk },
      ],
      users,
    },
    {
      id: V2, name: 'Acme v2', protocol: 'hop-v2',
      apps: [
        { id: BOT, name: 'Bot', role: 'primary', accessToken: T.v2Bot },
        { id: DESK, name: 'Desk', role: 'secondary', accessToken: T.v2Desk },
        { id: SHOP, name: 'Shop', accessToken: T.v2Shop },
      ],
      users,
    },
  ],
};

export function setup(world: WorldInput = WORLD) {
  const platform = new Platform(parseWorld(world), { clock: { now: () => NOW } });
  const app = createApp(platform);
  return { platform, app, http: () => request(app) };
}
export type Fake = ReturnType<typeof setup>;

export const post = (fake: Fake, edge: string, token: string, body: object) =>
  fake.http().post(`/v19.0/me/${edge}`).query({ access_token: token }).send(body);
export const owner = (fake: Fake, token: string, psid = ANN) =>
  fake.http().get('/v19.0/me/thread_owner').query({ recipient: psid, access_token: token });
export const userWrites = (fake: Fake, page: string, body: object, psid = ANN) =>
  fake.http().post(`/__admin/pages/${page}/users/${psid}/messages`).send(body).expect(200);
export const advance = (fake: Fake, ms: number) => fake.http().post('/__admin/clock').send({ advanceMs: ms }).expect(200);
export async function events(fake: Fake): Promise<unknown[]> {
  return (await fake.http().get('/__admin/events').expect(200)).body.events;
}
export const thread = async (fake: Fake, page: string, psid = ANN) =>
  (await fake.http().get(`/__admin/pages/${page}/threads/${psid}`).expect(200)).body as { owner: string | null; expiresAt: number | null; history: unknown[] };

export function metaError(message: string, code: number, subcode?: number) {
  const error = subcode === undefined
    ? { message, type: 'OAuthException', code, fbtrace_id: expect.any(String) }
    : { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: expect.any(String) };
  return { error };
}

/** Webhook events as recorded, for the given time. */
export const ev = {
  messaging: (appId: string, pageId: string, event: object) => ({ appId, pageId, channel: 'messaging', event }),
  standby: (appId: string, pageId: string, event: object) => ({ appId, pageId, channel: 'standby', event }),
  pass: (pageId: string, from: string | null, to: string, time = NOW, metadata?: string) => ({
    sender: { id: ANN }, recipient: { id: pageId }, timestamp: time,
    pass_thread_control: { previous_owner_app_id: from, new_owner_app_id: to, ...(metadata === undefined ? {} : { metadata }) },
  }),
  take: (pageId: string, from: string, to: string, time = NOW) => ({
    sender: { id: ANN }, recipient: { id: pageId }, timestamp: time,
    take_thread_control: { previous_owner_app_id: from, new_owner_app_id: to },
  }),
  request: (pageId: string, requester: string, time = NOW) => ({
    sender: { id: ANN }, recipient: { id: pageId }, timestamp: time,
    request_thread_control: { requested_owner_app_id: Number(requester) },
  }),
  text: (pageId: string, mid: string, text: string, time = NOW) => ({ sender: { id: ANN }, recipient: { id: pageId }, timestamp: time, message: { mid, text } }),
  echo: (pageId: string, appId: string, mid: string, text: string, time = NOW) => ({
    sender: { id: pageId }, recipient: { id: ANN }, timestamp: time, message: { is_echo: true, app_id: Number(appId), mid, text },
  }),
};

export const ERR = {
  sendNotOwner: metaError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300),
  outsideWindow: metaError('(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', 10, 2018278),
  tagRetired: metaError('(#100) This message tag is no longer supported: use CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, ACCOUNT_UPDATE, HUMAN_AGENT or CUSTOMER_FEEDBACK.', 100, 2018920),
  releaseNotOwner: metaError('(#10) Only the current thread owner can release thread control.', 10, 2018921),
  extendNotOwner: metaError('(#10) Only the current thread owner can extend thread control.', 10, 2018922),
  extendTooLong: metaError('(#100) duration must be at most 604800 seconds (7 days).', 100, 2018923),
  passNotOwner: metaError('(#10) Only the current thread owner can pass thread control, or any app while the thread is idle.', 10, 2018924),
  takeOwnedNotPrimary: metaError('(#10) Only the Primary Receiver can take control of a thread another app controls; any app can take an idle thread.', 10, 2018925),
  takeNeedsDefault: metaError('(#10) The Take Thread Control API is blocked unless a default application is set.', 10, 2018926),
  takeNotPermitted: metaError('(#10) This app is not allowed to take control of conversations on this page (Page Settings: Allow this app to take control).', 10, 2018927),
  requestNeedsZero: metaError('(#10) request_thread_control is only available when conversation routing is not enabled (default message routing behavior).', 10, 2018928),
  sendIdle: metaError('(#10) Message failed to send because the thread is idle: only the default application can send into it.', 10, 2018929),
  inlineNeedsRouting: metaError('(#100) thread_control is only supported when conversation routing is enabled.', 100, 2018930),
  hopDisabled: metaError('(#10) Handover Protocol APIs disabled for this page.', 10, 2018931),
  alreadyOwner: metaError('(#10) Your app already controls this thread.', 10, 2018907),
  passToSelf: metaError('(#100) An app cannot pass thread control to itself.', 100, 2018904),
};
