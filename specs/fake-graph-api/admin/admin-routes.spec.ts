import { describe, expect, it } from 'vitest';
import { events, ev, getOwner, metaError, passTo, setup, thread, type Fake } from '../graph/fixtures/harness.js';
import { ACME, ANN, BO, BOT, DESK, HELP, INBOX, NOW, SOLO, SOLO_BOT, SOLO_TOOL, SOLO_USER, STATS, TOKENS } from '../graph/fixtures/world.js';

const say = (fake: Fake, body: object, page = ACME, psid = ANN) => fake.http().post(`/__admin/pages/${page}/users/${psid}/messages`).send(body);
const setRoles = (fake: Fake, roles: object, page = ACME) => fake.http().put(`/__admin/pages/${page}/roles`).send(roles);
const mid = (res: { body: unknown }) => (res.body as { mid: string }).mid;
const ACME_ROLES = { [BOT]: ['primary_receiver'], [DESK]: ['secondary_receiver'], [HELP]: ['secondary_receiver'], [INBOX]: ['secondary_receiver'] };

describe('GET /__admin/health and /__admin/pages', () => {
  it('health answers 200 with the event log\'s counters and the incidents (no webhooks: no delivery counters)', async () => {
    await setup().http().get('/__admin/health').expect(200, { status: 'ok', events: { total: 0, retained: 0, dropped: 0 }, incidents: 0 });
  });

  it('pages lists every page with its roles, apps, users and whether handover is active', async () => {
    const res = await setup().http().get('/__admin/pages').expect(200);
    expect(res.body).toEqual({
      pages: [
        {
          id: ACME, handoverActive: true,
          roles: { primary: BOT, secondary: [DESK, HELP, INBOX] },
          apps: [{ id: BOT, name: 'Bot' }, { id: DESK, name: 'LiveDesk' }, { id: HELP, name: 'Helpdesk' }, { id: STATS, name: 'Stats' }, { id: INBOX, name: 'Page Inbox' }],
          users: [{ psid: ANN, name: 'Ann' }, { psid: BO, name: 'Bo' }],
        },
        {
          id: SOLO, handoverActive: false,
          roles: { primary: SOLO_BOT, secondary: [] },
          apps: [{ id: SOLO_BOT, name: 'SoloBot' }, { id: SOLO_TOOL, name: 'SoloTool' }],
          users: [{ psid: SOLO_USER, name: 'Sam' }],
        },
      ],
    });
  });
});

