import { request } from 'node:http';
import { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import type { Platform, RunningServer } from '../../../fake-graph-api/index.js';
import { ANN, BO, BOT, DESK, PAGE } from '../webhooks/fixtures/world.js';

/**
 * Hostile requests, as an attacker or a confused client would send them: any method, real and made-up
 * paths, prototype keys, every content type and encoding, bodies deep, wide, huge or not JSON at all,
 * foreign Origin and Host headers. Shared by the property and by its planted-bug check.
 */
export interface HostileRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

const deepBody = (depth: number, key: string) =>
  `{"recipient":{"id":"${ANN}"},"message":{"attachment":{"type":"template","payload":${`{"${key}":`.repeat(depth)}{}${'}'.repeat(depth)}}}}`;

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const segment = fc.oneof(
  fc.constantFrom('v19.0', 'v2.0', 'me', PAGE, 'messages', 'pass_thread_control', 'take_thread_control', 'request_thread_control',
    'thread_owner', 'secondary_receivers', '__admin', 'pages', 'users', ANN, 'inbox', 'done', 'roles', 'reset', 'events', 'deliveries',
    'health', '__inspector', 'state', 'threads', '%00', '%E0%A4%A', '..', '%2e%2e', ...PROTO_KEYS),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const path = fc.array(segment, { minLength: 0, maxLength: 6 }).map((s) => `/${s.join('/')}`);

const token = fc.constantFrom('tok-bot', 'tok-desk', 'nope', '');
const query = fc.oneof(
  fc.constant(''),
  token.map((t) => `access_token=${t}&recipient=${ANN}`),
  fc.tuple(token, fc.constantFrom(...PROTO_KEYS)).map(([t, k]) => `access_token=${t}&${k}[x]=1&recipient[${k}]=${ANN}`),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s).replace(/%3D/g, '=').replace(/%26/g, '&')),
  fc.constant('a[b][c][d][e][f][g][h][i][j][k]=1&' + 'x=1&'.repeat(2_000)),
);

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 6 }).map((v) => utf8(JSON.stringify(v))),
  fc.record({
    recipient: fc.oneof(fc.constant({ id: ANN }), fc.constant({ id: BO }), fc.jsonValue({ maxDepth: 3 })),
    target_app_id: fc.oneof(fc.constant(DESK), fc.constant(BOT), fc.jsonValue({ maxDepth: 2 })),
    metadata: fc.oneof(fc.string(), fc.string({ minLength: 1_000, maxLength: 1_100 })),
    message: fc.oneof(fc.record({ text: fc.string() }), fc.jsonValue({ maxDepth: 4 })),
    text: fc.string(),
    primary: fc.oneof(fc.constant(BOT), fc.constant(null), fc.string()),
    secondary: fc.array(fc.constantFrom(DESK, BOT, 'x')),
  }, { requiredKeys: [] }).map((v) => utf8(JSON.stringify(v))),
  // deep: under, at and far over the limit; the far ones overflow JSON.stringify if anything serializes them
  fc.integer({ min: 50, max: 80 }).map((d) => utf8(deepBody(d, 'a'))),
  fc.integer({ min: 5_000, max: 20_000 }).map((d) => utf8(deepBody(d, 'a'))),
  fc.integer({ min: 50, max: 20_000 }).map((d) => utf8(`${'['.repeat(d)}${']'.repeat(d)}`)),
  fc.constantFrom(...PROTO_KEYS).map((k) => utf8(`{"${k}":{"polluted":true},"recipient":{"id":"${ANN}","${k}":{"polluted":true}},"message":{"text":"hi"}}`)),
  fc.constantFrom(...PROTO_KEYS).map((k) => utf8(`${k}[polluted]=1&recipient[id]=${ANN}&message[text]=hi`)),
  fc.string({ maxLength: 200 }).map(utf8),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.constant(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), // BOM + invalid UTF-8
  fc.constant(utf8(`{"text":"${'x'.repeat(1_100_000)}"}`)),
);

const header = <T>(name: string, value: fc.Arbitrary<T | undefined>) => value.map((v) => (v === undefined ? {} : { [name]: String(v) }));
const headers = fc.tuple(
  header('content-type', fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'text/plain; charset=utf-8',
    'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=utf-16', 'application/json; charset=latin2',
    'application/vnd.api+json', 'application/x-ndjson', '*/*', 'garbage'), { nil: undefined })),
  header('content-encoding', fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-bogus'), { nil: undefined })),
  header('origin', fc.option(fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1:1', 'http://localhost:5173', 'file://', 'javascript:x'), { nil: undefined })),
  header('host', fc.option(fc.constantFrom('evil.example', 'evil.example:3000', 'localhost', '[::1]:80', '127.0.0.1.nip.io', ''), { nil: undefined })),
  header('sec-fetch-site', fc.option(fc.constantFrom('cross-site', 'same-site', 'same-origin', 'none'), { nil: undefined })),
  header('authorization', fc.option(fc.constantFrom('Bearer tok-bot', 'OAuth tok-desk', 'Bearer', 'Basic Og=='), { nil: undefined })),
  header('accept', fc.option(fc.constantFrom('application/x-ndjson', 'text/html', '*/*', 'application/json;q=0'), { nil: undefined })),
).map((parts) => Object.assign({}, ...parts) as Record<string, string>);

const anything: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE'),
  path,
  query,
  headers,
  body,
});

