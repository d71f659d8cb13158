import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from 'handover-sim';

/** A bot that hard-codes https://graph.facebook.com reaches the fake once examples/redirect-graph-api.mjs is preloaded. */
const run = promisify(execFile);
const PRELOAD = join(import.meta.dirname, '../../examples/redirect-graph-api.mjs');
const OWNER = 'https://graph.facebook.com/v19.0/me/thread_owner?recipient=3000000001&access_token=test-token';

describe('redirecting a hard-coded Graph host', () => {
  let api: FakeGraphApi;
  beforeAll(async () => {
    api = await startFakeGraphApi();
  });
  afterAll(() => api.close());

  const script = (code: string) => run(process.execPath, ['--import', PRELOAD, '--input-type=module', '-e', code], { env: { ...process.env, HANDOVER_SIM_URL: api.url } });

  it('global fetch', async () => {
    const { stdout } = await script(`const r = await fetch(${JSON.stringify(OWNER)}); console.log(r.status, await r.text());`);
    expect(stdout).toBe('200 {"data":[{"thread_owner":{"app_id":"1234567890"}}]}\n');
  });

  it('node:https request and get', async () => {
    const { stdout } = await script(`
      import https from 'node:https';
      const read = (res) => new Promise((ok) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => ok(res.statusCode + ' ' + b)); });
      console.log(await new Promise((ok) => https.get(${JSON.stringify(OWNER)}, (res) => read(res).then(ok))));
      const req = https.request({ hostname: 'graph.facebook.com', path: '/v19.0/me/messages?access_token=test-token', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => read(res).then(console.log));
      req.end(JSON.stringify({ recipient: { id: '3000000001' }, message: { text: 'hi' } }));
    `);
    expect(stdout.split('\n')[0]).toBe('200 {"data":[{"thread_owner":{"app_id":"1234567890"}}]}');
    expect(stdout.split('\n')[1]).toMatch(/^200 \{"recipient_id":"3000000001","message_id":"m_[A-Za-z0-9_-]{22}"\}$/);
    expect(api.sent().map((m) => [m.psid, m.message.text])).toEqual([['3000000001', 'hi']]);
  });
});