describe('POST /__admin/pages/{page}/users/{psid}/messages', () => {
  it('text: the owner on messaging, every app subscribed to standby on standby, Stats (messages only) hears nothing', async () => {
    const fake = setup();
    const res = await say(fake, { text: 'hi' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mid: expect.stringMatching(/^m_/),
      routes: [
        { appId: BOT, channel: 'messaging' },
        { appId: DESK, channel: 'standby' },
        { appId: HELP, channel: 'standby' },
        { appId: INBOX, channel: 'standby' },
      ],
    });
    const msg = ev.text(ACME, ANN, mid(res), 'hi');
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, ACME, msg),
      ev.standby(DESK, ACME, msg),
      ev.standby(HELP, ACME, msg),
      ev.standby(INBOX, ACME, msg),
    ]);
  });

  it('postback: the owner gets the payload, standby loses it', async () => {
    const fake = setup();
    const res = await say(fake, { postback: { title: 'Talk to a human', payload: 'HUMAN' } });
    expect(res.status).toBe(200);
    const m = mid(res);
    const base = { sender: { id: ANN }, recipient: { id: ACME }, timestamp: NOW };
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, ACME, { ...base, postback: { title: 'Talk to a human', payload: 'HUMAN', mid: m } }),
      ev.standby(DESK, ACME, { ...base, postback: { title: 'Talk to a human', mid: m } }),
      ev.standby(HELP, ACME, { ...base, postback: { title: 'Talk to a human', mid: m } }),
      ev.standby(INBOX, ACME, { ...base, postback: { title: 'Talk to a human', mid: m } }),
    ]);
  });

  it('postback without payload', async () => {
    const fake = setup();
    const res = await say(fake, { postback: { title: 'Menu' } });
    expect((await events(fake))[0]).toEqual(ev.messaging(BOT, ACME, { sender: { id: ANN }, recipient: { id: ACME }, timestamp: NOW, postback: { title: 'Menu', mid: mid(res) } }));
  });

  it('once a secondary owns the thread it hears messaging, the primary standby', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const res = await say(fake, { text: 'still there?' });
    expect(res.body).toEqual({
      mid: expect.any(String),
      routes: [{ appId: BOT, channel: 'standby' }, { appId: DESK, channel: 'messaging' }, { appId: HELP, channel: 'standby' }, { appId: INBOX, channel: 'standby' }],
    });
  });

  it('with handover inactive every app subscribed to the field gets messaging, no standby', async () => {
    const fake = setup();
    const res = await say(fake, { text: 'hello' }, SOLO, SOLO_USER);
    expect(res.body).toEqual({ mid: expect.any(String), routes: [{ appId: SOLO_BOT, channel: 'messaging' }, { appId: SOLO_TOOL, channel: 'messaging' }] });
    const msg = ev.text(SOLO, SOLO_USER, mid(res), 'hello');
    expect(await events(fake)).toEqual([ev.messaging(SOLO_BOT, SOLO, msg), ev.messaging(SOLO_TOOL, SOLO, msg)]);
  });

  it('an unknown PSID becomes a known user of the page', async () => {
    const fake = setup();
    await say(fake, { text: 'new here' }, ACME, '3000000099').expect(200);
    const pages = (await fake.http().get('/__admin/pages')).body as { pages: { users: unknown[] }[] };
    expect(pages.pages[0]!.users).toEqual([{ psid: ANN, name: 'Ann' }, { psid: BO, name: 'Bo' }, { psid: '3000000099', name: 'User 3000000099' }]);
    const owner = await fake.http().get('/me/thread_owner').query({ recipient: '3000000099', access_token: TOKENS.bot });
    expect(owner.body).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
  });

  it.each([
    ['an empty body', {}],
    ['both text and postback', { text: 'a', postback: { title: 't' } }],
    ['a postback without title', { postback: { payload: 'P' } }],
  ])('%s → invalid_parameter', async (_name, body) => {
    const fake = setup();
    const res = await say(fake, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Param request must be {"text":"…"} or {"postback":{"title":"…","payload":"…"}}', 100));
    expect(await events(fake)).toEqual([]);
  });

  it.each([
    ['an empty text', { text: '' }, '(#100) Param text Too small: expected string to have >=1 characters'],
    ['an unknown key beside text', { text: 'a', extra: 1 }, '(#100) Param request Unrecognized key: "extra"'],
  ])('%s → invalid_parameter naming the field', async (_name, body, message) => {
    const fake = setup();
    const res = await say(fake, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 100));
    expect(await events(fake)).toEqual([]);
  });

  it('a PSID that is not numeric → 404', async () => {
    const res = await say(setup(), { text: 'x' }, ACME, 'ann');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(metaError('(#100) Unknown psid ann', 100));
  });

  it('an unknown page → 404', async () => {
    const res = await say(setup(), { text: 'x' }, '1999999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(metaError('(#100) Unknown page 1999999999', 100));
  });
});

