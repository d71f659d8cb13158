import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, Platform, parseWorld } from '../../../fake-graph-api/index.js';
import { metaError } from '../graph/fixtures/harness.js';
import { ACME, ANN, NOW, TOKENS, WORLD } from '../graph/fixtures/world.js';

/** A fake whose server log is collected. */
function fakeWithLog() {
  const lines: string[] = [];
  const platform = new Platform(parseWorld(WORLD), { clock: { now: () => NOW } });
  return { lines, http: () => request(createApp(platform, { log: (line) => lines.push(line) })) };
}
const LOG = (path: string) => `handover-sim: ${path} is not modelled by handover-sim (Meta's error answered)`;

describe('a path handover-sim does not model: Meta\'s own error, a header and a log line', () => {
  it.each([
    ['GET', '/v19.0/me/feed', metaError('(#100) Tried accessing nonexisting field (feed) on node type (Page)', 100)],
    ['GET', `/v19.0/${ACME}/conversations`, metaError('(#100) Tried accessing nonexisting field (conversations) on node type (Page)', 100)],
    ['POST', '/v19.0/me/custom_labels', metaError('Unknown path components: /custom_labels', 2500)],
    ['GET', `/v19.0/${ANN}/custom_labels`, metaError('Unknown path components: /custom_labels', 2500)],
    ['GET', '/v19.0/me/messages/extra', metaError('Unknown path components: /messages/extra', 2500)],
    ['GET', '/v19.0/', metaError('Unknown path components: /', 2500)],
  ])('%s %s', async (method, path, body) => {
    const fake = fakeWithLog();
    const call = method === 'GET' ? fake.http().get(path) : fake.http().post(path);
    const res = await call.query({ access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(body);
    expect(res.headers['x-handover-sim']).toBe('not-modelled');
    expect(fake.lines).toEqual([LOG(`${method} ${path}`)]);
  });

  it.each([
    ['a modelled edge', 'GET', '/v19.0/me/thread_owner?recipient=3000000001'],
    ['a wrong method on a modelled edge (the bot is at fault)', 'POST', '/v19.0/me/thread_owner'],
    ['an unknown object id (the bot is at fault)', 'GET', '/v19.0/4242'],
  ])('%s carries no mark', async (_, method, path) => {
    const fake = fakeWithLog();
    const res = await (method === 'GET' ? fake.http().get(path) : fake.http().post(path)).query({ access_token: TOKENS.bot });
    expect(res.headers['x-handover-sim']).toBeUndefined();
    expect(fake.lines).toEqual([]);
  });
});
