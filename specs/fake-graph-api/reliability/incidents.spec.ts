import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServerState } from '../../../fake-graph-api/http/server-state.js';
import { createApp, parseWorld, Platform, startServer, type RunningServer } from '../../../fake-graph-api/index.js';
import { guardProcess } from '../../../simulator/serve.js';
import { ACME, ANN, NOW, WORLD } from '../graph/fixtures/world.js';

/** Issue 13: an exception that escapes a route or the process is that request's failure, logged and queryable. */
describe('a route that throws (a bug)', () => {
  it('answers Meta\'s "unknown error" (code 1), keeps the incident, and the next request is served', async () => {
    const platform = new Platform(parseWorld(WORLD), { clock: { now: () => NOW } });
    const state = new ServerState();
    const http = request(createApp(platform, { state }));
    vi.spyOn(platform, 'userWrites').mockImplementationOnce(() => { throw new Error('planted bug'); });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await http.post(`/__admin/pages/${ACME}/users/${ANN}/messages`).send({ text: 'hi' });
    errors.mockRestore();
    expect([res.status, res.body]).toEqual([500, { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, fbtrace_id: expect.any(String) } }]);
    const incidents = (await http.get('/__admin/incidents').expect(200)).body.incidents as { time: number; where: string; error: string }[];
    expect(incidents.map((i) => [i.time, i.where, i.error.split('\n')[0]])).toEqual([[NOW, `POST /__admin/pages/${ACME}/users/${ANN}/messages`, 'Error: planted bug']]);
    expect((await http.get('/__admin/health')).body.incidents).toBe(1);
    await http.post(`/__admin/pages/${ACME}/users/${ANN}/messages`).send({ text: 'hi' }).expect(200);
  });
});

describe('guardProcess (serve)', () => {
  let server: RunningServer | undefined;
  let unguard: (() => void) | undefined;
  afterEach(async () => {
    unguard?.();
    await server?.close();
    server = undefined;
  });

  it('an escaped exception or rejection is written and kept as an incident; removing the guard removes its listeners', async () => {
    server = await startServer(parseWorld(WORLD), { port: 0 });
    const before = process.listenerCount('uncaughtException');
    const lines: string[] = [];
    unguard = guardProcess(server, (l) => lines.push(l));
    expect(process.listenerCount('uncaughtException')).toBe(before + 1);
    const [onException] = process.listeners('uncaughtException').slice(-1);
    const [onRejection] = process.listeners('unhandledRejection').slice(-1);
    onException!(new Error('escaped'), 'uncaughtException');
    onRejection!('rejected', Promise.resolve());
    expect(lines.map((l) => l.split('\n')[0])).toEqual([
      'handover-sim: internal error, kept running (GET /__admin/incidents): Error: escaped',
      'handover-sim: internal error, kept running (GET /__admin/incidents): rejected',
    ]);
    const incidents = (await (await fetch(`${server.url}/__admin/incidents`)).json()) as { incidents: { where: string }[] };
    expect(incidents.incidents.map((i) => i.where)).toEqual(['process', 'process']);
    unguard();
    unguard = undefined;
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });
});
