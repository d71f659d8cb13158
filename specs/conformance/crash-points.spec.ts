import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { assertProperty } from '../properties/support/run-property.js';
import { bothWays, crashPoint } from './crash-points.js';
import { PROCESSES_TIMEOUT_MS } from './example-bots.js';

/**
 * Verdicts do not depend on scheduling: whatever event a bot dies on, as it reads it or just after answering
 * it, conform run concurrently and --sequential (each starting its own copy of the bot again after every
 * crash) gives every check the same verdict and files the same causes, each with the same checks. A pair of
 * runs takes ~7 s, so `npm test` draws 2 crash points and `npm run test:deep` 20.
 */
const TEST = 'concurrent and --sequential agree on every check and every cause, wherever the bot crashes';

describe('crash points', () => {
  it(TEST, { timeout: PROCESSES_TIMEOUT_MS * 10 }, async () => {
    await assertProperty({ file: 'specs/conformance/crash-points.spec.ts', testName: TEST, property: 'crash-points', numRuns: 2 }, () =>
      fc.asyncProperty(crashPoint, async (point) => {
        const { concurrent, sequential } = await bothWays(point);
        expect(concurrent).toEqual(sequential);
      }),
    );
  });

  it('a crash on every message kills the bot in most checks, concurrent or not: one cause, the same checks failed', { timeout: PROCESSES_TIMEOUT_MS }, async () => {
    const { concurrent, sequential } = await bothWays({ kind: 'message', channel: 'messaging', afterAnswering: true });
    expect(concurrent).toEqual(sequential);
    expect(concurrent.causes).toEqual([{
      error: 'Error: planted crash', after: 'message', knockedOn: [],
      failed: ['every-event-answered', 'only-owner-sends', 'keeps-listening', 'pass-target', 'redelivery', 'survives', 'survives-quick-reply', 'survives-attachment', 'survives-read', 'survives-delivery', 'survives-app-roles', 'survives-referral'],
    }]);
  });
});
