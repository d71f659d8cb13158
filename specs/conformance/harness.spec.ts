import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyHubSignature } from '../../fake-graph-api/webhooks/signature.js';
import { userMessage } from '../../fake-graph-api/webhooks/event-shapes.js';
import { Harness } from '../../simulator/conformance/harness.js';

/** The harness's own side: what it posts to a bot, and what it learns from the bot's Graph calls. */
interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function captureBot(status = 200): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, received };
}

/** A bot that reads each request and never answers it. */
async function silentBot(): Promise<string> {
  const server: Server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({ close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
}

async function harnessFor(url: string, options: { webhookTimeoutMs?: number } = {}): Promise<Harness> {
  const h = new Harness({ webhook: url, appId: '1234567890', appSecret: 'secret', verifyToken: 'vt', quietMs: 50, ...options });
  await h.start();
  open.push(h);
  return h;
}

describe('conformance harness', () => {
  it('posts Meta-escaped JSON signed with the app secret; a forged POST carries a signature the secret does not verify', async () => {
    const bot = await captureBot();
    const h = await harnessFor(bot.url);
    const event = userMessage(h.pageId, '3100000001', 1767258000000, 'm_1', 'Grüße');
    const items = [{ pageId: h.pageId, channel: 'messaging' as const, event }];
    const delivery = await h.post(items, { label: 'signed' });
    await h.post(items, { label: 'forged', secret: 'wrong' });
    expect(delivery).toMatchObject({ source: 'harness', kinds: ['message'], channels: ['messaging'], psids: ['3100000001'], label: 'signed', status: 200 });
    const [signed, forged] = bot.received;
    expect(signed!.body).toMatch(/^\{"object":"page","entry":\[\{"id":"1000000001","time":\d+,"messaging":\[\{"sender":\{"id":"3100000001"\},"recipient":\{"id":"1000000001"\},"timestamp":1767258000000,"message":\{"mid":"m_1","text":"Gr\\u00fc\\u00dfe"\}\}\]\}\]\}$/);
    expect(verifyHubSignature('secret', signed!.body, signed!.headers['x-hub-signature-256'] as string)).toBe(true);
    expect(verifyHubSignature('secret', signed!.body, signed!.headers['x-hub-signature'] as string)).toBe(true);
    expect(verifyHubSignature('secret', forged!.body, forged!.headers['x-hub-signature-256'] as string)).toBe(false);
  });

  it('delivers what the platform routes to the bot, and records an answer that is not 2xx without retrying', async () => {
    const bot = await captureBot(500);
    const h = await harnessFor(bot.url);
    h.userWrites('3100000001', 'hello');
    await h.settle();
    expect(h.deliveries.map((d) => [d.source, d.kinds, d.status])).toEqual([['platform', ['message'], 500]]);
    expect(bot.received).toHaveLength(1);
  });

  it('reports a bot that never answers as a timeout, not as "aborted"', async () => {
    const h = await harnessFor(await silentBot(), { webhookTimeoutMs: 100 });
    const event = userMessage(h.pageId, '3100000001', 1767258000000, 'm_1', 'hello');
    const delivery = await h.post([{ pageId: h.pageId, channel: 'messaging', event }], { label: 'unanswered' });
    expect([delivery.status, delivery.error]).toEqual([undefined, 'timeout after 100 ms']);
    const handshake = await h.handshake();
    expect([handshake.ok, handshake.status, handshake.reason]).toEqual([false, undefined, 'timeout']);
  });

  it("records the bot's Graph calls with the caller, the thread and the platform's answer; subscribed_apps names the fields", async () => {
    const bot = await captureBot();
    const h = await harnessFor(bot.url);
    const post = (path: string, body: unknown, token = 'conformance-token') =>
      fetch(`${h.url}${path}?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await post('/v19.0/me/subscribed_apps', { subscribed_fields: 'messages, standby' })).json()).toEqual({ success: true });
    expect(h.subscribedFields).toEqual(['messages', 'standby']);
    const refused = await post('/v19.0/me/subscribed_apps', { subscribed_fields: 'messages' }, 'nope');
    expect(refused.status).toBe(400);
    expect(h.subscribedFields).toEqual(['messages', 'standby']);
    h.handToOtherApp('3100000002');
    await post('/v19.0/me/messages', { recipient: { id: '3100000002' }, message: { text: 'hi' } });
    const call = h.calls.find((c) => c.edge === 'messages')!;
    expect([call.appId, call.psid, call.status, (call.response as { error: { error_subcode: number } }).error.error_subcode]).toEqual(['1234567890', '3100000002', 400, 2018300]);
  });
});
