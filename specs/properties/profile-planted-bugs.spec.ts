import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Platform, type Caller } from '../../fake-graph-api/index.js';
import { startHarnessServer, stopHarnessServer, type SystemUnderTest } from './support/harness.js';
import { RULEBOOKS, describeProfileWorld, profileProperty, relabelProfile, type Rulebook } from './support/profile-harness.js';
import * as inv from './support/profile-invariants.js';
import { EXTEND_MAX_SECONDS } from './support/profile-model.js';
import { checkParams, replayCommand, replayPathOf } from './support/run-property.js';
import { profilePlants } from './support/planted.js';
import type { ProfileWorldSpec } from './support/profile-world.arbitrary.js';

/**
 * Every invariant of HOP v2 and Conversation Routing must fail when it should: each test plants the
 * matching bug (through the Platform's `profile` seam or a Platform subclass, never a flag in production
 * code) under the rule book where the rule applies, and asserts that the invariant's property finds it
 * and shrinks it to a short counterexample. Seeds are fixed so that these tests are deterministic.
 */
const FILE = 'specs/properties/profile-planted-bugs.spec.ts';
/** Shorter stories than the suite's 14: each bug needs at most 3 commands, and shrinking is quicker. */
const PLANTED_MAX_COMMANDS = 8;
const [V2, CR_DEFAULT, CR_ZERO] = RULEBOOKS as [Rulebook, Rulebook, Rulebook];

interface PlantedBug {
  invariant: inv.ProfileInvariant;
  bug: string;
  rulebook: Rulebook;
  sut: SystemUnderTest;
  /** The longest counterexample (commands) we accept after shrinking. */
  maxCommands: number;
}

/** Release that is not silent: the released thread goes straight to the default app, with `pass_thread_control`. */
class ReleaseHandsToDefaultApp extends Platform {
  override releaseThreadControl(caller: Caller, psid: string) {
    const released = super.releaseThreadControl(caller, psid);
    if (released.ok) this.passThreadControl(caller, psid, null, null);
    return released;
  }
}

/** A refused extension (duration over 7 days) still ends the caller's control. */
class RefusedExtendReleases extends Platform {
  override extendThreadControl(caller: Caller, psid: string, durationSeconds: number) {
    if (durationSeconds > EXTEND_MAX_SECONDS) this.releaseThreadControl(caller, psid);
    return super.extendThreadControl(caller, psid, durationSeconds);
  }
}

const PLANTED: PlantedBug[] = [
  ...profilePlants().map(({ invariant, bug, rulebook, profile, maxCommands }) => ({
    invariant: inv[invariant], bug, rulebook: RULEBOOKS.find((r) => r.name === rulebook)!, sut: { options: { profile } }, maxCommands,
  })),
  {
    invariant: inv.expiryAndReleaseAreSilent,
    bug: 'platform: release hands the thread to the default app, with a webhook',
    rulebook: CR_DEFAULT,
    sut: { PlatformClass: ReleaseHandsToDefaultApp },
    maxCommands: 3,
  },
  {
    invariant: inv.refusedChangesNothing,
    bug: 'platform: a refused extend (over 7 days) releases the thread',
    rulebook: V2,
    sut: { PlatformClass: RefusedExtendReleases },
    maxCommands: 3,
  },
];

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('each profile invariant catches its planted bug and shrinks it', () => {
  for (const planted of PLANTED) {
    const testName = `${planted.invariant.id} (${planted.rulebook.name}) catches: ${planted.bug}`;
    it(testName, { timeout: 120_000 }, async () => {
      const { params, replayPath } = checkParams(planted.invariant.id, { seed: 20261130, numRuns: 1000 });
      const judge = (step: Parameters<inv.ProfileInvariant['check']>[0]) => planted.invariant.check(step);
      const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
      const check = async () => {
        const details = await fc.check(profileProperty(planted.rulebook, judge, planted.sut, replayPath, PLANTED_MAX_COMMANDS), params);
        if (details.counterexample) await relabelProfile(details.counterexample, judge, planted.sut);
        return details;
      };
      const out = await check().finally(() => quiet.mockRestore());
      expect(out.failed, `${planted.invariant.id} did not find: ${planted.bug}`).toBe(true);
      const [commands, world] = out.counterexample!;
      const steps = [...(commands as Iterable<unknown>)].length;
      console.log(`[${planted.invariant.id}] ${planted.bug}\n  found after ${out.numRuns} runs, shrunk ${out.numShrinks} times to ${steps} commands:\n  ${describeProfileWorld(world as ProfileWorldSpec)}\n  ${String(commands)}\n  ${(out.errorInstance as Error).message.split('\n')[0]}\n  replay: ${replayCommand(FILE, testName, planted.invariant.id, { seed: out.seed, path: out.counterexamplePath!, replayPath: replayPathOf(commands) })}`);
      expect(steps).toBeLessThanOrEqual(planted.maxCommands);
    });
  }
});

export { CR_ZERO };
