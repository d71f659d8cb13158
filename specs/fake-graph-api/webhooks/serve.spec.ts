import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../fake-graph-api/index.js';
import { parseWorld, DEFAULT_WORLD } from '../../../fake-graph-api/index.js';
import { serve, stopServing } from '../../../simulator/serve.js';
import { ANN, BOT, DESK, PAGE, VERIFY_TOKENS, world } from './fixtures/world.js';
import { deadUrl, receiversClosedAfterEach, startReceiver, type Answer, type Receiver } from './fixtures/receiver.js';

/** `handover-sim serve` with webhooks: handshake at start, one line per delivery, --quiet, flush on stop. */
const receivers = receiversClosedAfterEach();
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const verifying = (token: string, status = 200): Answer => (req, _i, res) => {
  if (req.method === 'POST') return void res.writeHead(status).end();
  const q = new URL(req.url, 'http://x').searchParams;
  if (q.get('hub.verify_token') === token) return void res.writeHead(200).end(q.get('hub.challenge'));
  res.writeHead(403).end();
};

async function post(url: string, body: unknown) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('serve with webhooks', () => {
  it('verifies every webhook at start, reports failures by app name, and prints one line per delivery', async () => {
    const bot = await startReceiver(verifying(VERIFY_TOKENS.bot));
    const desk = await startReceiver(verifying('not-the-token'));
    receivers.push(bot, desk);
    const lines: string[] = [];
    server = await serve(world({ bot: bot.url, desk: desk.url }), { port: 0 }, (l) => lines.push(l));
    expect(lines).toContain(`webhooks: Bot (${BOT}) on page ${PAGE} verified at ${bot.url}`);
    expect(lines.filter((l) => l.startsWith('webhooks:'))).toEqual([
      `webhooks: LiveDesk (${DESK}) on page ${PAGE} FAILED the handshake at ${desk.url}: answered HTTP 403, not 200; not subscribed`,
      `webhooks: Bot (${BOT}) on page ${PAGE} verified at ${bot.url}`,
    ]);

    lines.length = 0;
    expect((await post(`${server.url}/__admin/pages/${PAGE}/users/${ANN}/messages`, { text: 'hi' })).status).toBe(200);
    await server.dispatcher!.drain();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^webhook Bot messaging message psid=${ANN} HTTP 200 delivered [0-9]+ ms$`));
  });

  it('with --quiet prints no delivery lines', async () => {
    const bot = await startReceiver(verifying(VERIFY_TOKENS.bot));
    const desk = await startReceiver(verifying(VERIFY_TOKENS.desk));
    receivers.push(bot, desk);
    const lines: string[] = [];
    server = await serve(world({ bot: bot.url, desk: desk.url }), { port: 0, quiet: true }, (l) => lines.push(l));
    lines.length = 0;
    await post(`${server.url}/__admin/pages/${PAGE}/users/${ANN}/messages`, { text: 'hi' });
    await server.dispatcher!.drain();
    expect(lines).toEqual([]);
    expect(server.dispatcher!.deliveries({ state: 'delivered' })).toHaveLength(1);
  });

  it('names a path it does not model in its own log, and says so at start', async () => {
    const lines: string[] = [];
    server = await serve(parseWorld(DEFAULT_WORLD), { port: 0, quiet: true }, (l) => lines.push(l));
    expect(lines).toContain("  a path not modelled (docs/graph-surface.md lists those that are) answers Meta's error with x-handover-sim: not-modelled");
    lines.length = 0;
    const res = await fetch(`${server.url}/v19.0/me/feed?access_token=tok-primary`);
    expect([res.status, res.headers.get('x-handover-sim')]).toEqual([400, 'not-modelled']);
    expect(lines).toEqual(["handover-sim: GET /v19.0/me/feed is not modelled by handover-sim (Meta's error answered)"]);
  });

  it('on stop, flushes what it can and reports what it could not deliver', async () => {
    const bot = await startReceiver(verifying(VERIFY_TOKENS.bot, 500));
    receivers.push(bot);
    const lines: string[] = [];
    // the first retry is ten minutes away: the stop's flush is the second attempt, whatever the machine's speed
    server = await serve(world({ bot: bot.url, desk: await deadUrl() }), { port: 0, quiet: true, webhooks: { retry: { quickDelayMs: 600_000 } } }, (l) => lines.push(l));
    await post(`${server.url}/__admin/pages/${PAGE}/users/${ANN}/messages`, { text: 'hi' });
    await server.dispatcher!.idle();
    lines.length = 0;
    const running = server;
    server = undefined;
    expect(await stopServing(running, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([
      `webhooks: not delivered: Bot messaging message psid=${ANN} (event 0, 2 attempt(s)): stopped before delivery`,
      'webhooks: 1 event(s) left undelivered',
    ]);
  });

  it('says so when no app has a webhook (the default world)', async () => {
    const lines: string[] = [];
    server = await serve(parseWorld(DEFAULT_WORLD), { port: 0 }, (l) => lines.push(l));
    expect(lines).toContain('webhooks: no app has a webhook; events are recorded only (GET /__admin/events)');
  });
});