/** Real routes with real tokens and mostly sound bodies, hostile in one detail: they reach the platform and make events. */
const ROUTES = [
  '/v19.0/me/messages', '/v19.0/me/pass_thread_control', '/v19.0/me/take_thread_control', '/v19.0/me/request_thread_control',
  `/v19.0/${PAGE}/messages`, `/__admin/pages/${PAGE}/users/${ANN}/messages`, `/__admin/pages/${PAGE}/users/${BO}/messages`,
  `/__admin/pages/${PAGE}/inbox/${ANN}/done`, `/__admin/pages/${PAGE}/inbox/${ANN}/move-to-inbox`, `/__admin/pages/${PAGE}/inbox/${ANN}/reply`,
];
const soundBody = fc.oneof(
  fc.record({ recipient: fc.constantFrom({ id: ANN }, { id: BO }), message: fc.record({ text: fc.string({ minLength: 1 }) }) }),
  fc.record({ recipient: fc.constantFrom({ id: ANN }, { id: BO }), target_app_id: fc.constantFrom(DESK, BOT), metadata: fc.string() }, { requiredKeys: ['recipient'] }),
  fc.record({ text: fc.string({ minLength: 1, maxLength: 50 }) }),
).map((v) => utf8(JSON.stringify(v)));
const targeted: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constant('POST'),
  path: fc.constantFrom(...ROUTES),
  query: fc.oneof(token.map((t) => `access_token=${t}`), query),
  headers: fc.oneof({ weight: 3, arbitrary: fc.constant({ 'content-type': 'application/json' }) }, { weight: 1, arbitrary: headers }),
  body: fc.oneof({ weight: 3, arbitrary: soundBody }, { weight: 2, arbitrary: body }),
});

/** The request of issue 13 itself: a Send API call nested thousands deep, by whichever app may own the thread. */
const deepSend: fc.Arbitrary<HostileRequest> = fc.record({
  method: fc.constant('POST'),
  path: fc.constant('/v19.0/me/messages'),
  query: token.map((t) => `access_token=${t}`),
  headers: fc.constant({ 'content-type': 'application/json' }),
  body: fc.tuple(fc.integer({ min: 5_000, max: 20_000 }), fc.constantFrom(ANN, BO))
    .map(([d, psid]) => utf8(deepBody(d, 'a').replace(ANN, psid))),
});

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  { weight: 4, arbitrary: anything },
  { weight: 4, arbitrary: targeted },
  { weight: 1, arbitrary: deepSend },
);

export interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

export function send(port: number, r: HostileRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: r.method,
      path: r.query === '' ? r.path : `${r.path}?${r.query}`,
      headers: { ...r.headers, ...(r.body && r.method !== 'GET' && r.method !== 'HEAD' ? { 'content-length': String(r.body.length) } : {}) },
      agent: false,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body && r.method !== 'GET' && r.method !== 'HEAD' ? r.body : undefined);
  });
}

/** What a refused call must leave alone: the events, every thread's owner and history, the roles. */
export function worldOf(platform: Platform): string {
  return JSON.stringify({
    events: platform.totalEvents,
    threads: platform.pageIds().map((p) => platform.threads(p).map((t) => [t.psid, platform.thread(p, t.psid)])),
    roles: platform.pageIds().map((p) => platform.pageView(p)?.roles),
  });
}

/**
 * The property: no 5xx; an error is Meta's envelope; the server answers health after each request; a
 * refused call changes nothing; nothing pollutes Object.prototype. The caller checks the deliveries at the end.
 */
export function hostileProperty(server: () => RunningServer) {
  return fc.asyncProperty(hostileRequest, async (r) => {
    const s = server();
    const before = worldOf(s.platform);
    const answer = await send(s.port, r);
    expect(answer.status).toBeLessThan(500);
    if (answer.status >= 400 && r.method !== 'HEAD') {
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.text)).toEqual({
        error: expect.objectContaining({ message: expect.any(String), type: expect.any(String), code: expect.any(Number), fbtrace_id: expect.any(String) }),
      });
    }
    if (answer.status >= 400) expect(worldOf(s.platform)).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const health = await fetch(`${s.url}/__admin/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { incidents: number }).incidents).toBe(0);
  });
}

/** After a run: every delivery settled; a failure has a reason, and none is an internal error (a bug). */
export async function expectEveryDeliverySettled(server: RunningServer): Promise<void> {
  await server.dispatcher!.drain();
  const deliveries = server.dispatcher!.deliveries();
  expect(deliveries.filter((d) => d.state === 'pending')).toEqual([]);
  expect(deliveries.filter((d) => d.state === 'failed' && !d.reason)).toEqual([]);
  expect(deliveries.filter((d) => d.reason?.startsWith('internal error')).map((d) => d.reason)).toEqual([]);
}
