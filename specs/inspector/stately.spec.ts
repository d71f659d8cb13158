import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, type InspectionEvent } from 'xstate';
import { Platform, type PlatformTransition } from '../../fake-graph-api/platform.js';
import { DEFAULT_WORLD } from '../../fake-graph-api/world/default-world.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import { PAGE_INBOX_APP_ID, threadControlMachine } from '../../machines/platform/index.js';
import { startStatelyInspector, type StatelyInspector } from '../../simulator/inspect/stately.js';

const PAGE = '1000000001';
const BOT = { appId: '2000000001', pageId: PAGE };
const ANN = '3000000001';
const BO = '3000000002';
const CY = '3000000003';
/** Not a user of the world: their thread starts when they first write. */
const NEW = '3000000077';

let running: StatelyInspector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Every message the relay hands to a receiver, through @statelyai/inspect's own WebSocket receiver. */
function receive(inspector: StatelyInspector) {
  const received: StatelyInspectionEvent[] = [];
  createWebSocketReceiver({ server: inspector.relayUrl }).subscribe((e) => void received.push(e));
  return received;
}

const of = (received: StatelyInspectionEvent[], type: StatelyInspectionEvent['type']) => received.filter((e) => e.type === type);

describe('the Stately inspector stream (simulate --inspect, serve --inspect)', () => {
  it('carries every platform actor, event and snapshot of a scenario, in order', async () => {
    running = await startStatelyInspector();
    const received = receive(running);
    const platform = new Platform(parseWorld(DEFAULT_WORLD));
    const transitions: PlatformTransition[] = [];
    platform.onTransition((t) => transitions.push(t));
    const pageBefore = platform.pageView(PAGE);
    running.attachPlatform(platform);

    // ManyChat's workflow: Ann writes, the bot passes to the inbox, its next send is refused, the inbox is Done,
    // a new user writes (a new thread starts), and the admin takes LiveDesk's role away.
    platform.userWrites(PAGE, ANN, { text: 'hi' });
    platform.passThreadControl(BOT, ANN, PAGE_INBOX_APP_ID, 'wants a human');
    expect(platform.sendMessage(BOT, ANN, { text: 'Daily deals!' }).ok).toBe(false);
    platform.inboxDone(PAGE, ANN);
    platform.userWrites(PAGE, NEW, { text: 'hello' });
    platform.setRoles(PAGE, BOT.appId, [PAGE_INBOX_APP_ID]);

    // The world's users have threads from the start: they are declared when the platform is attached.
    const threadSessions = [`thread:${PAGE}/${ANN}`, `thread:${PAGE}/${BO}`, `thread:${PAGE}/${CY}`, `thread:${PAGE}/${NEW}`];
    const appSessions = [`app:${PAGE}/${BOT.appId}`, `app:${PAGE}/${PAGE_INBOX_APP_ID}`];
    await vi.waitFor(() => expect(of(received, '@xstate.snapshot')).toHaveLength(transitions.length), { timeout: 10_000 });

    const actors = of(received, '@xstate.actor') as Extract<StatelyInspectionEvent, { type: '@xstate.actor' }>[];
    expect(actors.map((a) => a.sessionId).sort()).toEqual([`page:${PAGE}`, ...threadSessions, ...appSessions].sort());
    const thread = actors.find((a) => a.sessionId === threadSessions[0])!;
    expect(thread.name).toBe(threadSessions[0]);
    expect(thread.parentId).toBe(`page:${PAGE}`);
    expect(JSON.parse(thread.definition!).states.handoverActive.states).toEqual({ withPrimary: {}, withSecondary: {} });
    const page = actors.find((a) => a.sessionId === `page:${PAGE}`)!;
    expect(page.snapshot).toEqual({ status: 'active', value: 'handoverActive', context: pageBefore });

    const sessionOf = (t: PlatformTransition) => (t.machine === 'page' ? `page:${t.id}` : `thread:${t.id}`);
    const events = of(received, '@xstate.event') as Extract<StatelyInspectionEvent, { type: '@xstate.event' }>[];
    expect(events.map((e) => [e.sessionId, e.event.type, e.sourceId])).toEqual(
      transitions.map((t) => {
        const caller = (t.event as { caller?: string }).caller;
        return [sessionOf(t), t.event.type, caller ? `app:${PAGE}/${caller}` : t.machine === 'page' ? undefined : `page:${PAGE}`];
      }),
    );
    expect(events.map((e) => `${e.sessionId} ${e.event.type}`)).toEqual([
      `thread:${PAGE}/${ANN} pass_thread_control`,
      `thread:${PAGE}/${ANN} send`,
      `thread:${PAGE}/${ANN} pass_thread_control`,
      `thread:${PAGE}/${NEW} xstate.init`,
      `page:${PAGE} set_roles`,
      `thread:${PAGE}/${ANN} app_roles_changed`,
      `thread:${PAGE}/${BO} app_roles_changed`,
      `thread:${PAGE}/${CY} app_roles_changed`,
      `thread:${PAGE}/${NEW} app_roles_changed`,
    ]);
    type Seen = { sessionId: string; snapshot: { value: unknown; context: { owner?: string } } };
    const snapshots = of(received, '@xstate.snapshot') as unknown as Seen[];
    expect(snapshots.map((s) => [s.sessionId, s.snapshot.value, s.snapshot.context])).toEqual(
      transitions.map((t) => [sessionOf(t), t.value, t.context]),
    );
    // The owner changes the inspector shows are the platform's own: primary → inbox → primary.
    expect(snapshots.filter((s) => s.sessionId === threadSessions[0]).map((s) => s.snapshot.context.owner))
      .toEqual(transitions.filter((t) => t.id === `${PAGE}/${ANN}`).map((t) => (t.context as { owner: string }).owner));
  });

  it('carries the live actors given its inspect observer, and names the live actor that made an API call', async () => {
    running = await startStatelyInspector();
    const received = receive(running);
    const platform = new Platform(parseWorld(DEFAULT_WORLD));
    const live: InspectionEvent[] = [];
    const view = platform.pageView(PAGE)!;
    const actor = createActor(threadControlMachine, {
      input: { page: view },
      inspect: (e) => {
        live.push(e);
        running!.inspect.next?.(e);
      },
    }).start();
    running.attachPlatform(platform, { appSessionId: (_page, appId) => (appId === BOT.appId ? actor.sessionId : undefined) });
    actor.send({ type: 'pass_thread_control', page: view, caller: BOT.appId, target: PAGE_INBOX_APP_ID, metadata: null });
    platform.passThreadControl(BOT, ANN, PAGE_INBOX_APP_ID, null);

    const liveEvents = live.filter((e) => e.type === '@xstate.event').length;
    await vi.waitFor(() => expect(of(received, '@xstate.event')).toHaveLength(liveEvents + 1), { timeout: 10_000 }); // + the platform's pass
    expect(of(received, '@xstate.actor').map((a) => a.sessionId)).toEqual(expect.arrayContaining([actor.sessionId, `thread:${PAGE}/${ANN}`]));
    const liveActor = of(received, '@xstate.actor').find((a) => a.sessionId === actor.sessionId) as Extract<StatelyInspectionEvent, { type: '@xstate.actor' }>;
    expect(liveActor.name).toBe('threadControl');
    expect(JSON.parse(liveActor.definition!).id).toBe('threadControl');
    const passByApp = of(received, '@xstate.event').find((e) => e.sessionId === `thread:${PAGE}/${ANN}` && (e as { event: { type: string } }).event.type === 'pass_thread_control');
    expect((passByApp as { sourceId?: string }).sourceId).toBe(actor.sessionId);
    const liveSnapshots = of(received, '@xstate.snapshot').filter((s) => s.sessionId === actor.sessionId);
    expect(liveSnapshots.at(-1)).toMatchObject({ snapshot: { value: { handoverActive: 'withSecondary' }, context: { owner: PAGE_INBOX_APP_ID } } });
  });

  it('serves the bridge page on loopback, embedding the Stately inspector and the relay of its own address', async () => {
    running = await startStatelyInspector();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(running.url)).text();
    expect(html).toContain('<iframe id="inspector" src="https://stately.ai/inspect"></iframe>');
    expect(html).toContain("new WebSocket('ws://' + location.host)");
  });
});

