import type { CrashInCheck } from './bot-lifeline.js';
import type { CheckResult, RootCause } from './types.js';

/**
 * How a bot that went down shows in the results: the check that sent the fatal event fails with the
 * cause (once, with the stack trace when conform started the bot); a check that meets the same cause
 * again after a restart points to the first; a check that cannot run because the bot stays down says so
 * with a status of its own (`not-run`), not as one more failure.
 */
type Base = Pick<CheckResult, 'id' | 'number' | 'title'>;

export function notRun(base: Base, causes: readonly RootCause[]): CheckResult {
  const last = causes[causes.length - 1];
  const since = last ? ` (it went down after ${last.after}, in ${last.check})` : '';
  return { ...base, status: 'not-run', summary: `not run: the bot is down${since}`, excerpt: [], durationMs: 0 };
}

/** `judged`: the check reported the crash in its own words (check 8's "crashed on a bad signature"), which stay. */
export function withCrashes(result: CheckResult, crashes: readonly CrashInCheck[], causes: readonly RootCause[], judged = false): CheckResult {
  const crash = crashes[0];
  if (!crash) return result;
  const cause = causes[crash.cause - 1]!;
  const restarted = cause.exit ? ` (${cause.exit}), restarted` : '';
  const summary = judged
    ? `${result.summary}${restarted}`
    : crash.first
      ? cause.exit ? `the bot went down after ${crash.after}: it crashed on it${restarted}` : `the bot went down after ${crash.after}: it probably crashed on it`
      : `the bot went down again after ${crash.after}: the same root cause as in ${cause.check}${restarted}`;
  const more = crashes.length > 1 ? [`it went down ${crashes.length} times in this check, after: ${crashes.map((c) => c.after).join('; ')}`] : [];
  const trace = crash.first ? stderrLines(cause) : [];
  return {
    ...result,
    status: 'fail',
    summary,
    excerpt: [...trace, ...more, ...(judged ? [] : [`what the check saw otherwise: ${result.status.toUpperCase()} ${result.summary}`]), ...result.excerpt],
    rootCause: crash.cause,
  };
}

/** The stack trace block of a cause: its exit, then the bot's last stderr lines. */
export function stderrLines(cause: Pick<RootCause, 'exit' | 'stderr'>): string[] {
  if (!cause.exit || cause.exit.startsWith('could not start')) return [];
  if (cause.stderr.length === 0) return [`the bot ended with ${cause.exit} and wrote nothing to stderr`];
  return [`the bot ended with ${cause.exit}; the last ${cause.stderr.length} line(s) of its stderr:`, ...cause.stderr.map((l) => `  | ${l}`)];
}

/** The report's root-cause section: one entry per cause, with the checks that met it. */
export function formatRootCauses(causes: readonly RootCause[]): string[] {
  if (causes.length === 0) return [];
  const lines = [`root cause${causes.length > 1 ? 's' : ''}: the bot went down ${causes.length === 1 ? 'for one reason' : `for ${causes.length} reasons`}`];
  causes.forEach((c, i) => {
    const again = c.againIn.length > 0 ? `; again in ${c.againIn.join(', ')}` : '';
    lines.push(`  ${i + 1}. after ${c.after}, in ${c.check}${c.exit ? ` (${c.exit})` : ''}${again}`);
    for (const line of stderrLines(c)) lines.push(`     ${line}`);
  });
  return lines;
}
