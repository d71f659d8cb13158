import { describe, expect, it } from 'vitest';
import { appsecretProof, metaError, setup } from './fixtures/harness.js';
import { ACME, ANN, BOT, SECRETS, SOLO, TOKENS } from './fixtures/world.js';

const OWNER_IS_BOT = { data: [{ thread_owner: { app_id: BOT } }] };

describe('Graph API paths: any /vNN.N prefix or none, node `me` or the page id', () => {
  it.each([
    `/v19.0/me/thread_owner`,
    `/me/thread_owner`,
    `/v2.6/${ACME}/thread_owner`,
    `/${ACME}/thread_owner`,
    `/v26/me/thread_owner`,
    `/v19.0/me/thread_owner/`,
  ])('GET %s answers the owner', async (path) => {
    const fake = setup();
    const res = await fake.http().get(path).query({ recipient: ANN, access_token: TOKENS.bot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(OWNER_IS_BOT);
  });

  it("another page's id is an object the token cannot see: unsupported_request (100/33)", async () => {
    const fake = setup();
    const res = await fake.http().get(`/v19.0/${SOLO}/thread_owner`).query({ recipient: ANN, access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(
      `Unsupported get request. Object with ID '${SOLO}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      100, 33, 'GraphMethodException'));
  });

  it('an unknown page id gets the same unsupported_request', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/1999999999/take_thread_control').query({ access_token: TOKENS.bot }).send({ recipient: { id: ANN } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(
      "Unsupported post request. Object with ID '1999999999' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
      100, 33, 'GraphMethodException'));
  });

  it('a known edge with the wrong method is unsupported_request naming node/edge', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(
      "Unsupported post request. Object with ID 'me/thread_owner' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
      100, 33, 'GraphMethodException'));
  });

  it.each([
    ['/v19.0/me/release_thread_control', 'POST', 'Unknown path components: /release_thread_control'],
    ['/v19.0/me/thread_owner/extra', 'GET', 'Unknown path components: /thread_owner/extra'],
    ['/', 'GET', 'Unknown path components: /'],
  ])('unknown path %s (%s) → unknown_path (2500)', async (path, method, message) => {
    const fake = setup();
    const res = await (method === 'GET' ? fake.http().get(path) : fake.http().post(path)).query({ access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 2500));
  });
});

describe('Graph API access token', () => {
  it('in the query string', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot });
    expect(res.body).toEqual(OWNER_IS_BOT);
  });

  it('in a JSON body', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').send({ access_token: TOKENS.bot, recipient: { id: ANN }, target_app_id: '2000000002' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
  });

  it('in a form body', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').type('form')
      .send({ access_token: TOKENS.bot, 'recipient[id]': ANN, target_app_id: '2000000002' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
  });

  it('in an Authorization: Bearer header', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN }).set('Authorization', `Bearer ${TOKENS.bot}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(OWNER_IS_BOT);
  });

  it.each([
    ['no token at all', {}, undefined],
    ['an empty access_token', { access_token: '' }, undefined],
    ['a Bearer header without a token', {}, 'Bearer '],
    ['a Basic header', {}, 'Basic dG9rLWJvdDo='],
  ])('%s → access_token_missing (104)', async (_name, query, authorization) => {
    const fake = setup();
    const req = fake.http().get('/me/thread_owner').query({ recipient: ANN, ...query });
    const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('An access token is required to request this resource.', 104));
  });

  it.each([
    ['query', 'tok-nobody'],
    ['query, a token of another world', 'tok-primary'],
  ])('a token the fake does not know (%s) → invalid_access_token (190)', async (_name, token) => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('Invalid OAuth access token.', 190));
  });

  it('a bad Bearer token → 190 as well', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN }).set('Authorization', 'Bearer nope');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('Invalid OAuth access token.', 190));
  });

  it('the token is checked before the parameters', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: 'nope' }).send({});
    expect(res.body).toEqual(metaError('Invalid OAuth access token.', 190));
  });
});

describe('appsecret_proof', () => {
  it('the right proof (HMAC-SHA256 of the token keyed with the app secret) is accepted', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner')
      .query({ recipient: ANN, access_token: TOKENS.bot, appsecret_proof: appsecretProof(TOKENS.bot, SECRETS.bot) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(OWNER_IS_BOT);
  });

  it.each([
    ['a wrong proof', appsecretProof(TOKENS.bot, 'not-the-secret')],
    ['the proof of another app', appsecretProof(TOKENS.desk, SECRETS.desk)],
    ['a short string', 'abc'],
  ])('%s → invalid_parameter', async (_name, proof) => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot, appsecret_proof: proof });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Invalid appsecret_proof provided in the API argument', 100));
  });

  it('a proof that is not a string (appsecret_proof[x]=1) → invalid_parameter', async () => {
    const fake = setup();
    const res = await fake.http().get(`/me/thread_owner?recipient=${ANN}&access_token=${TOKENS.bot}&appsecret_proof[x]=1`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Invalid appsecret_proof provided in the API argument', 100));
  });

  it('an app without an appSecret (Helpdesk) cannot be checked: its proof is ignored', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.help, appsecret_proof: 'anything' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(OWNER_IS_BOT);
  });
});
