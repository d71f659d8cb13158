import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assign } from 'xstate';
import { Platform } from '../../fake-graph-api/index.js';
import { threadControlMachine, type Channel, type Listener, type Route } from '../../machines/platform/index.js';
import { modelProperty, relabel, startHarnessServer, stopHarnessServer, type SystemUnderTest } from './support/harness.js';
import * as inv from './support/invariants.js';
import { everyoneSends, platformWith, realProfile, withRouting, withThreadControl } from './support/planted.js';
import { checkParams, replayCommand, replayPathOf } from './support/run-property.js';

/**
 * Every invariant must fail when it should: each test plants the matching bug (a broken variant of one
 * rule, through the Platform's `profile` seam or a Platform subclass, never a flag in production code),
 * and asserts that the invariant's property finds it and shrinks it to a short counterexample.
 * Seeds are fixed so that these tests are deterministic; the bugs are found within a few dozen runs.
 */
const FILE = 'specs/properties/planted-bugs.spec.ts';
const pageOfEvent = (event: { page?: { roles: { primary: string | null } }; input?: { page: { roles: { primary: string | null } } } }) =>
  (event.page ?? event.input!.page).roles;

interface PlantedBug {
  invariant: inv.Invariant;
  bug: string;
  sut: SystemUnderTest;
  /** The longest counterexample (commands) we accept after shrinking. */
  maxCommands: number;
}

const PLANTED: PlantedBug[] = [
  {
    invariant: inv.oneOwner,
    bug: 'routing: an app not subscribed to standby hears other owners\' threads on messaging',
    sut: platformWith(withRouting({
      routeUserEvent: (kind, owner, listeners: readonly Listener[]): Route[] =>
        realProfile.routing.routeUserEvent(kind, owner, listeners).concat(
          owner === null ? [] : listeners
            .filter((l) => l.appId !== owner && !l.fields.has('standby') && l.fields.has(kind === 'message' ? 'messages' : 'messaging_postbacks'))
            .map((l) => ({ appId: l.appId, channel: 'messaging' as Channel }))),
    })),
    maxCommands: 3,
  },
  {
    invariant: inv.inactiveWithoutSecondary,
    bug: 'thread control: handover counts as active with a primary alone',
    sut: platformWith(withThreadControl(threadControlMachine.provide({
      guards: { handoverInactive: ({ event }) => pageOfEvent(event as never).primary === null },
    }))),
    maxCommands: 2,
  },
  {
    invariant: inv.userMessageReachesEachAppOnce,
    bug: 'routing: a non-owner hears standby only if it also subscribed to the message field',
    sut: platformWith(withRouting({
      routeUserEvent: (kind, owner, listeners) =>
        realProfile.routing.routeUserEvent(kind, owner, listeners).filter((r) =>
          r.channel === 'messaging' || listeners.find((l) => l.appId === r.appId)!.fields.has(kind === 'message' ? 'messages' : 'messaging_postbacks')),
    })),
    maxCommands: 3,
  },
  {
    invariant: inv.onlyOwnerSends,
    bug: 'thread control: every app may send',
    sut: platformWith(everyoneSends),
    maxCommands: 2,
  },
  {
    invariant: inv.onlyPrimaryTakes,
    bug: 'thread control: secondaries may take',
    sut: platformWith(withThreadControl(threadControlMachine.provide({ guards: { callerIsNotPrimary: () => false } }))),
    maxCommands: 3,
  },
  {
    invariant: inv.onlyPrimaryTakes,
    bug: 'thread control: a request hands the thread to the requester',
    sut: platformWith(withThreadControl(threadControlMachine.provide({
      actions: { emitControlRequested: assign({ owner: ({ event }) => ('caller' in event ? event.caller : null) }) as never },
    }))),
    maxCommands: 2,
  },
  {
    invariant: inv.handoverEventsMatchOwnerChanges,
    bug: 'routing: handover notifications go to every app subscribed to messaging_handovers',
    sut: platformWith(withRouting({ routeControlChange: (_change, _primary, listeners) => realProfile.routing.routeAppRoles(listeners) })),
    maxCommands: 3,
  },
  {
    invariant: inv.roleLossReturnsToPrimary,
    bug: 'thread control: an owner keeps its threads after losing its role',
    sut: platformWith(withThreadControl(threadControlMachine.provide({ guards: { ownerIsSecondary: ({ context }) => context.owner !== null } }))),
    maxCommands: 3,
  },
  {
    invariant: inv.tokenActsForItsAppAndPage,
    bug: 'platform: every token acts on the first page',
    sut: {
      PlatformClass: class FirstPagePlatform extends Platform {
        override authenticate(token: string) {
          const caller = super.authenticate(token);
          return caller && { ...caller, pageId: this.pageIds()[0]! };
        }
      },
    },
    maxCommands: 3,
  },
  {
    invariant: inv.no5xx,
    bug: 'routing: echo routing throws',
    sut: platformWith(withRouting({ routeEcho: () => { throw new Error('planted: echo routing failed'); } })),
    maxCommands: 2,
  },
];

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('each invariant catches its planted bug and shrinks it', () => {
  for (const planted of PLANTED) {
    const testName = `${planted.invariant.id} catches: ${planted.bug}`;
    it(testName, { timeout: 120_000 }, async () => {
      const { params, replayPath } = checkParams(planted.invariant.id, { seed: 20261125, numRuns: 2000 });
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // the planted 5xx logs its stack
      const check = async () => {
        const details = await fc.check(modelProperty((step) => planted.invariant.check(step), planted.sut, replayPath), params);
        if (details.counterexample) await relabel(details.counterexample, (step) => planted.invariant.check(step), planted.sut);
        return details;
      };
      const out = await check().finally(() => quiet.mockRestore());
      expect(out.failed, `${planted.invariant.id} did not find: ${planted.bug}`).toBe(true);
      const [commands, world] = out.counterexample!;
      const steps = [...(commands as Iterable<unknown>)].length;
      const shown = `${fc.stringify(world)}\n  ${String(commands)}`;
      console.log(`[${planted.invariant.id}] ${planted.bug}\n  found after ${out.numRuns} runs, shrunk ${out.numShrinks} times to ${steps} commands:\n  ${shown}\n  ${(out.errorInstance as Error).message.split('\n')[0]}\n  replay: ${replayCommand(FILE, testName, planted.invariant.id, { seed: out.seed, path: out.counterexamplePath!, replayPath: replayPathOf(commands) })}`);
      expect(steps).toBeLessThanOrEqual(planted.maxCommands);
    });
  }
});
