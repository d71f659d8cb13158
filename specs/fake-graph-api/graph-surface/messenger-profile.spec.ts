import { describe, expect, it } from 'vitest';
import { metaError, setup, type Fake } from '../graph/fixtures/harness.js';
import { TOKENS } from '../graph/fixtures/world.js';

const GET_STARTED = { payload: 'GET_STARTED' };
const MENU = [{ locale: 'default', composer_input_disabled: false, call_to_actions: [{ type: 'postback', title: 'Talk to a person', payload: 'HUMAN' }] }];
const GREETING = [{ locale: 'default', text: 'Hello {{user_first_name}}!' }];

const set = (fake: Fake, body: object, token: string = TOKENS.bot) => fake.http().post('/v19.0/me/messenger_profile').query({ access_token: token }).send(body);
const get = (fake: Fake, fields: string, token: string = TOKENS.bot) => fake.http().get('/v19.0/me/messenger_profile').query({ fields, access_token: token });
const del = (fake: Fake, fields: unknown, token: string = TOKENS.bot) => fake.http().delete('/v19.0/me/messenger_profile').query({ access_token: token }).send({ fields });

describe('/me/messenger_profile', () => {
  it('POST then GET: {"result":"success"}, and the properties asked for under data[0]', async () => {
    const fake = setup();
    const posted = await set(fake, { get_started: GET_STARTED, greeting: GREETING, persistent_menu: MENU, whitelisted_domains: ['https://shop.example.com'] });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ result: 'success' });
    expect((await get(fake, 'get_started,persistent_menu')).body).toEqual({ data: [{ get_started: GET_STARTED, persistent_menu: MENU }] });
    expect((await get(fake, 'greeting,whitelisted_domains,ice_breakers')).body).toEqual({ data: [{ greeting: GREETING, whitelisted_domains: ['https://shop.example.com'] }] });
  });

  it('nothing set: {"data":[]}', async () => {
    expect((await get(setup(), 'get_started')).body).toEqual({ data: [] });
  });

  it('per app and page: another app of the same page sees its own profile', async () => {
    const fake = setup();
    await set(fake, { get_started: GET_STARTED }).expect(200);
    expect((await get(fake, 'get_started', TOKENS.desk)).body).toEqual({ data: [] });
    expect((await get(fake, 'get_started', TOKENS.soloBot)).body).toEqual({ data: [] });
  });

  it('a form body with JSON text, as curl -F sends it', async () => {
    const fake = setup();
    await fake.http().post('/v19.0/me/messenger_profile').query({ access_token: TOKENS.bot }).type('form')
      .send({ get_started: JSON.stringify(GET_STARTED), ice_breakers: JSON.stringify([{ question: 'Where is my order?', payload: 'ORDER' }]) }).expect(200);
    expect((await get(fake, 'get_started,ice_breakers')).body).toEqual({ data: [{ get_started: GET_STARTED, ice_breakers: [{ question: 'Where is my order?', payload: 'ORDER' }] }] });
  });

  it('a persistent menu needs a Get Started button: 100/2018145, nothing stored', async () => {
    const fake = setup();
    const res = await set(fake, { persistent_menu: MENU });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) You must set a Get Started button if you also wish to use persistent menu.', 100, 2018145));
    expect((await get(fake, 'persistent_menu')).body).toEqual({ data: [] });
  });

  it('a Get Started button set earlier is enough for the menu', async () => {
    const fake = setup();
    await set(fake, { get_started: GET_STARTED }).expect(200);
    await set(fake, { persistent_menu: MENU }).expect(200);
    expect((await get(fake, 'get_started,persistent_menu')).body).toEqual({ data: [{ get_started: GET_STARTED, persistent_menu: MENU }] });
  });

  it('DELETE with fields removes them; get_started cannot go while the menu stays (our 2018961)', async () => {
    const fake = setup();
    await set(fake, { get_started: GET_STARTED, persistent_menu: MENU, greeting: GREETING }).expect(200);
    const refused = await del(fake, ['get_started']);
    expect(refused.body).toEqual(metaError('(#100) The Get Started button cannot be deleted while a persistent menu is set: delete persistent_menu first.', 100, 2018961));
    expect((await del(fake, ['persistent_menu', 'get_started'])).body).toEqual({ result: 'success' });
    expect((await get(fake, 'get_started,persistent_menu,greeting')).body).toEqual({ data: [{ greeting: GREETING }] });
    await fake.http().delete('/v19.0/me/messenger_profile').query({ access_token: TOKENS.bot, fields: 'greeting' }).expect(200, { result: 'success' });
    expect((await get(fake, 'greeting')).body).toEqual({ data: [] });
  });

  it.each([
    ['no property', {}, '(#100) Requires one of the params: get_started, greeting, persistent_menu, ice_breakers, whitelisted_domains'],
    ['get_started without payload', { get_started: {} }, '(#100) Param get_started.payload must be a string'],
    ['a payload over 1000 characters', { get_started: { payload: 'x'.repeat(1001) } }, '(#100) Param get_started.payload must be at most 1000 characters'],
    ['a greeting over 160 characters', { greeting: [{ locale: 'default', text: 'x'.repeat(161) }] }, '(#100) Param greeting.0.text Too big: expected string to have <=160 characters'],
    ['an http:// whitelisted domain', { whitelisted_domains: ['http://shop.example.com'] }, '(#100) Param whitelisted_domains.0 must be https:// URLs'],
    ['five ice breakers', { ice_breakers: Array.from({ length: 5 }, () => ({ question: 'q', payload: 'p' })) }, '(#100) Param ice_breakers Too big: expected array to have <=4 items'],
  ])('POST with %s → (#100)', async (_, body, message) => {
    const res = await set(setup(), body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 100));
  });

  it('GET without fields, or with an unknown one', async () => {
    expect((await setup().http().get('/v19.0/me/messenger_profile').query({ access_token: TOKENS.bot })).body)
      .toEqual(metaError('(#100) The parameter fields is required', 100));
    expect((await get(setup(), 'get_started,home_url')).body)
      .toEqual(metaError('(#100) Param fields.1 must be one of {get_started, greeting, persistent_menu, ice_breakers, whitelisted_domains}', 100));
  });
});
