import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { EDGES } from '../../../fake-graph-api/graph/dispatch.js';
import { adminRouter } from '../../../fake-graph-api/http/admin.routes.js';
import { HostPolicy, isLoopback } from '../../../fake-graph-api/http/local-only.js';
import { createApp, parseWorld, Platform } from '../../../fake-graph-api/index.js';
import { metaError } from '../graph/fixtures/harness.js';
import { ACME, ANN, BOT, DESK, NOW, TOKENS, WORLD } from '../graph/fixtures/world.js';
import { worldOf } from './hostile-requests.js';

/**
 * Issue 13, point 4: a web page the developer has open must not drive the fake. Every state-changing
 * route, read from the routers themselves (so routes added later are covered with no change here), is
 * attacked as a browser would: a cross-site form or fetch (foreign Origin), DNS rebinding (foreign Host),
 * a text/plain "simple" request, a form post. Each is refused with a clear error and changes nothing.
 */
interface Route { method: string; path: string }

const FILL: Record<string, string> = { page: ACME, psid: ANN, app: BOT };
const fill = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => FILL[name] ?? '1');

function stateChangingRoutes(platform: Platform): Route[] {
  const admin = (adminRouter(platform).stack as { route?: { path: string; methods: Record<string, boolean> } }[])
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => ({ method: m.toUpperCase(), path: layer.route!.path })) : []))
    .filter((r) => r.method !== 'GET' && r.method !== '_ALL')
    .map((r) => ({ method: r.method, path: `/__admin${fill(r.path)}` }));
  const graph = EDGES.filter((e) => e.method === 'POST').map((e) => ({ method: 'POST', path: `/v19.0/me/${e.name}?access_token=${TOKENS.bot}` }));
  return [...admin, ...graph];
}

/** Bodies that make each known route succeed, so the control request proves the attack would have worked. */
const GOOD_BODIES: Record<string, object> = {
  [`/__admin/pages/${ACME}/users/${ANN}/messages`]: { text: 'hi' },
  [`/__admin/pages/${ACME}/inbox/${ANN}/reply`]: { text: 'hi' },
  [`/__admin/pages/${ACME}/roles`]: { primary: BOT, secondary: [] },
  [`/v19.0/me/pass_thread_control?access_token=${TOKENS.bot}`]: { recipient: { id: ANN }, target_app_id: DESK },
  [`/v19.0/me/messages?access_token=${TOKENS.bot}`]: { recipient: { id: ANN }, message: { text: 'hi' } },
};
const bodyFor = (route: Route) => GOOD_BODIES[route.path] ?? { recipient: { id: ANN }, text: 'hi' };

function fresh() {
  const platform = new Platform(parseWorld(WORLD), { clock: { now: () => NOW } });
  platform.userWrites(ACME, ANN, { text: 'before the attack' }); // so a reset would show
  return { platform, http: request(createApp(platform)) };
}

const ATTACKS = {
  'a cross-site fetch or form (foreign Origin)': {
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' },
    refusal: metaError('(#10) Refused a request from the web page at https://evil.example: only tools on this machine may call the fake.', 10, 2018952),
    status: 403,
  },
  'DNS rebinding (foreign Host)': {
    headers: { Host: 'rebind.evil.example:3000', 'Content-Type': 'application/json' },
    refusal: metaError(`(#10) Refused a request for host rebind.evil.example:3000: this server answers to ${new HostPolicy().describe()} (add names with --allow-host).`, 10, 2018953),
    status: 403,
  },
  'a "simple" text/plain POST (no Origin: a privacy extension stripped it)': {
    headers: { 'Content-Type': 'text/plain' },
    refusal: expect.objectContaining({ error: expect.objectContaining({ code: 100, error_subcode: 2018951 }) }),
    status: 400,
  },
  'a cross-site form post': {
    headers: { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
    refusal: metaError('(#10) Refused a request from the web page at null: only tools on this machine may call the fake.', 10, 2018952),
    status: 403,
  },
} as const;

describe('every state-changing route refuses another site', () => {
  const routes = stateChangingRoutes(fresh().platform);

  it('the routes are read from the routers: admin writes and every Graph POST edge', () => {
    expect(routes.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual(expect.arrayContaining([
      `POST /__admin/pages/${ACME}/users/${ANN}/messages`, `PUT /__admin/pages/${ACME}/roles`, 'POST /__admin/reset',
      'POST /v19.0/me/pass_thread_control', 'POST /v19.0/me/messages',
    ]));
  });

  for (const [name, attack] of Object.entries(ATTACKS)) {
    it.each(routes.map((r) => [`${r.method} ${r.path.split('?')[0]}`, r] as const))(`${name}: %s is refused and changes nothing`, async (_label, route) => {
      const { platform, http } = fresh();
      const before = worldOf(platform);
      const body = attack.headers['Content-Type'] === 'application/json' ? JSON.stringify(bodyFor(route))
        : attack.headers['Content-Type'] === 'text/plain' ? JSON.stringify(bodyFor(route)) : 'recipient[id]=' + ANN + '&text=hi';
      const res = await http[route.method.toLowerCase() as 'post' | 'put'](route.path).set(attack.headers).send(body);
      expect([res.status, res.body]).toEqual([attack.status, attack.refusal]);
      expect(worldOf(platform)).toBe(before);
    });
  }

  // (the inbox's reply is left out: in this world the Bot owns Ann's thread, so the reply is refused anyway)
  it.each(Object.keys(GOOD_BODIES).filter((p) => !p.endsWith('/reply')).concat('/__admin/reset'))('control: %s without the attack does change the world', async (path) => {
    const { platform, http } = fresh();
    const before = worldOf(platform);
    const route = routes.find((r) => r.path === path)!;
    const res = await http[route.method.toLowerCase() as 'post' | 'put'](route.path).send(bodyFor(route));
    expect(res.status).toBe(200);
    expect(worldOf(platform)).not.toBe(before);
  });
});

describe('reads and the live page are protected the same way', () => {
  it('DNS rebinding cannot read /__admin/events, /__inspector/state or the inspector\'s event stream', async () => {
    const { http } = fresh();
    for (const path of ['/__admin/events', '/__inspector/state', '/__inspector/events']) {
      const res = await http.get(path).set('Host', 'rebind.evil.example');
      expect([path, res.status, res.body.error?.error_subcode]).toEqual([path, 403, 2018953]);
    }
  });

  it('the live page\'s event stream refuses a foreign Origin and serves its own', async () => {
    const { http } = fresh();
    const foreign = await http.get('/__inspector/events').set('Origin', 'https://evil.example');
    expect([foreign.status, foreign.body.error.error_subcode]).toEqual([403, 2018952]);
    const own = await http.get('/__inspector/state').set('Origin', 'http://127.0.0.1:3000');
    expect(own.status).toBe(200);
  });

  it('--allow-host names and the bound address are accepted; loopback detection', async () => {
    const platform = new Platform(parseWorld(WORLD));
    const http = request(createApp(platform, { hosts: { boundHost: '192.168.1.20', allowHosts: ['my-tunnel.example'] } }));
    for (const host of ['my-tunnel.example', '192.168.1.20:3000', 'localhost:3000', '[::1]:3000']) {
      expect([host, (await http.get('/__admin/health').set('Host', host)).status]).toEqual([host, 200]);
    }
    expect((await http.get('/__admin/health').set('Host', '192.168.1.21')).status).toBe(403);
    expect([isLoopback('127.0.0.1'), isLoopback('::1'), isLoopback('localhost'), isLoopback('0.0.0.0'), isLoopback('192.168.1.20')]).toEqual([true, true, true, false, false]);
  });
});
