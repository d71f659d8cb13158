import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelProperty, relabel, startHarnessServer, stopHarnessServer, type SystemUnderTest } from './support/harness.js';
import { everyoneSends as everyoneSendsProfile, platformWith } from './support/planted.js';
import { onlyOwnerSends } from './support/invariants.js';
import { assertProperty } from './support/run-property.js';

/** A failing property reports its seed, path and shrunk case, and a one-line replay command. */
beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('failure reports', () => {
  it('a failing property prints seed, path, the shrunk counterexample and a one-line replay command', async () => {
    const everyoneSends: SystemUnderTest = platformWith(everyoneSendsProfile);
    const judge = onlyOwnerSends.check;
    const failure = assertProperty(
      { file: 'specs/properties/replay.spec.ts', testName: 'a (demo) test', property: 'demo', numRuns: 200, relabel: (c) => relabel(c, judge, everyoneSends) },
      (replayPath) => modelProperty(judge, everyoneSends, replayPath),
    );
    await expect(failure).rejects.toThrow(/\{ seed: -?\d+, path: "[\d:]+", endOnFailure: true \}/);
    const message = await failure.catch((e: Error) => e.message);
    // The seed is random: the shrunk case ends with the refused send, and may keep a role change before it.
    expect(message).toMatch(/Counterexample: \[(.*,)?app\d@p\d send\(user\d\) \/\*replayPath="[^"]+"\*\//);
    expect(message).toMatch(/Cause: app\d@p\d send\(user\d\): expected error send_not_owner/);
    expect(message).toMatch(
      /\n {2}HANDOVER_SIM_PROPERTY='demo' HANDOVER_SIM_SEED=-?\d+ HANDOVER_SIM_PATH='[\d:]+' HANDOVER_SIM_REPLAY_PATH='[^']+' npx vitest run specs\/properties\/replay\.spec\.ts -t 'a \\\(demo\\\) test'\n/,
    );
  });
});
