import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../fake-graph-api/index.js';
import { MAX_JSON_DEPTH, jsonDepth } from '../../../fake-graph-api/http/json-depth.js';
import { metaError } from '../graph/fixtures/harness.js';
import { receiversClosedAfterEach } from '../webhooks/fixtures/receiver.js';
import { ANN, BOT, INBOX } from '../webhooks/fixtures/world.js';
import { nested, parseRaw, rawRequest, serveWorld } from './fixtures.js';

/** Issue 13, point 1 and 5: no body can crash the server, and what Node answers itself is Meta's envelope too. */
const receivers = receiversClosedAfterEach();
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const send = (s: RunningServer, message: unknown) =>
  fetch(`${s.url}/v19.0/me/messages?access_token=tok-bot`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ recipient: { id: ANN }, messaging_type: 'RESPONSE', message }),
  });

/** A body whose `message.attachment.payload` makes the whole body exactly `depth` levels deep. */
const messageOfDepth = (depth: number) => ({ attachment: { type: 'template', payload: nested(depth - 3) } });

describe('jsonDepth', () => {
  it('measures without recursion, and stops early', () => {
    expect([jsonDepth(1), jsonDepth({}), jsonDepth([[]]), jsonDepth({ a: [1, { b: null }] })]).toEqual([0, 1, 2, 3]);
    expect(jsonDepth(nested(1_000_000), 10)).toBe(11);
  });
});

describe('the deep-nesting request of issue 13, with a webhook subscribed to echoes', () => {
  it('is refused with body_too_deep (2018950); nothing is recorded, the server keeps answering and delivering', async () => {
    const bot = await receivers.start();
    const desk = await receivers.start();
    server = await serveWorld({ bot: bot.url, desk: desk.url });
    // written by hand: JSON.stringify itself overflows at this depth, which is the point
    const deep = `{"recipient":{"id":"${ANN}"},"message":{"attachment":{"type":"template","payload":${'{"a":'.repeat(4_999)}{}${'}'.repeat(4_999)}}}}`;
    expect(deep.length).toBeLessThan(40_000);
    const res = await fetch(`${server.url}/v19.0/me/messages?access_token=tok-bot`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: deep });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(metaError(`(#100) The request body is nested too deeply: at most ${MAX_JSON_DEPTH} levels of objects and arrays.`, 100, 2018950));
    expect(server.platform.totalEvents).toBe(0);

    // alive: the next send is answered, echoed to the bot and delivered
    const ok = await send(server, { text: 'still here' });
    expect(ok.status).toBe(200);
    await server.dispatcher!.drain();
    expect(server.dispatcher!.deliveries().map((d) => [d.appId, d.kind, d.state])).toEqual([[BOT, 'message_echo', 'delivered']]);
    const events = await fetch(`${server.url}/__admin/events`);
    expect(events.status).toBe(200);
    // the echo of the one message that was sent, to the bot and to the Page Inbox (which hears everything)
    expect(((await events.json()) as { events: { appId: string; event: { message: { text: string } } }[] }).events
      .map((e) => [e.appId, e.event.message.text])).toEqual([[BOT, 'still here'], [INBOX, 'still here']]);
  });

  it(`a body exactly ${MAX_JSON_DEPTH} levels deep is accepted, its echo (five levels deeper) signed and delivered byte-exact`, async () => {
    const bot = await receivers.start();
    const desk = await receivers.start();
    server = await serveWorld({ bot: bot.url, desk: desk.url });
    const message = messageOfDepth(MAX_JSON_DEPTH);
    expect(jsonDepth({ recipient: { id: ANN }, message })).toBe(MAX_JSON_DEPTH);
    expect((await send(server, message)).status).toBe(200);
    expect((await send(server, messageOfDepth(MAX_JSON_DEPTH + 1))).status).toBe(400);
    await server.dispatcher!.drain();
    const [post] = bot.posts();
    expect(post!.entry[0]!.messaging![0]!.message).toMatchObject({ is_echo: true, attachments: [message.attachment] });
  });
});

describe('what Node answers before express: Meta\'s envelope on the socket', () => {
  const envelope = (message: string, code: number, subcode: number) => metaError(message, code, subcode);

  it('oversized headers → 431 headers_too_large (2018955)', async () => {
    server = await serveWorld({ bot: 'http://127.0.0.1:9/', desk: 'http://127.0.0.1:9/' }, { http: { maxHeaderSize: 4_096 } });
    const raw = await rawRequest(server.port, `GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(8_000)}\r\n\r\n`);
    const answer = parseRaw(raw);
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([431, 'application/json; charset=utf-8', envelope('(#100) The request headers are too large.', 100, 2018955)]);
  });

  it('malformed HTTP → 400 malformed_http (2018956), naming what was wrong', async () => {
    server = await serveWorld({ bot: 'http://127.0.0.1:9/', desk: 'http://127.0.0.1:9/' });
    const answer = parseRaw(await rawRequest(server.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n'));
    expect([answer.status, answer.body]).toEqual([400, envelope('(#100) The request is not valid HTTP: invalid header token.', 100, 2018956)]);
  });

  it('a client that never finishes its headers → 408 request_timeout (2018957)', async () => {
    server = await serveWorld({ bot: 'http://127.0.0.1:9/', desk: 'http://127.0.0.1:9/' }, { http: { headersTimeoutMs: 300, requestTimeoutMs: 300, checkIntervalMs: 50 } });
    const answer = parseRaw(await rawRequest(server.port, 'GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    expect([answer.status, answer.body]).toEqual([408, envelope('(#100) The request did not arrive in time.', 100, 2018957)]);
  });

  it('CONNECT → 405 method_not_allowed (2018958), and the server goes on', async () => {
    server = await serveWorld({ bot: 'http://127.0.0.1:9/', desk: 'http://127.0.0.1:9/' });
    const answer = parseRaw(await rawRequest(server.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    expect([answer.status, answer.body]).toEqual([405, envelope('(#100) Method CONNECT is not supported.', 100, 2018958)]);
    expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
  });
});
