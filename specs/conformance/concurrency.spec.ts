import { describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../simulator/conformance/types.js';
import { EXAMPLE_BOTS, PROCESSES_TIMEOUT_MS, conformExample } from './example-bots.js';

/**
 * Checks on threads of their own run at the same time against one bot, each waiting for its own threads,
 * paced by the bot's answers: the report is the one-at-a-time run's, in check order, result for result.
 */
/** A latency the bot answered in is measured, not decided: the one figure that differs from run to run. */
/**
 * Nor, for a bot conform did not start (nothing can be sent again to tell), which of two POSTs sent
 * back to back it died on: the second may find it dead (refused) or dying (dropped), as the race goes.
 */
const shape = (report: ConformanceReport) =>
  report.results.map((r) => [r.number, r.id, r.status, r.summary.replace(/slowest \d+ ms/, 'slowest … ms').replace(/went down on one of: [^:]*:/, 'went down on …:'), r.rootCause]);
const causes = (report: ConformanceReport) => report.rootCauses.map(({ after, attributed, ...c }) => c);
const psidsIn = (lines: readonly string[]) => new Set(lines.flatMap((l) => [...l.matchAll(/\b(31000000\d\d)\b/g)].map((m) => m[1]!)));

// Seventeen bots, each conformed twice at once: on a loaded machine that takes longer than one check's default.
describe.concurrent('conform runs checks at the same time', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  for (const bot of EXAMPLE_BOTS) {
    it(`${bot}: the same results and summaries, in the same order, as --sequential`, async () => {
      const [concurrent, sequential] = await Promise.all([
        conformExample(bot, { protocol: 'conversation-routing' }),
        conformExample(bot, { protocol: 'conversation-routing', concurrency: 1 }),
      ]);
      expect(shape(concurrent)).toEqual(shape(sequential));
      expect(causes(concurrent)).toEqual(causes(sequential));
    });
  }

  it('two checks running at once never see each other\'s events: each excerpt names its own threads only', async () => {
    const report = await conformExample('answers-standby-bot', { protocol: 'conversation-routing', only: ['only-owner-sends', 'keeps-listening'] });
    const [owner, listening] = report.results;
    expect([owner!.status, listening!.status]).toEqual(['fail', 'pass']);
    const mine = psidsIn(owner!.excerpt);
    const theirs = psidsIn(listening!.excerpt);
    expect(mine.size).toBe(3);
    expect(theirs.size).toBeGreaterThan(0);
    expect([...mine].filter((p) => theirs.has(p))).toEqual([]);
    // Check 3's user wrote "hello, is anybody there?" and tapped "Track my order" meanwhile: not in check 4's trace.
    expect(listening!.excerpt.filter((l) => /anybody there|Track my order|a day later/.test(l))).toEqual([]);
    expect(owner!.excerpt.filter((l) => /still there|"hello again"/.test(l))).toEqual([]);
  });

  it('a slow bot (300 ms before each reply) passes every check once the ceiling is above its delay: the quiet period is a ceiling, not a fixed wait', async () => {
    // 800 ms: room above the bot's 300 ms on a loaded machine; a fast bot never waits for it.
    const report = await conformExample('slow-bot', { protocol: 'conversation-routing', quietMs: 800 });
    expect(report.results.filter((r) => r.status !== 'pass' && r.status !== 'skip').map((r) => [r.id, r.status, r.summary])).toEqual([]);
  });
});
