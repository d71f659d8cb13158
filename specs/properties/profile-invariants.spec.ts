import { afterAll, beforeAll, describe, it } from 'vitest';
import { startHarnessServer, stopHarnessServer } from './support/harness.js';
import { RULEBOOKS, profileProperty, relabelProfile, type ProfileStep } from './support/profile-harness.js';
import { PROFILE_INVARIANTS, agreesWithProfileModel, type ProfileInvariant } from './support/profile-invariants.js';
import { assertProperty } from './support/run-property.js';

/**
 * Model-based properties under HOP v2 and Conversation Routing (default app; zero-config): arbitrary worlds
 * of the profile, arbitrary command lists (control calls, sends with tags and inline thread control,
 * entry-point messages, the clock moving forward) over HTTP against the fake Graph API. Per rule book one
 * property judges every step by the reference model and then by each invariant, so one run pays the HTTP
 * once for all of them; a failure names the invariant it broke.
 */
const FILE = 'specs/properties/profile-invariants.spec.ts';
const NUM_RUNS = 30;
const ALL: readonly ProfileInvariant[] = [agreesWithProfileModel, ...PROFILE_INVARIANTS];

function judgeAll(step: ProfileStep): void {
  for (const inv of ALL) {
    try {
      inv.check(step);
    } catch (e) {
      throw new Error(`[${inv.id}] ${(e as Error).message}`);
    }
  }
}

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('invariants per profile (fast-check model-based, over HTTP)', () => {
  for (const rulebook of RULEBOOKS) {
    const testName = `${rulebook.name}: ${ALL.map((i) => i.id).join(', ')}`;
    it(testName, { timeout: 120_000 }, async () => {
      await assertProperty({ file: FILE, testName, property: rulebook.name, numRuns: NUM_RUNS, relabel: (c) => relabelProfile(c, judgeAll) }, (replayPath) =>
        profileProperty(rulebook, judgeAll, {}, replayPath));
    });
  }
});
