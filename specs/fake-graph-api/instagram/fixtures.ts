import request from 'supertest';
import { expect } from 'vitest';
import { createApp, parseWorld, Platform, type WorldInput } from '../../../fake-graph-api/index.js';
import { INSTAGRAM_INBOX_APP_ID, PAGE_INBOX_APP_ID } from '../../../machines/platform/index.js';

/**
 * The Instagram channel's worlds (issue 23, docs/instagram.md). Page ACME runs HOP v1 on Messenger (BOT primary,
 * DESK and the Page Inbox secondaries) and has a linked Instagram account IG under Conversation Routing: BOT
 * the default app, BOT and DESK allowed to take control, the m.me/ig.me ref "support" routed to DESK; SHOP
 * is an app of the Page without Instagram messaging. Page V2 has an Instagram account under HOP v2 (BOT
 * primary, DESK secondary). The same person is ANN (PSID) on Messenger and IG_ANN (IGSID) on Instagram.
 * No app has a webhook: each hears every field, and the events are recorded.
 */
export const ACME = '1200000001';
export const IG = '1784140000000002';
export const V2 = '1200000002';
export const IG_V2 = '1784140000000003';
export const BOT = '2200000001';
export const DESK = '2200000002';
export const SHOP = '2200000003';
export const IG_INBOX = INSTAGRAM_INBOX_APP_ID;
export const PAGE_INBOX = PAGE_INBOX_APP_ID;
export const ANN = '3200000001';
export const IG_ANN = '7200000001';
export const IG_BO = '7200000002';
export const IG_CY = '7200000003';
export const NOW = 1_700_000_000_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T = { bot: 'acme-bot', desk: 'acme-desk', shop: 'acme-shop', v2Bot: 'v2-bot', v2Desk: 'v2-desk' };

export const WORLD: WorldInput = {
  profile: 'hop-v1',
  pages: [
    {
      id: ACME, name: 'Acme',
      apps: [
        { id: BOT, name: 'Bot', role: 'primary', accessToken: T.bot, appSecret: 'bot-secret' },
        { id: DESK, name: 'Desk', role: 'secondary', accessToken: T.desk, appSecret: 'desk-secret' },
        { id: SHOP, name: 'Shop', accessToken: T.shop },
        { id: PAGE_INBOX, name: 'Page Inbox', role: 'secondary' },
      ],
      users: [{ psid: ANN, name: 'Ann' }],
      instagram: {
        id: IG, username: 'acme.ig', defaultApp: BOT,
        entryPoints: [{ ref: 'support', app: DESK }],
        apps: [{ id: BOT, takeControl: true }, { id: DESK, takeControl: true }],
        users: [
          { igsid: IG_ANN, username: 'ann.ig', name: 'Ann Lee' },
          { igsid: IG_BO, username: 'bo.ig', follower_count: 42, is_verified_user: true, is_user_follow_business: true, is_business_follow_user: false, profile_pic: 'https://cdn.example/bo.jpg' },
        ],
      },
    },
    {
      id: V2, name: 'Acme v2',
      apps: [
        { id: BOT, name: 'Bot', role: 'primary', accessToken: T.v2Bot },
        { id: DESK, name: 'Desk', role: 'secondary', accessToken: T.v2Desk },
      ],
      instagram: {
        id: IG_V2, username: 'acme.v2', protocol: 'hop-v2',
        apps: [{ id: BOT, role: 'primary' }, { id: DESK, role: 'secondary' }],
        users: [{ igsid: IG_CY, username: 'cy.ig' }],
      },
    },
  ],
};
export function setup(world: WorldInput = WORLD) {
  const platform = new Platform(parseWorld(world), { clock: { now: () => NOW } });
  const app = createApp(platform);
  return { platform, app, http: () => request(app) };
}
export type Fake = ReturnType<typeof setup>;

export const post = (fake: Fake, edge: string, token: string, body: object, node = 'me') =>
  fake.http().post(`/v19.0/${node}/${edge}`).query({ access_token: token }).send(body);
export const get = (fake: Fake, path: string, token: string, query: Record<string, string> = {}) =>
  fake.http().get(`/v19.0/${path}`).query({ ...query, access_token: token });
export const owner = (fake: Fake, token: string, user = IG_ANN) => get(fake, 'me/thread_owner', token, { recipient: user });
export const userWrites = (fake: Fake, account: string, user: string, body: object) =>
  fake.http().post(`/__admin/pages/${account}/users/${user}/messages`).send(body);
export const advance = (fake: Fake, ms: number) => fake.http().post('/__admin/clock').send({ advanceMs: ms }).expect(200);
export async function events(fake: Fake, after = -1): Promise<unknown[]> {
  const body = (await fake.http().get('/__admin/events').query(after < 0 ? {} : { after }).expect(200)).body as { events: { seq?: number }[] };
  return body.events.map(({ seq: _, ...e }) => e);
}
export const thread = async (fake: Fake, account: string, user: string) =>
  (await fake.http().get(`/__admin/pages/${account}/threads/${user}`).expect(200)).body as { owner: string | null; expiresAt: number | null; history: unknown[] };

export function metaError(message: string, code: number, subcode?: number) {
  const error = subcode === undefined
    ? { message, type: 'OAuthException', code, fbtrace_id: expect.any(String) }
    : { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: expect.any(String) };
  return { error };
}

/** A recorded event of the Instagram account IG (or another account). */
export const rec = (appId: string, channel: 'messaging' | 'standby', event: object, account = IG) => ({ appId, pageId: account, channel, event });
/** The business side of an Instagram event is the account's id, the person's an IGSID (S60). */
export const from = (user = IG_ANN, account = IG, time = NOW) => ({ sender: { id: user }, recipient: { id: account }, timestamp: time });
