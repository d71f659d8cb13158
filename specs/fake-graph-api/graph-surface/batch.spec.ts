import { describe, expect, it } from 'vitest';
import { createApp, Platform, parseWorld } from '../../../fake-graph-api/index.js';
import request from 'supertest';
import { appsecretProof, metaError, setup } from '../graph/fixtures/harness.js';
import { ACME, ANN, BOT, DESK, NOW, SECRETS, TOKENS, WORLD } from '../graph/fixtures/world.js';

const HEADERS = [{ name: 'Content-Type', value: 'text/javascript; charset=UTF-8' }];
const recipient = encodeURIComponent(JSON.stringify({ id: ANN }));
const enc = (o: object) => Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');
/** A batch answer's bodies, parsed back, with its codes. */
const parsed = (answers: { code: number; body: string }[]) => answers.map((a) => ({ code: a.code, body: JSON.parse(a.body) as unknown }));
const fbtrace = (body: string) => (JSON.parse(body) as { error: { fbtrace_id: string } }).error.fbtrace_id;

describe('POST / with batch: the Graph Batch API', () => {
  it('a form field with JSON text: each item answered in order as {code, headers, body-as-text}', async () => {
    const fake = setup();
    const batch = [
      { method: 'GET', relative_url: `me/thread_owner?recipient=${ANN}` },
      { method: 'POST', relative_url: 'me/pass_thread_control', body: `recipient=${recipient}&target_app_id=${DESK}&metadata=agent` },
      { method: 'GET', relative_url: `v19.0/me/thread_owner?recipient=${ANN}` },
    ];
    const res = await fake.http().post('/v19.0/').type('form').send({ access_token: TOKENS.bot, batch: JSON.stringify(batch) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { code: 200, headers: HEADERS, body: JSON.stringify({ data: [{ thread_owner: { app_id: BOT } }] }) },
      { code: 200, headers: HEADERS, body: '{"success":true}' },
      { code: 200, headers: HEADERS, body: JSON.stringify({ data: [{ thread_owner: { app_id: DESK } }] }) },
    ]);
  });

  it('multipart fields, as curl -F sends them', async () => {
    const res = await setup().http().post('/v19.0/').field('access_token', TOKENS.bot).field('batch', JSON.stringify([{ method: 'GET', relative_url: 'me' }]));
    expect(res.body).toEqual([{ code: 200, headers: HEADERS, body: JSON.stringify({ name: 'Acme Shoes', id: ACME }) }]);
  });

  it('handover calls inside a batch obey the same rules: after the pass, the old owner sends and gets 2018300', async () => {
    const fake = setup();
    const batch = [
      { method: 'POST', relative_url: 'me/pass_thread_control', body: enc({ recipient: { id: ANN }, target_app_id: DESK }) },
      { method: 'POST', relative_url: 'me/messages', body: enc({ recipient: { id: ANN }, message: { text: 'still me?' } }) },
    ];
    const res = await fake.http().post('/').send({ access_token: TOKENS.bot, include_headers: false, batch });
    const [, send] = res.body as { code: number; body: string }[];
    expect(res.body).toEqual([
      { code: 200, body: '{"success":true}' },
      { code: 400, body: JSON.stringify({ error: { message: '(#10) Message failed to send because another app is controlling this thread now.', type: 'OAuthException', code: 10, error_subcode: 2018300, fbtrace_id: fbtrace(send!.body) } }) },
    ]);
    const owner = await fake.http().get(`/__admin/pages/${ACME}/threads/${ANN}`).expect(200);
    expect(owner.body.owner).toBe(DESK);
    // …and the pass produced the same webhook a single call produces.
    expect(fake.platform.events()[0]).toEqual({ appId: DESK, pageId: ACME, channel: 'messaging', event: { sender: { id: ANN }, recipient: { id: ACME }, timestamp: NOW, pass_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: DESK } } });
  });

  it("an item's own token wins over the batch's; the batch's proof goes with the batch's token", async () => {
    const fake = setup();
    const batch = [
      { method: 'GET', relative_url: `me/thread_owner?recipient=${ANN}&access_token=${TOKENS.desk}` },
      { method: 'GET', relative_url: 'me?fields=name' },
    ];
    const res = await fake.http().post('/v19.0').send({ access_token: TOKENS.bot, appsecret_proof: appsecretProof(TOKENS.bot, SECRETS.bot), include_headers: 'false', batch: JSON.stringify(batch) });
    expect(parsed(res.body)).toEqual([
      { code: 200, body: { data: [{ thread_owner: { app_id: BOT } }] } },
      { code: 200, body: { name: 'Acme Shoes', id: ACME } },
    ]);
  });

  it('items without any token get 104 each; a bad item does not stop the others', async () => {
    const res = await setup().http().post('/v19.0/').send({ batch: [{ method: 'GET', relative_url: 'me' }, { method: 'GET', relative_url: `me?access_token=${TOKENS.bot}` }] });
    expect(parsed(res.body)).toEqual([
      { code: 400, body: metaError('An access token is required to request this resource.', 104) },
      { code: 200, body: { name: 'Acme Shoes', id: ACME } },
    ]);
  });

  it('at most 50 requests: 51 is refused whole (our 2018960), nothing runs', async () => {
    const fake = setup();
    const item = { method: 'POST', relative_url: 'me/pass_thread_control', body: enc({ recipient: { id: ANN }, target_app_id: DESK }) };
    const res = await fake.http().post('/v19.0/').send({ access_token: TOKENS.bot, batch: Array.from({ length: 51 }, () => item) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Too many requests in batch message. Maximum batch size is 50', 100, 2018960));
    expect(fake.platform.events()).toEqual([]);
    const fifty = await fake.http().post('/v19.0/').send({ access_token: TOKENS.bot, include_headers: false, batch: Array.from({ length: 50 }, () => ({ method: 'GET', relative_url: 'me' })) });
    expect(fifty.body).toHaveLength(50);
  });

  it.each([
    ['batch that is not JSON', 'nope', '(#100) Param batch must be a JSON array of requests'],
    ['an item without relative_url', JSON.stringify([{ method: 'GET' }]), '(#100) Param batch.0.relative_url must be a string such as me/messages'],
  ])('%s → (#100)', async (_, batch, message) => {
    const res = await setup().http().post('/v19.0/').type('form').send({ access_token: TOKENS.bot, batch });
    expect(res.body).toEqual(metaError(message, 100));
  });

  it('a batch inside a batch is no operation: unknown path, marked not modelled', async () => {
    const res = await setup().http().post('/').send({ access_token: TOKENS.bot, batch: [{ method: 'POST', relative_url: '/', body: 'batch=[]' }] });
    expect(res.body).toEqual([{ code: 400, headers: [...HEADERS, { name: 'x-handover-sim', value: 'not-modelled' }], body: expect.stringContaining('"code":2500') }]);
    expect(res.headers['x-handover-sim']).toBe('not-modelled');
  });

  it('an unmodelled item is marked in its own headers, and the server log names it', async () => {
    const lines: string[] = [];
    const platform = new Platform(parseWorld(WORLD), { clock: { now: () => NOW } });
    const res = await request(createApp(platform, { log: (line) => lines.push(line) })).post('/v19.0/')
      .send({ access_token: TOKENS.bot, batch: [{ method: 'GET', relative_url: 'me/feed' }, { method: 'GET', relative_url: 'me' }] });
    expect(res.body).toEqual([
      { code: 400, headers: [...HEADERS, { name: 'x-handover-sim', value: 'not-modelled' }], body: expect.stringContaining('Tried accessing nonexisting field (feed) on node type (Page)') },
      { code: 200, headers: HEADERS, body: JSON.stringify({ name: 'Acme Shoes', id: ACME }) },
    ]);
    expect(lines).toEqual(["handover-sim: GET /me/feed is not modelled by handover-sim (Meta's error answered)"]);
  });
});
