import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorld, Platform, type Caller } from '../../fake-graph-api/index.js';
import { mount, startHarnessServer, stopHarnessServer, type Http, type SystemUnderTest } from './support/harness.js';
import { assertProperty } from './support/run-property.js';
import { START, toProfileWorld, type ProfileWorldSpec } from './support/profile-world.arbitrary.js';
import { APP_POOL, USER_POOL } from './support/world.arbitrary.js';

/**
 * A request race under Conversation Routing's zero-config behaviour (protocol.md §1.3: "If the thread is
 * idle, control will be passed to you …; only the first application to invoke the API will receive
 * control"). 2–4 apps call request_thread_control on the same thread at once, in an order fc.scheduler
 * picks. On an idle thread exactly one wins: one `pass_thread_control` (from `null`), the thread is the
 * winner's, and every later requester's call reaches the winner as `request_thread_control`. On a thread
 * another app owns, nobody wins: the owner hears every request and keeps the thread.
 */
const FILE = 'specs/properties/request-race.spec.ts';
const PSID = USER_POOL[0];
const PAGE = '1000000001';

interface Race {
  racers: string[];
  /** null: the thread is idle; else the app that owns it before the race (not a racer). */
  owner: string | null;
  metadata: (string | null)[];
}

const raceArb: fc.Arbitrary<Race> = fc
  .record({
    racers: fc.uniqueArray(fc.constantFrom(...APP_POOL), { minLength: 2, maxLength: 4 }),
    owned: fc.boolean(),
    metadata: fc.array(fc.option(fc.constantFrom('first', 'second'), { nil: null }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ racers, owned, metadata }) => ({
    racers: owned ? racers.slice(1) : racers,
    owner: owned ? racers[0]! : null,
    metadata,
  }))
  .filter((r) => r.racers.length >= 1);

/** Every app of the pool on one zero-config page, none with a webhook (each hears every field). */
const SPEC: ProfileWorldSpec = {
  profile: 'conversation-routing',
  pages: [{ apps: APP_POOL.map((id) => ({ id, primary: false, takeControl: false, fields: null })), defaultApp: null, entryPoints: [], users: [PSID] }],
};

interface Outcome {
  answers: Http[];
  owner: string | null | undefined;
  events: { appId: string; event: Record<string, unknown> }[];
}

async function race(r: Race, s: fc.Scheduler, sut: SystemUnderTest): Promise<Outcome> {
  const Cls = sut.PlatformClass ?? Platform;
  const platform = new Cls(parseWorld(toProfileWorld(SPEC)), { clock: { now: () => START }, ...sut.options });
  const { http, close } = mount(platform);
  try {
    const token = (app: string) => `tok-0-${app}`;
    if (r.owner !== null) {
      const taken = await http('POST', `/v19.0/me/request_thread_control?access_token=${token(r.owner)}`, { recipient: { id: PSID } });
      expect(taken.status).toBe(200);
    }
    const before = platform.events().length;
    const call = s.scheduleFunction((app: string, metadata: string | null) =>
      http('POST', `/v19.0/me/request_thread_control?access_token=${token(app)}`, { recipient: { id: PSID }, ...(metadata === null ? {} : { metadata }) }));
    const pending = r.racers.map((app, i) => call(app, r.metadata[i] ?? null));
    await s.waitAll();
    const answers = await Promise.all(pending);
    return { answers, owner: platform.ownerOf(PAGE, PSID), events: platform.events().slice(before).map((e) => ({ appId: e.appId, event: e.event as unknown as Record<string, unknown> })) };
  } finally {
    close();
  }
}

/** The race's invariant: one winner on an idle thread, none on an owned one; every call answered `{"success":true}`. */
function exactlyOneWinner(r: Race, o: Outcome): void {
  for (const a of o.answers) expect(a).toEqual({ status: 200, body: { success: true } });
  const passes = o.events.filter((e) => 'pass_thread_control' in e.event);
  const requests = o.events.filter((e) => 'request_thread_control' in e.event);
  if (r.owner === null) {
    expect(passes, 'exactly one requester wins an idle thread').toHaveLength(1);
    const winner = passes[0]!.appId;
    expect(r.racers).toContain(winner);
    expect((passes[0]!.event['pass_thread_control'] as Record<string, unknown>)['previous_owner_app_id']).toBeNull();
    expect(o.owner).toBe(winner);
    expect(requests.map((e) => e.appId)).toEqual(r.racers.slice(1).map(() => winner));
  } else {
    expect(passes).toEqual([]);
    expect(o.owner).toBe(r.owner);
    expect(requests.map((e) => e.appId)).toEqual(r.racers.map(() => r.owner));
  }
}

const property = (sut: SystemUnderTest) => fc.asyncProperty(raceArb, fc.scheduler(), async (r, s) => exactlyOneWinner(r, await race(r, s, sut)));

/** Planted: a request on an owned thread takes it from its owner (every requester wins in turn). */
class EveryRequesterWins extends Platform {
  override requestThreadControl(caller: Caller, psid: string, metadata: string | null) {
    const owner = this.ownerOf(caller.pageId, psid);
    if (owner && owner !== caller.appId) this.releaseThreadControl({ appId: owner, pageId: caller.pageId }, psid);
    return super.requestThreadControl(caller, psid, metadata);
  }
}

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('request race under conversation-routing zero-config (fast-check scheduler, over HTTP)', () => {
  const testName = 'a request race has exactly one winner';
  it(testName, async () => {
    await assertProperty({ file: FILE, testName, property: 'request-race', numRuns: 30 }, () => property({}));
  });

  it('catches the planted bug: a request takes an owned thread from its owner', async () => {
    const out = await fc.check(property({ PlatformClass: EveryRequesterWins }), { seed: 20261130, numRuns: 200 });
    expect(out.failed).toBe(true);
    const [r] = out.counterexample!;
    console.log(`[request-race] planted "every requester wins" found after ${out.numRuns} runs: ${JSON.stringify(r)}\n  ${(out.errorInstance as Error).message.split('\n')[0]}`);
    expect(r.racers.length).toBeLessThanOrEqual(2);
  });
});
