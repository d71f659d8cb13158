import { fc, it as prop } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { metaError, setup } from './fixtures/harness.js';
import { ACME, ANN, DESK, TOKENS } from './fixtures/world.js';

const unreadable = (detail: string) => metaError(`(#100) The request body could not be read: ${detail}`, 100);

describe('malformed requests get Meta\'s envelope, never a 5xx', () => {
  it('bad JSON', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: TOKENS.bot }).type('json').send('{"recipient":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(unreadable('Unexpected end of JSON input'));
  });

  it('JSON that is not an object (a bare string) is refused by the JSON reader', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: TOKENS.bot }).type('json').send('"x"');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(unreadable('Unexpected token \'"\', ""x"" is not valid JSON'));
  });

  it('an array as body', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: TOKENS.bot }).send([{ recipient: { id: ANN } }]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) The request body must be a JSON object or form fields', 100));
  });

  it('a text/plain body is refused with its Content-Type named (2018951)', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/take_thread_control').query({ access_token: TOKENS.bot }).type('text/plain').send('hello');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Content-Type text/plain is not accepted here: send application/json, application/x-www-form-urlencoded or multipart/form-data.', 100, 2018951));
  });

  it('a huge body (over 1 MB) → body_too_large (2018911)', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: TOKENS.bot })
      .send({ recipient: { id: ANN }, target_app_id: DESK, metadata: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) The request body is too large.', 100, 2018911));
  });

  it('a huge form body too', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: TOKENS.bot }).type('form')
      .send(`metadata=${'x'.repeat(1_100_000)}`);
    expect(res.body).toEqual(metaError('(#100) The request body is too large.', 100, 2018911));
  });

  it('a body claiming gzip that is not', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/take_thread_control').query({ access_token: TOKENS.bot })
      .set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(unreadable('incorrect header check'));
  });

  it('an unsupported charset', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/take_thread_control').query({ access_token: TOKENS.bot })
      .set('Content-Type', 'application/json; charset=latin2').send('{}');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(unreadable('unsupported charset "LATIN2"'));
  });

  it('an unknown page in the path', async () => {
    const fake = setup();
    const res = await fake.http().get('/v19.0/42/thread_owner').query({ access_token: TOKENS.bot, recipient: ANN });
    expect(res.body).toEqual(metaError(
      "Unsupported get request. Object with ID '42' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
      100, 33, 'GraphMethodException'));
  });

  it('a badly percent-encoded edge is a field the page does not have (and not modelled)', async () => {
    const fake = setup();
    const res = await fake.http().get('/v19.0/me/%E0%A4%A').query({ access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.headers['x-handover-sim']).toBe('not-modelled');
    expect(res.body).toEqual(metaError('(#100) Tried accessing nonexisting field (%E0%A4%A) on node type (Page)', 100));
  });
});

/** The sweep: random paths, methods, content types and bodies, with and without a good token. */
const segment = fc.oneof(
  fc.constantFrom('v19.0', 'v2.6', 'me', ACME, '1000000002', '42', 'pass_thread_control', 'take_thread_control',
    'request_thread_control', 'thread_owner', 'secondary_receivers', 'messages', '__admin', 'events', '%', '%E0%A4%A', '..', '',
    'messenger_profile', 'personas', 'subscribed_apps', 'message_attachments', ANN, '10000000000000001'),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);
const path = fc.array(segment, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`);
const jsonish = fc.oneof(
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({
    recipient: fc.oneof(fc.constant({ id: ANN }), fc.jsonValue(), fc.string()),
    target_app_id: fc.oneof(fc.constant(DESK), fc.jsonValue()),
    metadata: fc.oneof(fc.string(), fc.jsonValue()),
    message: fc.oneof(fc.record({ text: fc.string() }), fc.jsonValue()),
    sender_action: fc.jsonValue(),
  }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string(),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constant(`access_token=${TOKENS.bot}&recipient=${ANN}`),
  fc.constant(`access_token=${TOKENS.desk}&recipient[id]=${ANN}`),
  fc.string().map((s) => `access_token=${TOKENS.bot}&${s}`),
  fc.jsonValue().map((v) => `access_token=${TOKENS.bot}&batch=${encodeURIComponent(JSON.stringify(v))}`),
  fc.constant(`access_token=${TOKENS.bot}&batch=${encodeURIComponent(JSON.stringify([{ method: 'POST', relative_url: 'me/messages', body: 'recipient=%7B%22id%22%3A%22x%22%7D' }, { relative_url: '?batch=[]' }]))}`),
  fc.string(),
);

describe('no generated malformed request gets a 5xx', () => {
  prop.prop(
    [
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path,
      query,
      fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', 'multipart/form-data', 'application/json; charset=utf-16'),
      jsonish,
      fc.option(fc.oneof(fc.constant(`Bearer ${TOKENS.bot}`), fc.string()), { nil: undefined }),
    ],
    { numRuns: Number(process.env['SWEEP_RUNS'] ?? 300) },
  )('answers below 500 with a JSON body; errors in Meta\'s envelope', async (method, p, q, contentType, body, authorization) => {
    const fake = setup();
    const url = q === '' ? p : `${p}?${q.replace(/#/g, '%23')}`;
    let req = fake.http()[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch'](url).set('Content-Type', contentType);
    if (authorization !== undefined) req = req.set('Authorization', authorization.replace(/[\r\n]/g, ''));
    const res = await req.send(body);
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.body).toEqual({
        error: expect.objectContaining({ message: expect.any(String), type: expect.any(String), code: expect.any(Number), fbtrace_id: expect.any(String) }),
      });
    }
  });
});
