import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../fake-graph-api/index.js';
import { metaError } from '../graph/fixtures/harness.js';
import { ANN, BOT, DESK, PAGE, VERIFY_TOKENS, world } from './fixtures/world.js';
import { receiversClosedAfterEach, startReceiver, type Answer, type Receiver } from './fixtures/receiver.js';

/** The subscription handshake, through the library and through POST /__admin/apps/{app}/verify. */
const receivers = receiversClosedAfterEach();
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A receiver that verifies as Meta's sample does: 200 + challenge for the right token, 403 otherwise; 200 to POSTs. */
const verifying = (token: string): Answer => (req, _i, res) => {
  if (req.method === 'POST') return void res.writeHead(200).end('EVENT_RECEIVED');
  const q = new URL(req.url, 'http://x').searchParams;
  if (q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === token) return void res.writeHead(200).end(q.get('hub.challenge'));
  res.writeHead(403).end('Forbidden');
};

async function start(botAnswer: Answer, deskAnswer: Answer, onLog?: (message: string) => void) {
  const bot = await startReceiver(botAnswer);
  const desk = await startReceiver(deskAnswer);
  receivers.push(bot, desk);
  server = await startServer(world({ bot: bot.url, desk: desk.url }), { webhooks: onLog ? { onLog } : {} });
  return { bot, desk, dispatcher: server.dispatcher!, url: server.url };
}

describe('webhook verification handshake', () => {
  it('calls GET <url>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… and subscribes the apps that echo the challenge', async () => {
    const { bot, desk, dispatcher } = await start(verifying(VERIFY_TOKENS.bot), verifying(VERIFY_TOKENS.desk));
    const results = await dispatcher.verifyAll();
    expect(results).toEqual([
      { pageId: PAGE, appId: BOT, appName: 'Bot', url: bot.url, ok: true, status: 200 },
      { pageId: PAGE, appId: DESK, appName: 'LiveDesk', url: desk.url, ok: true, status: 200 },
    ]);
    const query = new URL(bot.requests[0]!.url, 'http://x').searchParams;
    expect(bot.requests[0]!.method).toBe('GET');
    expect([...query.keys()]).toEqual(['hub.mode', 'hub.verify_token', 'hub.challenge']);
    expect(query.get('hub.verify_token')).toBe(VERIFY_TOKENS.bot);
    expect(query.get('hub.challenge')).toMatch(/^[0-9]+$/);
    expect(dispatcher.subscriptions().map((x) => x.state)).toEqual(['subscribed', 'subscribed']);
  });

  it('reports an endpoint that refuses, or answers without the challenge, by name, and does not subscribe it', async () => {
    const logs: string[] = [];
    const { bot, desk, dispatcher } = await start(verifying('some-other-token'), (_req, _i, res) => void res.writeHead(200).end('ok'), (m) => logs.push(m));
    const results = await dispatcher.verifyAll();
    expect(results.map(({ appName, ok, status }) => ({ appName, ok, status }))).toEqual([
      { appName: 'Bot', ok: false, status: 403 },
      { appName: 'LiveDesk', ok: false, status: 200 },
    ]);
    expect(results[0]!.reason).toBe('answered HTTP 403, not 200');
    expect(results[1]!.reason).toMatch(/^answered 200 without the challenge \(expected [0-9]+, got "ok"\)$/);
    expect(logs).toEqual([
      `webhooks: Bot (${BOT}) on page ${PAGE} FAILED the handshake at ${bot.url}: answered HTTP 403, not 200; not subscribed`,
      `webhooks: LiveDesk (${DESK}) on page ${PAGE} FAILED the handshake at ${desk.url}: ${results[1]!.reason}; not subscribed`,
    ]);
    // events for an app that is not subscribed are not sent, and are listed as failed with the reason
    server!.platform.userWrites(PAGE, ANN, { text: 'hello?' });
    await dispatcher.drain();
    expect(bot.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(desk.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expect(dispatcher.deliveries()).toMatchObject([
      { appName: 'Bot', state: 'failed', reason: 'not subscribed: webhook verification failed: answered HTTP 403, not 200', attempts: [] },
    ]);
  });

  it('reports an unreachable endpoint, and a later successful handshake subscribes it again', async () => {
    let up = false;
    const { dispatcher } = await start((req, i, res) => (up ? verifying(VERIFY_TOKENS.bot)(req, i, res) : res.destroy()), verifying(VERIFY_TOKENS.desk));
    const failed = await dispatcher.verify(PAGE, BOT);
    expect(failed).toMatchObject({ ok: false, appName: 'Bot' });
    expect(failed.reason).toMatch(/socket|closed|ECONNRESET/i);
    expect(dispatcher.subscriptions()[0]!.state).toBe('verification_failed');
    up = true;
    expect((await dispatcher.verify(PAGE, BOT)).ok).toBe(true);
    expect(dispatcher.subscriptions()[0]!.state).toBe('subscribed');
  });

  it('POST /__admin/apps/{app}/verify runs the handshake and answers the results; unknown apps get Meta\'s error envelope', async () => {
    const { url, bot } = await start(verifying('wrong'), verifying(VERIFY_TOKENS.desk));
    const res = await fetch(`${url}/__admin/apps/${BOT}/verify`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [{ pageId: PAGE, appId: BOT, appName: 'Bot', url: bot.url, ok: false, status: 403, reason: 'answered HTTP 403, not 200' }],
    });
    const unknown = await fetch(`${url}/__admin/apps/2999999999/verify`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual(metaError('(#100) No app 2999999999 with a webhook', 100));
  });
});