describe('POST /__admin/pages/{page}/inbox/{psid}/done and move-to-inbox', () => {
  it('done: the Page Inbox passes control back to the primary, which gets pass_thread_control', async () => {
    const fake = setup();
    await passTo(fake, INBOX);
    const res = await fake.http().post(`/__admin/pages/${ACME}/inbox/${ANN}/done`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([
      ev.messaging(INBOX, ACME, ev.pass(ACME, ANN, BOT, INBOX)),
      ev.messaging(BOT, ACME, ev.pass(ACME, ANN, INBOX, BOT)),
    ]);
    expect(await thread(fake)).toEqual({
      owner: BOT,
      history: [
        { time: NOW, event: 'pass_thread_control', from: BOT, to: INBOX, owner: INBOX },
        { time: NOW, event: 'pass_thread_control', from: INBOX, to: BOT, owner: BOT },
      ],
    });
  });

  it('done on a thread the Page Inbox does not own is refused as a pass by a non-owner', async () => {
    const fake = setup();
    const res = await fake.http().post(`/__admin/pages/${ACME}/inbox/${ANN}/done`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#10) Only the thread owner or the Primary Receiver can pass thread control.', 10, 2018902));
  });

  it('move-to-inbox: the primary gets request_thread_control with requested_owner_app_id 263902037430900; the owner stays', async () => {
    const fake = setup();
    const res = await fake.http().post(`/__admin/pages/${ACME}/inbox/${ANN}/move-to-inbox`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([ev.messaging(BOT, ACME, ev.request(ACME, ANN, 263902037430900))]);
    expect(await thread(fake)).toEqual({ owner: BOT, history: [{ time: NOW, event: 'request_thread_control', requester: INBOX, owner: BOT }] });
  });

  it('move-to-inbox on a page without the Page Inbox role → no_role', async () => {
    const fake = setup();
    const res = await fake.http().post(`/__admin/pages/${SOLO}/inbox/${SOLO_USER}/move-to-inbox`);
    expect(res.body).toEqual(metaError('(#10) Only available to Primary and Secondary Receivers.', 10, 2018171));
  });

  it('done for an unknown PSID → no_matching_user', async () => {
    const res = await setup().http().post(`/__admin/pages/${ACME}/inbox/3999999999/done`);
    expect(res.body).toEqual(metaError('(#100) No matching user found', 100, 2018001));
  });
});

describe('PUT /__admin/pages/{page}/roles', () => {
  it('every app subscribed to messaging_handovers gets the whole app_roles map', async () => {
    const fake = setup();
    const res = await setRoles(fake, { primary: BOT, secondary: [DESK, INBOX] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    const roles = ev.appRoles(ACME, { [BOT]: ['primary_receiver'], [DESK]: ['secondary_receiver'], [INBOX]: ['secondary_receiver'] });
    // Stats subscribes to `messages` only: no app_roles for it.
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, ACME, roles), ev.messaging(DESK, ACME, roles), ev.messaging(HELP, ACME, roles), ev.messaging(INBOX, ACME, roles),
    ]);
  });

  it('the same roles again still notify every app', async () => {
    const fake = setup();
    await setRoles(fake, { primary: BOT, secondary: [DESK, HELP, INBOX] }).expect(200);
    expect((await events(fake))[0]).toEqual(ev.messaging(BOT, ACME, ev.appRoles(ACME, ACME_ROLES)));
  });

  it('an owner losing its role: the thread goes back to the primary, history shows control_returned, no webhook but app_roles', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    await setRoles(fake, { primary: BOT, secondary: [HELP, INBOX] }).expect(200, { success: true });
    expect(await thread(fake)).toEqual({
      owner: BOT,
      history: [
        { time: NOW, event: 'pass_thread_control', from: BOT, to: DESK, owner: DESK },
        { time: NOW, event: 'control_returned', from: DESK, to: BOT, owner: BOT },
      ],
    });
    const roles = ev.appRoles(ACME, { [BOT]: ['primary_receiver'], [HELP]: ['secondary_receiver'], [INBOX]: ['secondary_receiver'] });
    expect((await events(fake)).slice(1)).toEqual([
      ev.messaging(BOT, ACME, roles), ev.messaging(DESK, ACME, roles), ev.messaging(HELP, ACME, roles), ev.messaging(INBOX, ACME, roles),
    ]);
    const owner = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot });
    expect(owner.body).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
  });

  it('a new primary takes over the threads the old primary owned', async () => {
    const fake = setup();
    await thread(fake); // the thread exists, owned by BOT
    await setRoles(fake, { primary: DESK, secondary: [HELP] }).expect(200);
    expect(await thread(fake)).toEqual({ owner: DESK, history: [{ time: NOW, event: 'control_returned', from: BOT, to: DESK, owner: DESK }] });
  });

  it('handover becomes inactive with no secondary: no owner, thread_owner {"data":[]}, handover calls refused, everyone hears messaging', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    await setRoles(fake, { primary: BOT, secondary: [] }).expect(200);
    expect(await thread(fake)).toEqual({ owner: null, history: [{ time: NOW, event: 'pass_thread_control', from: BOT, to: DESK, owner: DESK }] });
    const owner = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot });
    expect(owner.body).toEqual({ data: [] });
    const take = await fake.http().post('/me/take_thread_control').query({ access_token: TOKENS.bot }).send({ recipient: { id: ANN } });
    expect(take.body).toEqual(metaError('(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.', 10, 2018901));
    const res = await say(fake, { text: 'x' });
    expect((res.body as { routes: unknown }).routes).toEqual([
      { appId: BOT, channel: 'messaging' }, { appId: DESK, channel: 'messaging' }, { appId: HELP, channel: 'messaging' },
      { appId: STATS, channel: 'messaging' }, { appId: INBOX, channel: 'messaging' },
    ]);
    const pages = (await fake.http().get('/__admin/pages')).body as { pages: { handoverActive: boolean }[] };
    expect(pages.pages[0]!.handoverActive).toBe(false);
  });

  it('handover becomes active again: the thread belongs to the primary', async () => {
    const fake = setup();
    await setRoles(fake, { primary: null, secondary: [DESK] }).expect(200);
    expect(await thread(fake)).toEqual({ owner: null, history: [] });
    await setRoles(fake, { primary: BOT, secondary: [DESK] }).expect(200);
    expect(await thread(fake)).toEqual({ owner: BOT, history: [] });
  });

  it('a thread first seen after a role change starts under the new roles (new threads share one start snapshot per roles)', async () => {
    const fake = setup();
    const ownerOf = async (psid: string, token: string) => (await getOwner(fake, token, psid)).body as unknown;
    await say(fake, { text: 'before' }, ACME, '3000000098').expect(200);
    expect(await ownerOf('3000000098', TOKENS.bot)).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
    await setRoles(fake, { primary: DESK, secondary: [BOT] }).expect(200);
    await say(fake, { text: 'after' }, ACME, '3000000099').expect(200);
    expect(await ownerOf('3000000099', TOKENS.desk)).toEqual({ data: [{ thread_owner: { app_id: DESK } }] });
    await setRoles(fake, { primary: BOT, secondary: [] }).expect(200);
    await say(fake, { text: 'inactive' }, ACME, '3000000097').expect(200);
    expect(await ownerOf('3000000097', TOKENS.bot)).toEqual({ data: [] });
    const pages = (await fake.http().get('/__admin/pages')).body as { pages: { handoverActive: boolean }[] };
    expect(pages.pages[0]!.handoverActive).toBe(false);
  });

  it('role_for_unknown_app → 2018912, nothing changes', async () => {
    const fake = setup();
    const res = await setRoles(fake, { primary: BOT, secondary: [SOLO_BOT] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) A role names an app that is not installed on this page.', 100, 2018912));
    expect(await events(fake)).toEqual([]);
  });

  it('role_for_unknown_app for the primary too', async () => {
    const res = await setRoles(setup(), { primary: '9', secondary: [DESK] });
    expect(res.body).toEqual(metaError('(#100) A role names an app that is not installed on this page.', 100, 2018912));
  });

  it('role_conflict → 2018913', async () => {
    const fake = setup();
    const res = await setRoles(fake, { primary: BOT, secondary: [BOT, DESK] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) An app cannot be both the Primary Receiver and a Secondary Receiver.', 100, 2018913));
    expect(await events(fake)).toEqual([]);
  });

  it('the Page Inbox named in roles installs it on a page that lacked it; handover becomes active', async () => {
    const fake = setup();
    await setRoles(fake, { primary: SOLO_BOT, secondary: [INBOX] }, SOLO).expect(200, { success: true });
    const roles = ev.appRoles(SOLO, { [SOLO_BOT]: ['primary_receiver'], [INBOX]: ['secondary_receiver'] });
    expect(await events(fake)).toEqual([ev.messaging(SOLO_BOT, SOLO, roles), ev.messaging(SOLO_TOOL, SOLO, roles), ev.messaging(INBOX, SOLO, roles)]);
    const pages = (await fake.http().get('/__admin/pages')).body as { pages: unknown[] };
    expect(pages.pages[1]).toEqual({
      id: SOLO, handoverActive: true, roles: { primary: SOLO_BOT, secondary: [INBOX] },
      apps: [{ id: SOLO_BOT, name: 'SoloBot' }, { id: SOLO_TOOL, name: 'SoloTool' }, { id: INBOX, name: 'Page Inbox' }],
      users: [{ psid: SOLO_USER, name: 'Sam' }],
    });
    const pass = await fake.http().post(`/v19.0/${SOLO}/pass_thread_control`).query({ access_token: TOKENS.soloBot }).send({ recipient: { id: SOLO_USER }, target_app_id: INBOX });
    expect(pass.body).toEqual({ success: true });
  });

  it.each([
    ['secondary missing', { primary: BOT }, '(#100) The parameter secondary is required'],
    ['primary missing', { secondary: [] }, '(#100) The parameter primary is required'],
    ['a non-numeric app id', { primary: 'bot', secondary: [] }, '(#100) Param primary must be a numeric app id'],
    ['secondary not a list', { primary: BOT, secondary: DESK }, '(#100) Param secondary Invalid input: expected array, received string'],
    ['an unknown key', { primary: BOT, secondary: [], tertiary: [] }, '(#100) Param request Unrecognized key: "tertiary"'],
  ])('%s → invalid_parameter', async (_name, body, message) => {
    const res = await setRoles(setup(), body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 100));
  });

  it('an unknown page → 404', async () => {
    const res = await setRoles(setup(), { primary: BOT, secondary: [DESK] }, '1999999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(metaError('(#100) Unknown page 1999999999', 100));
  });
});

describe('GET /__admin/pages/{page}/threads/{psid}', () => {
  it('a thread never touched: the primary, no history', async () => {
    expect(await thread(setup(), BO)).toEqual({ owner: BOT, history: [] });
  });

  it('an unknown PSID → no_matching_user', async () => {
    const res = await setup().http().get(`/__admin/pages/${ACME}/threads/3999999999`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) No matching user found', 100, 2018001));
  });

  it('an unknown page → 404', async () => {
    const res = await setup().http().get(`/__admin/pages/1999999999/threads/${ANN}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(metaError('(#100) Unknown page 1999999999', 100));
  });
});

describe('GET /__admin/events and POST /__admin/reset', () => {
  it('events starts empty', async () => {
    expect((await setup().http().get('/__admin/events').expect(200)).body).toEqual({ events: [] });
  });

  it('reset: back to the world as loaded (owners, roles, users, events and ids)', async () => {
    const fake = setup();
    const first = mid(await say(fake, { text: 'a' }));
    await say(fake, { text: 'b' }, ACME, '3000000099');
    await passTo(fake, DESK);
    await setRoles(fake, { primary: BOT, secondary: [HELP] }).expect(200);
    const res = await fake.http().post('/__admin/reset');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([]);
    expect(await thread(fake)).toEqual({ owner: BOT, history: [] });
    const fresh = setup();
    expect((await fake.http().get('/__admin/pages')).body).toEqual((await fresh.http().get('/__admin/pages')).body);
    expect(mid(await say(fake, { text: 'a' }))).toBe(first);
  });
});

describe('unknown admin routes', () => {
  it.each([
    ['GET', '/__admin', 'Unknown admin route GET /__admin/'],
    ['GET', '/__admin/nope', 'Unknown admin route GET /__admin/nope'],
    ['GET', `/__admin/pages/${ACME}/roles`, `Unknown admin route GET /__admin/pages/${ACME}/roles`],
    ['POST', '/__admin/health', 'Unknown admin route POST /__admin/health'],
    ['DELETE', '/__admin/events', 'Unknown admin route DELETE /__admin/events'],
    ['GET', '/__admin/reset', 'Unknown admin route GET /__admin/reset'],
  ])('%s %s → 404 admin_not_found', async (method, path, detail) => {
    const fake = setup();
    const res = await (method === 'GET' ? fake.http().get(path) : method === 'POST' ? fake.http().post(path) : fake.http().delete(path));
    expect(res.status).toBe(404);
    expect(res.body).toEqual(metaError(`(#100) ${detail}`, 100));
  });
});
