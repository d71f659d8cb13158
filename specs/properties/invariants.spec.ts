import { afterAll, beforeAll, describe, it } from 'vitest';
import { modelProperty, relabel, startHarnessServer, stopHarnessServer } from './support/harness.js';
import { INVARIANTS, agreesWithModel, type Invariant } from './support/invariants.js';
import { assertProperty } from './support/run-property.js';

/**
 * Model-based properties: arbitrary worlds, arbitrary command lists driven over HTTP against the fake
 * Graph API, each step judged by one named invariant (and, first, by the whole reference model).
 */
const FILE = 'specs/properties/invariants.spec.ts';
const NUM_RUNS = 40;

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('HOP v1 invariants (fast-check model-based, over HTTP)', () => {
  for (const [i, inv] of [agreesWithModel, ...INVARIANTS].entries()) {
    const property = i === 0 ? `reference model: ${inv.name}` : `invariant ${i}: ${inv.name}`;
    const testName = property;
    it(testName, async () => {
      const judge = (step: Parameters<Invariant['check']>[0]) => inv.check(step);
      await assertProperty({ file: FILE, testName, property: inv.id, numRuns: NUM_RUNS, relabel: (c) => relabel(c, judge) }, (replayPath) =>
        modelProperty(judge, {}, replayPath));
    });
  }
});
