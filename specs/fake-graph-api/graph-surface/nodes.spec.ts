import { describe, expect, it } from 'vitest';
import { metaError, setup } from '../graph/fixtures/harness.js';
import { ACME, ANN, BO, SOLO_USER, TOKENS, WORLD } from '../graph/fixtures/world.js';
import type { WorldInput } from '../../../fake-graph-api/index.js';

/** ACME's world with a full profile for Ann; Bo keeps a name only. */
const PROFILED: WorldInput = {
  ...WORLD,
  pages: WORLD.pages.map((page) => page.id !== ACME ? page : {
    ...page,
    users: [
      { psid: ANN, name: 'Ann Lee', first_name: 'Ann', last_name: 'Lee', profile_pic: 'https://example.com/ann.jpg', locale: 'en_GB', timezone: 1, gender: 'female' },
      { psid: BO, name: 'Bo' },
    ],
  }),
};
const unknownObject = (id: string, method = 'get') => metaError(
  `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  100, 33, 'GraphMethodException');

describe('GET /{psid}: the User Profile API', () => {
  it('answers the fields asked for, id last', async () => {
    const res = await setup(PROFILED).http().get(`/v19.0/${ANN}`).query({ fields: 'first_name,last_name,profile_pic,locale,timezone,gender,name', access_token: TOKENS.bot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ first_name: 'Ann', last_name: 'Lee', profile_pic: 'https://example.com/ann.jpg', locale: 'en_GB', timezone: 1, gender: 'female', name: 'Ann Lee', id: ANN });
    expect(Object.keys(res.body).at(-1)).toBe('id');
  });

  it('without fields: first_name, last_name, profile_pic', async () => {
    const res = await setup(PROFILED).http().get(`/${ANN}`).query({ access_token: TOKENS.desk });
    expect(res.body).toEqual({ first_name: 'Ann', last_name: 'Lee', profile_pic: 'https://example.com/ann.jpg', id: ANN });
  });

  it('a user with a name only: first and last name from it, a Meta-shaped picture URL, nothing the world did not give', async () => {
    const res = await setup(PROFILED).http().get(`/v19.0/${BO}`).query({ fields: 'first_name,last_name,profile_pic,locale,gender', access_token: TOKENS.bot });
    expect(res.body).toEqual({ first_name: 'Bo', last_name: '', profile_pic: `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${BO}`, id: BO });
  });

  it('a user who appeared by writing has a profile too', async () => {
    const fake = setup(PROFILED);
    await fake.http().post(`/__admin/pages/${ACME}/users/3000000077/messages`).send({ text: 'hi' }).expect(200);
    const res = await fake.http().get('/v19.0/3000000077').query({ fields: 'first_name,last_name', access_token: TOKENS.bot });
    expect(res.body).toEqual({ first_name: 'User', last_name: '3000000077', id: '3000000077' });
  });

  it('a field a user does not have: nonexisting field on node type (User)', async () => {
    const res = await setup(PROFILED).http().get(`/v19.0/${ANN}`).query({ fields: 'first_name,email', access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Tried accessing nonexisting field (email) on node type (User)', 100));
  });

  it.each([
    ['an unknown PSID', '3999999999'],
    ["another page's user", SOLO_USER],
  ])('%s is an unknown object (100/33)', async (_, psid) => {
    const res = await setup(PROFILED).http().get(`/v19.0/${psid}`).query({ fields: 'first_name', access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(unknownObject(psid));
    expect(res.headers['x-handover-sim']).toBeUndefined(); // the bot's mistake, not the fake's gap
  });

  it('a token is needed', async () => {
    const res = await setup(PROFILED).http().get(`/v19.0/${ANN}`);
    expect(res.body).toEqual(metaError('An access token is required to request this resource.', 104));
  });
});

describe('GET /me and GET /{page-id}: the page node', () => {
  it.each(['/v19.0/me', `/v19.0/${ACME}`, '/me'])('%s without fields: name and id', async (path) => {
    const res = await setup().http().get(path).query({ access_token: TOKENS.bot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'Acme Shoes', id: ACME });
  });

  it('messaging_feature_status comes from the profile: hop-v1 has neither HOP v2 nor CR', async () => {
    const res = await setup().http().get('/v19.0/me').query({ fields: 'messaging_feature_status', access_token: TOKENS.desk });
    expect(res.body).toEqual({ messaging_feature_status: { hop_v2: false, msgr_multi_app: false, ig_multi_app: false }, id: ACME });
  });

  it('fields=id,name', async () => {
    const res = await setup().http().get('/v19.0/me').query({ fields: 'id,name', access_token: TOKENS.bot });
    expect(res.body).toEqual({ name: 'Acme Shoes', id: ACME });
  });

  it('a field a page does not have here', async () => {
    const res = await setup().http().get('/v19.0/me').query({ fields: 'name,fan_count', access_token: TOKENS.bot });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Tried accessing nonexisting field (fan_count) on node type (Page)', 100));
  });

  it('POST /me is no operation of the page: unsupported post request', async () => {
    const res = await setup().http().post('/v19.0/me').query({ access_token: TOKENS.bot }).send({ name: 'x' });
    expect(res.body).toEqual(unknownObject('me', 'post'));
  });
});