describe('several platforms on one inspector', () => {
  it('keep their actors apart with a prefix per platform (one per scenario)', async () => {
    running = await startStatelyInspector();
    const received = receive(running);
    const one = new Platform(parseWorld(DEFAULT_WORLD));
    const two = new Platform(parseWorld(DEFAULT_WORLD));
    running.attachPlatform(one, { prefix: 'happy-path' });
    running.attachPlatform(two, { prefix: 'refusals' });
    one.passThreadControl(BOT, ANN, PAGE_INBOX_APP_ID, null);
    two.passThreadControl(BOT, ANN, PAGE_INBOX_APP_ID, null);
    await vi.waitFor(() => expect(of(received, '@xstate.snapshot')).toHaveLength(2), { timeout: 10_000 });
    const threads = (prefix: string) => [ANN, BO, CY].map((psid) => `${prefix}/thread:${PAGE}/${psid}`);
    expect(of(received, '@xstate.actor').map((a) => a.sessionId)).toEqual([
      `happy-path/page:${PAGE}`, ...threads('happy-path'), `refusals/page:${PAGE}`, ...threads('refusals'),
      `happy-path/app:${PAGE}/${BOT.appId}`, `refusals/app:${PAGE}/${BOT.appId}`,
    ]);
    expect(of(received, '@xstate.snapshot').map((e) => e.sessionId)).toEqual([`happy-path/thread:${PAGE}/${ANN}`, `refusals/thread:${PAGE}/${ANN}`]);
  });
});

