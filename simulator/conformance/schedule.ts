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

/** A check's result, and whether a crash that another check's stimulus caused met it (which cause). */
export interface Judged {
  result: CheckResult;
  disturbedBy?: number;
}

export interface GroupRunner {
  /** Runs one check; `alone` when nothing else runs meanwhile. */
  run(check: Check, alone: boolean): Promise<Judged>;
  /**
   * A check met by another's crash: it runs again, alone, against the bot as it is now; or, when it cannot
   * (the bot stays down, or goes down beside it again), it is said not to be judged, with the cause.
   */
  again(check: Check, first: Judged): Promise<CheckResult>;
  onResult(result: CheckResult): void;
  /**
   * Waits until what the last group stirred up is over (an echo still on its way to the bot): the next
   * group meets a bot at rest, as each check does in the one-at-a-time run, and a crash in it cannot be
   * blamed on a straggler of the group before.
   */
  settle(): Promise<void>;
}

export async function runInGroups(groups: readonly CheckGroup[], concurrency: number, runner: GroupRunner): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [g, group] of groups.entries()) {
    if (g > 0) await runner.settle();
    const shared = !group.alone && concurrency > 1 && group.checks.length > 1;
    const own = await pool(group.checks, shared ? concurrency : 1, (check) => runner.run(check, !shared));
    // In check order, so that a re-run meets the bot as the one-at-a-time run would.
    for (const [i, check] of group.checks.entries()) {
      const judged = own[i]!;
      // A re-run meets the bot at rest, as the group's next check would: what the group stirred up is over.
      const result = judged.disturbedBy === undefined ? judged.result : (await runner.settle(), await runner.again(check, judged));
      results.push(result);
      runner.onResult(result);
    }
  }
  return results;
}

/** Runs `work` over `items`, at most `limit` at once, answers in the items' order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
