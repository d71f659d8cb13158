import { describe, expect, it } from 'vitest';
import { events, ev, metaError, setup, thread } from './fixtures/harness.js';
import { ACME, ANN, BOT, DESK, TOKENS } from './fixtures/world.js';

/** After a successful pass from the primary to LiveDesk: one event, to LiveDesk. */
const PASSED_TO_DESK = [ev.messaging(DESK, ACME, ev.pass(ACME, ANN, BOT, DESK, 'm'))];

describe('parameters as JSON body, form body or query string', () => {
  it('JSON body', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/pass_thread_control').query({ access_token: TOKENS.bot })
      .send({ recipient: { id: ANN }, target_app_id: DESK, metadata: 'm' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual(PASSED_TO_DESK);
  });

  it('form body', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/pass_thread_control').query({ access_token: TOKENS.bot }).type('form')
      .send({ recipient: JSON.stringify({ id: ANN }), target_app_id: DESK, metadata: 'm' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual(PASSED_TO_DESK);
  });

  it('query string only, as in Meta\'s newer curl examples', async () => {
    const fake = setup();
    const res = await fake.http().post(`/v19.0/me/pass_thread_control?recipient={id:${ANN}}&target_app_id=${DESK}&metadata=m&access_token=${TOKENS.bot}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual(PASSED_TO_DESK);
  });

  it('text/plain JSON is refused, not guessed at (a cross-site form can send text/plain without a preflight)', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/pass_thread_control').query({ access_token: TOKENS.bot }).type('text/plain')
      .send(JSON.stringify({ recipient: { id: ANN }, target_app_id: DESK, metadata: 'm' }));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Content-Type text/plain is not accepted here: send application/json, application/x-www-form-urlencoded or multipart/form-data.', 100, 2018951));
    expect(await events(fake)).toEqual([]);
  });

  it('the body wins over the query string for the same parameter', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/pass_thread_control').query({ access_token: TOKENS.bot, target_app_id: '9' })
      .send({ recipient: { id: ANN }, target_app_id: DESK, metadata: 'm' });
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual(PASSED_TO_DESK);
  });
});

describe('recipient forms', () => {
  it.each([
    ['an object', { recipient: { id: ANN } }],
    ['an object with a numeric id', { recipient: { id: Number(ANN) } }],
    ['JSON text', { recipient: `{"id":"${ANN}"}` }],
    ["Meta's loose {id:123}", { recipient: `{id:${ANN}}` }],
    ["loose with quotes {'id':'123'}", { recipient: `{'id':'${ANN}'}` }],
  ])('recipient as %s', async (_name, body) => {
    const fake = setup();
    const res = await fake.http().post('/me/take_thread_control').query({ access_token: TOKENS.bot }).send(body);
    // The primary already owns a new thread: the request reached the rules with the right PSID.
    expect(res.body).toEqual(metaError('(#10) Your app already controls this thread.', 10, 2018907));
    expect(await thread(fake)).toEqual({ owner: BOT, history: [] });
  });

  it('recipient[id]= in a query string', async () => {
    const fake = setup();
    const res = await fake.http().post(`/me/pass_thread_control?recipient[id]=${ANN}&target_app_id=${DESK}&access_token=${TOKENS.bot}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
  });

  it('recipient[id]= in a form body', async () => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').type('form')
      .send(`recipient%5Bid%5D=${ANN}&target_app_id=${DESK}&access_token=${TOKENS.bot}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
  });

  it.each([
    ['a plain PSID', ANN],
    ['recipient[id]', { id: ANN }],
    ['JSON text', `{"id":"${ANN}"}`],
  ])('thread_owner takes recipient as %s', async (_name, recipient) => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient, access_token: TOKENS.bot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
  });
});

describe('target_app_id as string or number', () => {
  it.each([
    ['a string', DESK],
    ['a number', Number(DESK)],
  ])('target_app_id as %s', async (_name, target) => {
    const fake = setup();
    const res = await fake.http().post('/me/pass_thread_control').query({ access_token: TOKENS.bot })
      .send({ recipient: { id: ANN }, target_app_id: target, metadata: 'm' });
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual(PASSED_TO_DESK);
  });
});

describe('missing and wrongly typed parameters → invalid_parameter (100)', () => {
  const cases: [string, string, object, string][] = [
    ['pass without recipient', 'pass_thread_control', { target_app_id: DESK }, '(#100) The parameter recipient is required'],
    ['take without recipient', 'take_thread_control', {}, '(#100) The parameter recipient is required'],
    ['request without recipient', 'request_thread_control', {}, '(#100) The parameter recipient is required'],
    ['messages without recipient', 'messages', { message: { text: 'hi' } }, '(#100) The parameter recipient is required'],
    ['recipient as a number', 'take_thread_control', { recipient: 5 }, '(#100) Param recipient must be an object such as {"id":"<PSID>"}'],
    ['recipient as garbage text', 'take_thread_control', { recipient: 'hello' }, '(#100) Param recipient must be an object such as {"id":"<PSID>"}'],
    ['recipient without id', 'take_thread_control', { recipient: { user_ref: 'x' } }, '(#100) Param recipient.id Invalid input'],
    ['recipient id not numeric', 'take_thread_control', { recipient: { id: 'ann' } }, '(#100) Param recipient.id must be a numeric id'],
    ['target_app_id not numeric', 'pass_thread_control', { recipient: { id: ANN }, target_app_id: 'desk' }, '(#100) Param target_app_id must be a numeric id'],
    ['target_app_id an object', 'pass_thread_control', { recipient: { id: ANN }, target_app_id: {} }, '(#100) Param target_app_id Invalid input'],
    ['target_app_id negative', 'pass_thread_control', { recipient: { id: ANN }, target_app_id: -1 }, '(#100) Param target_app_id Invalid input'],
    ['metadata a number', 'take_thread_control', { recipient: { id: ANN }, metadata: 5 }, '(#100) Param metadata must be a string'],
    ['message missing', 'messages', { recipient: { id: ANN } }, '(#100) The parameter message is required'],
    ['message without text or attachment', 'messages', { recipient: { id: ANN }, message: {} }, '(#100) Param message must have text or attachment'],
    ['message text a number', 'messages', { recipient: { id: ANN }, message: { text: 5 } }, '(#100) Param message.text Invalid input: expected string, received number'],
    ['unknown sender_action', 'messages', { recipient: { id: ANN }, sender_action: 'dance' }, '(#100) Param sender_action Invalid option: expected one of "typing_on"|"typing_off"|"mark_seen"'],
  ];
  it.each(cases)('%s', async (_name, edge, body, message) => {
    const fake = setup();
    const res = await fake.http().post(`/v19.0/me/${edge}`).query({ access_token: TOKENS.bot }).send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 100));
    expect(await events(fake)).toEqual([]);
  });

  it('thread_owner without recipient', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) The parameter recipient is required', 100));
  });
});
