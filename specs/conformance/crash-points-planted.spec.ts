import { describe, expect, it, vi } from 'vitest';
import type * as Schedule from '../../simulator/conformance/schedule.js';
import { bothWays } from './crash-points.js';
import { PROCESSES_TIMEOUT_MS } from './example-bots.js';

/**
 * The planted bug: a check that another check's crash met is failed as it stands, instead of being run
 * again alone (what conform did before issue 21). The crash-points property must then see concurrent and
 * --sequential disagree.
 */
vi.mock('../../simulator/conformance/schedule.js', async (importOriginal) => {
  const real = await importOriginal<typeof Schedule>();
  const runInGroups: typeof real.runInGroups = (groups, concurrency, runner) =>
    real.runInGroups(groups, concurrency, { ...runner, again: async (_check, first) => ({ ...first.result, status: 'fail' }) });
  return { ...real, runInGroups };
});

describe('planted bug: a crash fails the checks beside it', () => {
  it('the crash-points comparison catches it: concurrent fails checks --sequential does not', { timeout: PROCESSES_TIMEOUT_MS }, async () => {
    const { concurrent, sequential } = await bothWays({ kind: 'message', channel: 'messaging', afterAnswering: true });
    const failedOnlyConcurrently = Object.keys(concurrent.statuses).filter((id) => concurrent.statuses[id] === 'fail' && sequential.statuses[id] !== 'fail');
    expect(failedOnlyConcurrently.length).toBeGreaterThan(0);
    expect(concurrent).not.toEqual(sequential);
  });
});