describe('machines run on stored snapshots (the simulator app hosts)', () => {
  it('appear as actors with their definition, events and snapshots', async () => {
    running = await startStatelyInspector();
    const received = receive(running);
    const view = new Platform(parseWorld(DEFAULT_WORLD)).pageView(PAGE)!;
    const start = threadControlMachine.resolveState({ value: { handoverActive: 'withPrimary' }, context: { owner: BOT.appId } });
    const actor = running.steppedActor(`app:${PAGE}/${BOT.appId}/${ANN}`, threadControlMachine, start, { parentId: `app:${PAGE}/${BOT.appId}` });
    const event = { type: 'pass_thread_control', page: view, caller: BOT.appId, target: PAGE_INBOX_APP_ID, metadata: null };
    actor.step(event, { value: { handoverActive: 'withSecondary' }, context: { owner: PAGE_INBOX_APP_ID } }, 'user:Ann');
    await vi.waitFor(() => expect(of(received, '@xstate.snapshot')).toHaveLength(1), { timeout: 10_000 });
    const [declared] = of(received, '@xstate.actor') as Extract<StatelyInspectionEvent, { type: '@xstate.actor' }>[];
    expect(declared).toMatchObject({
      sessionId: `app:${PAGE}/${BOT.appId}/${ANN}`,
      name: `app:${PAGE}/${BOT.appId}/${ANN}`,
      parentId: `app:${PAGE}/${BOT.appId}`,
      snapshot: { status: 'active', value: { handoverActive: 'withPrimary' }, context: { owner: BOT.appId } },
    });
    expect(of(received, '@xstate.event')).toMatchObject([{ sessionId: declared!.sessionId, sourceId: 'user:Ann', event }]);
    expect(of(received, '@xstate.snapshot')).toMatchObject([{ sessionId: declared!.sessionId, event, snapshot: { value: { handoverActive: 'withSecondary' } } }]);
  });
});
