import { describe, expect, it } from 'vitest';
import { parseWorld, WorldError } from '../../../fake-graph-api/index.js';
import { runScenario } from '../../../simulator/run-scenario.js';
import { openHttpTransport } from '../../../simulator/runtime/http.transport.js';
import { manychatCast, ANN, MANYCHAT, LIVEDESK, PAGE_INBOX, type Scenario } from '../../../simulator/scenario.js';
import { startFakeGraphApi } from '../../../simulator/conformance/start-fake-graph-api.js';
import { metaError, setup, type Fake } from '../graph/fixtures/harness.js';
import { ACME, BOT, DESK, NOW, TOKENS, WORLD } from '../graph/fixtures/world.js';

const NEWCOMER = '3000000050';
const getStarted = (fake: Fake, body: object = {}, psid = NEWCOMER) => fake.http().post(`/__admin/pages/${ACME}/users/${psid}/get-started`).send(body);
const setButton = (fake: Fake, token: string, payload: string) =>
  fake.http().post('/v19.0/me/messenger_profile').query({ access_token: token }).send({ get_started: { payload } }).expect(200);
const postback = (channel: 'messaging' | 'standby', appId: string, mid: string, payload?: string) => ({
  appId, pageId: ACME, channel,
  event: { sender: { id: NEWCOMER }, recipient: { id: ACME }, timestamp: NOW, postback: { title: 'Get Started', ...(payload === undefined ? {} : { payload }), mid } },
});

describe('a user taps Get Started (/__admin)', () => {
  it("the primary's button: its payload as a postback on messaging, standby apps without payload", async () => {
    const fake = setup();
    await setButton(fake, TOKENS.bot, 'WELCOME');
    const res = await getStarted(fake);
    expect(res.status).toBe(200);
    const { mid } = res.body as { mid: string };
    expect(res.body).toEqual({ mid, routes: [{ appId: BOT, channel: 'messaging' }, { appId: DESK, channel: 'standby' }, { appId: '2000000003', channel: 'standby' }, { appId: PAGE_INBOX, channel: 'standby' }] });
    expect(fake.platform.events()[0]).toEqual(postback('messaging', BOT, mid, 'WELCOME'));
    expect(fake.platform.events()[1]).toEqual(postback('standby', DESK, mid));
  });

  it("another app's button when named", async () => {
    const fake = setup();
    await setButton(fake, TOKENS.desk, 'DESK_HELLO');
    const { mid } = (await getStarted(fake, { app: DESK }).expect(200)).body as { mid: string };
    expect(fake.platform.events()[0]).toEqual(postback('messaging', BOT, mid, 'DESK_HELLO'));
  });

  it('no button set: 400 with our 2018964, nothing routed', async () => {
    const fake = setup();
    const res = await getStarted(fake);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(`(#100) No Get Started button to tap: app ${BOT} has set no get_started in its Messenger Profile`, 100, 2018964));
    expect(fake.platform.events()).toEqual([]);
  });

  it('a bad body or page', async () => {
    const fake = setup();
    expect((await getStarted(fake, { app: 'x' })).body).toEqual(metaError('(#100) Param app must be a numeric app id', 100));
    const unknown = await fake.http().post(`/__admin/pages/1999/users/${NEWCOMER}/get-started`).send({});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(metaError('(#100) Unknown page 1999', 100));
  });

  it("the world's messengerProfile is the starting state; reset goes back to it", async () => {
    const world = structuredClone(WORLD);
    Object.assign(world.pages[0]!.apps[0]!, { messengerProfile: { get_started: { payload: 'FROM_WORLD' } } });
    const fake = setup(world);
    await setButton(fake, TOKENS.bot, 'CHANGED');
    await fake.http().post('/__admin/reset').expect(200);
    const res = await fake.http().get('/v19.0/me/messenger_profile').query({ fields: 'get_started', access_token: TOKENS.bot });
    expect(res.body).toEqual({ data: [{ get_started: { payload: 'FROM_WORLD' } }] });
  });

  it('a world whose menu has no Get Started button is refused on load', () => {
    const world = structuredClone(WORLD);
    Object.assign(world.pages[0]!.apps[0]!, { messengerProfile: { persistent_menu: [{ locale: 'default', call_to_actions: [] }] } });
    expect(() => parseWorld(world)).toThrow(WorldError);
    expect(() => parseWorld(world)).toThrow(/a persistent_menu needs a get_started button/);
  });
});

describe('startFakeGraphApi: user(psid).tapsGetStarted()', () => {
  it('sends the payload the bot set through the Graph API', async () => {
    const fake = await startFakeGraphApi();
    try {
      await fetch(`${fake.url}/v19.0/me/messenger_profile?access_token=${fake.accessToken}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ get_started: { payload: 'START' } }),
      });
      const { mid } = fake.user('3000000001').tapsGetStarted();
      expect(fake.events()[0]).toEqual({
        appId: '1234567890', pageId: fake.pageId, channel: 'messaging',
        event: { sender: { id: '3000000001' }, recipient: { id: fake.pageId }, timestamp: expect.any(Number), postback: { title: 'Get Started', payload: 'START', mid } },
      });
      fake.reset();
      expect(() => fake.user('3000000001').tapsGetStarted()).toThrow("user 3000000001's tap on Get Started was refused: no_get_started (No Get Started button to tap: app 1234567890 has set no get_started in its Messenger Profile)");
    } finally {
      await fake.close();
    }
  });
});

describe('the simulator: a step { user, tapsGetStarted: true }', () => {
  const world = manychatCast();
  Object.assign(world.pages[0]!.apps.find((a) => a.id === MANYCHAT)!, { messengerProfile: { get_started: { payload: 'GET_STARTED' } } });
  const scenario: Scenario = {
    name: 'get-started',
    title: 'Ann starts from the welcome screen',
    story: 'Ann taps Get Started; ManyChat hears the postback on messaging, LiveDesk and the inbox on standby.',
    world,
    apps: [{ appId: MANYCHAT, plays: 'primaryReceiver' }, { appId: LIVEDESK, plays: 'secondaryReceiver' }, { appId: PAGE_INBOX, plays: 'pageInbox' }],
    steps: [{ user: ANN, tapsGetStarted: true }],
    expect: {
      received: [
        { app: MANYCHAT, kind: 'postback', channel: 'messaging', user: ANN, count: 1 },
        { app: LIVEDESK, kind: 'postback', channel: 'standby', user: ANN, count: 1 },
      ],
    },
  };

  it.each(['in-process', 'http'] as const)('over %s: the postback carries the payload, the run is ok', async (transport) => {
    const result = await runScenario(scenario, { transport, openHttpTransport });
    expect(result.failedExpectations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.trace.entries.filter((t) => t.kind === 'stimulus').map((t) => t.action)).toEqual(['taps "Get Started"']);
  });

  it('without a button the step fails loudly', async () => {
    const bare: Scenario = { ...scenario, world: manychatCast() };
    await expect(runScenario(bare)).rejects.toThrow(`No Get Started button to tap: app ${MANYCHAT} has set no get_started in its Messenger Profile`);
  });
});
