import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, parseWorld, Platform } from '../../../fake-graph-api/index.js';

/**
 * protocol.md §1.1 (CR: no target_app_id → the default application) and §4.2 (the Meta Business Suite
 * Inbox "may be the default app"): a page whose default app is the Page Inbox, not listed under apps
 * (the world schema accepts it: the inbox is built in). Found by the property suite's review of the core:
 * the inbox was the default app but not connected, so passing back to it was refused as Incorrect App ID.
 */
const PAGE = '1000000001';
const BOT = '2000000001';
const INBOX = '263902037430900';
const USER = '3000000001';
const NOW = 1_700_000_000_000;

function fake() {
  const world = parseWorld({
    profile: 'conversation-routing',
    pages: [{ id: PAGE, name: 'Shop', defaultApp: INBOX, apps: [{ id: BOT, name: 'Bot', accessToken: 'tok-bot' }], users: [{ psid: USER, name: 'Ann' }] }],
  });
  const platform = new Platform(world, { clock: { now: () => NOW } });
  return { platform, app: createApp(platform) };
}

describe('CR: the Page Inbox as default application, unlisted', () => {
  it('§4.4 an idle thread goes to the inbox, which hears the message on messaging', async () => {
    const { platform, app } = fake();
    const { body } = await request(app).post(`/__admin/pages/${PAGE}/users/${USER}/messages`).send({ text: 'hi' }).expect(200);
    expect(body.routes).toEqual([{ appId: BOT, channel: 'standby' }, { appId: INBOX, channel: 'messaging' }]);
    expect(platform.ownerOf(PAGE, USER)).toBe(INBOX);
  });

  it('§1.1 a pass without target_app_id goes back to the inbox (the default app), not "Incorrect App ID"', async () => {
    const { platform, app } = fake();
    await request(app).post(`/__admin/pages/${PAGE}/users/${USER}/messages`).send({ text: 'hi' }).expect(200);
    expect(platform.passThreadControl({ appId: INBOX, pageId: PAGE }, USER, BOT, null)).toEqual({ ok: true, value: null });
    const res = await request(app).post('/v19.0/me/pass_thread_control?access_token=tok-bot').send({ recipient: { id: USER } });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { success: true } });
    expect(platform.ownerOf(PAGE, USER)).toBe(INBOX);
  });
});
