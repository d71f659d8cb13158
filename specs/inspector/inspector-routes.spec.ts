import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, Platform, startServer, type RunningServer } from '../../fake-graph-api/index.js';
import { DEFAULT_WORLD } from '../../fake-graph-api/world/default-world.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import { PAGE_INBOX_APP_ID } from '../../machines/platform/index.js';
import { ANN, BOT, DESK, PAGE, setup, type Setup } from '../fake-graph-api/webhooks/fixtures/world.js';
import { metaError } from '../fake-graph-api/graph/fixtures/harness.js';
import { deadUrl, ok, receiversClosedAfterEach, startReceiver } from '../fake-graph-api/webhooks/fixtures/receiver.js';

const ANN_DEFAULT = '3000000001';
const BOT_DEFAULT = { appId: '2000000001', pageId: PAGE };

const receivers = receiversClosedAfterEach();
let server: RunningServer | undefined;
let s: Setup | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await s?.dispatcher.stop({ flush: false });
  s = undefined;
});

describe('/__inspector', () => {
  it('serves a page that loads nothing from outside the fake', async () => {
    const res = await request(createApp(new Platform(parseWorld(DEFAULT_WORLD)))).get('/__inspector').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<title>handover-sim · inspector</title>');
    expect(res.text).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(res.text).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
  });

  it('lists pages, apps with their roles, and every thread with its current owner', async () => {
    const platform = new Platform(parseWorld(DEFAULT_WORLD));
    const app = createApp(platform);
    platform.userWrites(PAGE, ANN_DEFAULT, { text: 'hi' });
    platform.userWrites(PAGE, '3000000002', { text: 'hello' });
    platform.passThreadControl(BOT_DEFAULT, ANN_DEFAULT, PAGE_INBOX_APP_ID, null);
    const res = await request(app).get('/__inspector/state').expect(200);
    expect(res.body).toEqual({
      webhooks: false,
      pages: [{
        id: PAGE,
        name: 'Acme Shoes',
        handoverActive: true,
        apps: [
          { id: '2000000001', name: 'ManyChat', role: 'primary' },
          { id: '2000000002', name: 'LiveDesk', role: 'secondary' },
          { id: PAGE_INBOX_APP_ID, name: 'Page Inbox', role: 'secondary' },
        ],
        threads: [
          { psid: ANN_DEFAULT, name: 'Ann', owner: PAGE_INBOX_APP_ID, ownerName: 'Page Inbox', state: '{"handoverActive":"withSecondary"}' },
          { psid: '3000000002', name: 'Bo', owner: '2000000001', ownerName: 'ManyChat', state: '{"handoverActive":"withPrimary"}' },
          { psid: '3000000003', name: 'Cy', owner: '2000000001', ownerName: 'ManyChat', state: '{"handoverActive":"withPrimary"}' },
        ],
      }],
    });
  });

  it("gives a thread's timeline as steps and as an SVG sequence diagram; an unknown thread is Meta's 404", async () => {
    const platform = new Platform(parseWorld(DEFAULT_WORLD));
    const app = createApp(platform);
    platform.userWrites(PAGE, ANN_DEFAULT, { text: 'agent <b>now</b>' });
    platform.passThreadControl(BOT_DEFAULT, ANN_DEFAULT, PAGE_INBOX_APP_ID, null);
    platform.sendMessage(BOT_DEFAULT, ANN_DEFAULT, { text: 'deals' });
    const res = await request(app).get(`/__inspector/threads/${PAGE}/${ANN_DEFAULT}`).expect(200);
    expect(res.body.participants.map((p: { label: string }) => p.label)).toEqual([
      'Ann (user)', 'Messenger platform', 'ManyChat (primary)', 'LiveDesk (secondary)', 'Page Inbox (secondary)',
    ]);
    expect(res.body.steps.map((st: { kind: string; label: string; status?: string }) => [st.kind, st.label, st.status ?? null])).toEqual([
      ['message', '"agent <b>now</b>"', null],
      ['delivery', 'message · messaging', 'recorded'],
      ['delivery', 'message · standby', 'recorded'],
      ['delivery', 'message · standby', 'recorded'],
      ['handover', 'pass_thread_control → Page Inbox', null],
      ['note', 'owner: Page Inbox', null],
      ['delivery', 'pass_thread_control · messaging', 'recorded'],
      ['refusal', 'send refused: send_not_owner', null],
    ]);
    const svg: string = res.body.svg;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="sequence"')).toBe(true);
    expect(svg.match(/class="step /g)).toHaveLength(8);
    expect(svg).toContain('data-kind="handover" data-from="2000000001" data-to="platform"');
    expect(svg).toContain('&quot;agent &lt;b&gt;now&lt;/b&gt;&quot;'); // user text is escaped, never markup
    const missing = await request(app).get(`/__inspector/threads/${PAGE}/3000000009`).expect(404);
    expect(missing.body).toEqual(metaError('(#100) Unknown thread 1000000001/3000000009', 100));
  });

  it('shows what became of each webhook delivery when the server sends webhooks', async () => {
    const bot = await startReceiver(ok);
    receivers.push(bot);
    s = setup({ bot: bot.url, desk: await deadUrl() }, { retry: { quickRetries: 0, unsubscribeAfterMs: 0 } });
    const app = createApp(s.platform, { dispatcher: s.dispatcher });
    s.platform.userWrites(PAGE, ANN, { text: 'hi' });
    s.platform.passThreadControl({ appId: BOT, pageId: PAGE }, ANN, DESK, null);
    await s.dispatcher.drain();
    const res = await request(app).get(`/__inspector/threads/${PAGE}/${ANN}`).expect(200);
    const deliveries = res.body.steps.filter((st: { kind: string }) => st.kind === 'delivery');
    expect(deliveries.map((d: { to: string; label: string; status: string }) => [d.to, d.label, d.status])).toEqual([
      [BOT, 'message · messaging', 'delivered 200'],
      // LiveDesk did not subscribe to `standby`: it never hears Ann's message. The Page Inbox has no webhook.
      ['263902037430900', 'message · standby', 'recorded (no webhook)'],
      [DESK, 'pass_thread_control · messaging', `failed: ECONNREFUSED; app unsubscribed from page ${PAGE} after 0 ms of failed deliveries`],
    ]);
    expect((await request(app).get('/__inspector/state')).body.webhooks).toBe(true);
  });

  it('shows a delivery still being retried as pending, with the last answer', async () => {
    const bot = await startReceiver((_req, _i, res) => void res.writeHead(500).end());
    receivers.push(bot);
    s = setup({ bot: bot.url, desk: await deadUrl() });
    const app = createApp(s.platform, { dispatcher: s.dispatcher });
    s.platform.userWrites(PAGE, ANN, { text: 'hi' });
    await s.dispatcher.idle(); // the first POST got its 500; the retry waits on the virtual clock
    const res = await request(app).get(`/__inspector/threads/${PAGE}/${ANN}`).expect(200);
    expect(res.body.steps.find((st: { to: string }) => st.to === BOT).status).toBe('pending · 1 attempt (last 500)');
    expect(res.body.svg).toContain('<tspan class="status wait">[pending · 1 attempt (last 500)]</tspan>');
  });

  it('streams a change event (server-sent events) whenever the platform does something', async () => {
    server = await startServer(parseWorld(DEFAULT_WORLD));
    const res = await fetch(`${server.url}/__inspector/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += decoder.decode(value);
      }
    };
    await readUntil('event: hello\ndata: {"version":0}\n\n');
    server.platform.userWrites(PAGE, ANN_DEFAULT, { text: 'hi' });
    server.platform.passThreadControl(BOT_DEFAULT, ANN_DEFAULT, PAGE_INBOX_APP_ID, null);
    await readUntil('event: change\ndata: {"version":1}\n\n');
    await reader.cancel();
  });
});
