import type { Check } from './check.js';
import type { CheckResult } from './types.js';

/**
 * The order checks run in against one bot. Checks that work on threads of their own run at the same time;
 * a check that cannot share the bot (`runsAlone`) runs by itself, after every check before it and before
 * every check after it, so what the bot lived through before each check is what it lives through in the
 * one-at-a-time run. Results come back in check order, whatever order they finished in.
 */
export interface CheckGroup {
  checks: Check[];
  alone: boolean;
}

/** Consecutive checks that may share the bot form one group; each check that runs alone is a group of its own. */
export function scheduleChecks(checks: readonly Check[]): CheckGroup[] {
  const groups: CheckGroup[] = [];
  for (const check of checks) {
    const last = groups[groups.length - 1];
    if (check.runsAlone === undefined && last !== undefined && !last.alone) last.checks.push(check);
    else groups.push({ checks: [check], alone: check.runsAlone !== undefined });
  }
  return groups;
}

export interface GroupRunner {
  /** Runs one check; `alone` when nothing else runs meanwhile. */
  run(check: Check, alone: boolean): Promise<CheckResult>;
  /** Whether a result ran beside a bot that went down because of another check (it runs again, alone). */
  disturbed(result: CheckResult, span: { from: number; to: number }): boolean;
  onResult(result: CheckResult): void;
}

export async function runInGroups(groups: readonly CheckGroup[], concurrency: number, runner: GroupRunner): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const group of groups) {
    const shared = !group.alone && concurrency > 1 && group.checks.length > 1;
    const spans: { from: number; to: number }[] = [];
    const own = await pool(group.checks, shared ? concurrency : 1, async (check, i) => {
      const from = Date.now();
      const result = await runner.run(check, !shared);
      spans[i] = { from, to: Date.now() };
      return result;
    });
    // In check order, so that a re-run meets the bot as the one-at-a-time run would.
    for (const [i, check] of group.checks.entries()) {
      if (shared && runner.disturbed(own[i]!, spans[i]!)) own[i] = await runner.run(check, true);
      results.push(own[i]!);
      runner.onResult(own[i]!);
    }
  }
  return results;
}

/** Runs `work` over `items`, at most `limit` at once, answers in the items' order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
