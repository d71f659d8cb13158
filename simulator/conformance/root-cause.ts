import { describeEvent, type BotLifeline, type Cause, type Crash } from './bot-lifeline.js';
import type { CheckResult, RootCause } from './types.js';

/**
 * How a bot that went down shows in the results. A check whose own stimulus brought the bot down fails with
 * the root cause; a check that only ran beside such a crash is run again alone (runner.ts), and when it
 * cannot be (the bot stays down) it is not judged, knocked on by the cause; a check that could not start
 * because the bot was down says so and why. The words do not depend on the order checks ran in: the same
 * bot gets the same lines run one at a time or side by side.
 */
type Base = Pick<CheckResult, 'id' | 'number' | 'title'>;

const causeLabel = (n: number, cause: Cause) => `root cause ${n}${cause.error ? `, ${cause.error}` : ''}`;
const eventOf = (crash: Crash, cause: Cause) => (crash.event ? describeEvent(crash.event) : cause.after);

/** Why the bot is down, for a check that cannot run (the cause's event and error are in the report's root causes). */
function whyDown(lifeline: BotLifeline, upWithinMs: number): string {
  const crash = lifeline.downSince;
  if (!crash) return "the bot's webhook does not answer the handshake";
  if (!lifeline.supervised) return `the bot is down since root cause ${crash.cause}; conform did not start it, so it cannot start it again (give the bot's command after --)`;
  return `the bot is down: conform started it again after root cause ${crash.cause}, but its webhook did not answer the handshake within ${upWithinMs} ms`;
}

export function notRun(base: Base, lifeline: BotLifeline, upWithinMs: number): CheckResult {
  return { ...base, status: 'not-run', summary: `not run: ${whyDown(lifeline, upWithinMs)}`, excerpt: [], durationMs: 0 };
}

/** A check that ran beside another check's crash and could not be run again alone. */
export function knockedOn(base: Base, cause: number, lifeline: BotLifeline, upWithinMs: number, first: CheckResult): CheckResult {
  const crash = lifeline.crashes.find((c) => c.cause === cause)!;
  const c = lifeline.causes[cause - 1]!;
  const still = lifeline.down ? whyDown(lifeline, upWithinMs) : 'it went down again beside another check when run alone';
  return {
    ...base,
    status: 'not-run',
    summary: `not judged: ${causeLabel(cause, c)} (the bot went down on ${eventOf(crash, c)}, in ${crash.checks.join(' or ')}) came while this check ran; ${still}`,
    excerpt: [`what the check saw beside the crash: ${first.status.toUpperCase()} ${first.summary}`, ...first.excerpt],
    durationMs: first.durationMs,
    knockedOnBy: cause,
  };
}

/**
 * The check's own stimulus brought the bot down (`crashes`, all filed under this check). `judged`: the check
 * reported the crash in its own words (check 8's "crashed on a bad signature"), which stay.
 */
export function withCrashes(result: CheckResult, crashes: readonly Crash[], lifeline: BotLifeline, judged = false): CheckResult {
  const crash = crashes[0];
  if (!crash) return result;
  const cause = lifeline.causes[crash.cause - 1]!;
  const restarted = lifeline.supervised ? `${cause.exit ? ` (${cause.exit})` : ''}, ${lifeline.restartFailed ? 'started again but not back' : 'restarted'}` : '';
  const summary = judged
    ? `${result.summary}${restarted}`
    : `the bot went down on ${eventOf(crash, cause)}: ${causeLabel(crash.cause, cause)}${restarted}`;
  const events = [...new Set(crashes.map((c) => eventOf(c, lifeline.causes[c.cause - 1]!)))];
  const more = crashes.length > 1 ? [`it went down ${crashes.length} times in this check, on: ${events.join('; ')}`] : [];
  return {
    ...result,
    status: 'fail',
    summary,
    excerpt: [...more, ...(judged ? [] : [`what the check saw otherwise: ${result.status.toUpperCase()} ${result.summary}`]), ...result.excerpt],
    rootCause: crash.cause,
  };
}

/** The report's causes: each with every check it failed or kept from being judged, in check order. */
export function rootCausesOf(lifeline: BotLifeline, results: readonly CheckResult[]): RootCause[] {
  return lifeline.causes.map(({ key, toldOn, ...cause }, i) => {
    const failed = results.filter((r) => r.rootCause === i + 1).map((r) => r.id);
    const knockedOn = results.filter((r) => r.knockedOnBy === i + 1).map((r) => r.id);
    const first = lifeline.crashes.find((c) => c.cause === i + 1);
    return { ...cause, check: failed[0] ?? knockedOn[0] ?? first?.checks[0] ?? 'start-up', failed, knockedOn };
  });
}

/** The stack trace block of a cause: how it ended, then the lines of stderr that show the crash. */
export function stderrLines(cause: Pick<RootCause, 'exit' | 'stderr'>): string[] {
  if (!cause.exit || cause.exit.startsWith('could not start')) return [];
  if (cause.stderr.length === 0) return [`the bot ended with ${cause.exit} and wrote nothing to stderr`];
  return [`the bot ended with ${cause.exit}; its stderr shows:`, ...cause.stderr.map((l) => `  | ${l}`)];
}

const HOW: Record<RootCause['attributed'], string> = {
  'only-candidate': 'the only event it was handling',
  reproduced: 'it went down again when that event alone was sent to the restarted bot',
  ambiguous: 'which of them could not be told',
  'start-up': 'while no event was being handled',
};

/** The report's root-cause section: one entry per distinct cause, with every check it touched. */
export function formatRootCauses(causes: readonly RootCause[]): string[] {
  if (causes.length === 0) return [];
  const times = causes.reduce((n, c) => n + c.times, 0);
  const lines = [`root cause${causes.length > 1 ? 's' : ''}: ${causes.length === 1 ? 'one' : causes.length} distinct reason${causes.length > 1 ? 's' : ''} the bot went down (${times} time${times > 1 ? 's' : ''} in all)`];
  causes.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.error ?? (c.exit ? `the bot ended with ${c.exit}` : 'the bot stopped answering')}`);
    lines.push(`     on ${c.after} (${HOW[c.attributed]}), first in ${c.check}`);
    if (c.failed.length > 0) lines.push(`     failed: ${c.failed.join(', ')}`);
    if (c.knockedOn.length > 0) lines.push(`     not judged because of it: ${c.knockedOn.join(', ')}`);
    for (const line of stderrLines(c)) lines.push(`     ${line}`);
  });
  return lines;
}
