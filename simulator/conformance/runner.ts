import { botEnvironment, webhookPort } from './bot-environment.js';
import { BotLifeline, type BotSupervisor } from './bot-lifeline.js';
import { BotProcess, type BotExit } from './bot-process.js';
import type { Check } from './check.js';
import { CheckScope } from './check-scope.js';
import { CHECKS } from './checks/index.js';
import { excerpt } from './excerpt.js';
import { Harness, type HarnessOptions } from './harness.js';
import { knockedOn, notRun, rootCausesOf, withCrashes } from './root-cause.js';
import { retiredCallWarnings } from './retired-calls.js';
import { scheduleChecks, runInGroups, type Judged } from './schedule.js';
import { PROFILE_NAMES, type ProfileName } from '../../machines/platform/profile-names.js';
import type { CheckResult, ConformanceReport, ConformanceRunAll } from './types.js';

/**
 * Runs conformance checks against a real bot: starts the fake on its port, tells the caller where it is,
 * waits for the bot's webhook to answer, runs each check on threads of its own and collects the results.
 */
export interface ConformanceOptions extends HarnessOptions {
  /** Check ids or numbers to run (default: all). */
  only?: readonly string[];
  /** What a user writes to make the bot hand the conversation to a human (default `agent`). */
  handoverText?: string;
  /**
   * Told once the fake listens, before any check: print instructions, or start the bot. With a
   * `botCommand`, `botEnv` is the environment the bot is started with.
   */
  onReady?: (info: { graphUrl: string; accessToken: string; botEnv?: Record<string, string> }) => void | Promise<void>;
  /** Wait up to this long for the bot's webhook to answer (default 0: one try). It never does: `BotNeverUpError`. */
  waitForBotMs?: number;
  /** Start the bot itself: an argv, or one string for the shell. It learns the fake's coordinates from its environment. */
  botCommand?: readonly string[] | string;
  /**
   * Or a bot conform starts, and starts again after a crash, through this (an in-process bot in a test
   * suite); it is told the fake's coordinates by `onReady`, before its first start.
   */
  supervisor?: BotSupervisor;
  /** Each line the started bot writes. */
  onBotLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Told the started bot's process id, at each start. */
  onBotStart?: (pid: number | undefined) => void;
  /** Told each time the started bot went down and was started again (`up`: it answers again). */
  onBotRestart?: (after: string, exit: BotExit, up: boolean) => void;
  /** Told each result as it comes. */
  onResult?: (result: CheckResult) => void;
  /** Extra checks to run after the built-in ones (contract scenarios). */
  extraChecks?: readonly Check[];
  /** Run none of the built-in checks (a contract alone). */
  skipBuiltIn?: boolean;
  /**
   * At most this many checks at once on the bot (default: every check that can share it). 1 is the
   * baseline `--sequential`: one check at a time, each stimulus followed by the fixed quiet period.
   */
  concurrency?: number;
}

export function selectChecks(only: readonly string[] | undefined): Check[] {
  if (!only || only.length === 0) return [...CHECKS];
  const unknown = only.filter((o) => !CHECKS.some((c) => c.id === o || String(c.number) === o));
  if (unknown.length > 0) throw new Error(`unknown check(s): ${unknown.join(', ')}; known: ${CHECKS.map((c) => `${c.number} ${c.id}`).join(', ')}`);
  return CHECKS.filter((c) => only.includes(c.id) || only.includes(String(c.number)));
}

/** The bot's webhook never answered: nothing was checked (the CLI exits 2). */
export class BotNeverUpError extends Error {
  constructor(
    readonly webhook: string,
    readonly waitedMs: number,
    /** How the started bot ended before it came up, and the last lines of its stderr. */
    readonly exit?: { how: string; stderr: string[] },
  ) {
    super(exit
      ? `${exit.how.startsWith('could not start') ? `the bot ${exit.how}` : `the bot exited (${exit.how})`} before its webhook ${webhook} came up; nothing was checked`
      : `the bot's webhook ${webhook} did not come up within ${waitedMs} ms; nothing was checked`);
  }
}

/**
 * `conform --protocol all`: the same bot under every protocol, one after the other, on one port, so that a
 * bot started once (with `botCommand`, or already running) keeps its coordinates; conform starts it once.
 */
export async function runConformanceAll(options: ConformanceOptions & { onReport?: (report: ConformanceReport) => void }): Promise<ConformanceRunAll> {
  const started = Date.now();
  const reports: ConformanceReport[] = [];
  let port = options.port ?? 0;
  let bot: BotSupervisor | undefined;
  const subscription: { fields?: string[] | undefined } = {};
  try {
    for (const [i, protocol] of PROFILE_NAMES.entries()) {
      const report = await runConformance({
        ...options,
        protocol,
        seed: i + 1,
        port,
        // The bot is started (and told where the fake is) once: before the first protocol's checks.
        ...(i === 0 ? {} : { onReady: undefined, waitForBotMs: Math.max(options.waitForBotMs ?? 0, 10_000) }),
        startedBot: (made) => (bot ??= made),
        keepBot: true,
        subscription,
      });
      port = Number(new URL(report.graphUrl).port);
      reports.push(report);
      options.onReport?.(report);
    }
  } finally {
    await (bot as BotSupervisor | undefined)?.stop();
  }
  return { reports, ok: reports.every((r) => r.ok), durationMs: Date.now() - started };
}

interface SharedBot {
  /** Hands over the bot this run started, or answers the one an earlier run started. */
  startedBot?: (made: BotSupervisor) => BotSupervisor;
  /** Leave the bot running at the end (the next protocol's run uses it). */
  keepBot?: boolean;
  /**
   * The fields the bot subscribed the page to with `subscribed_apps`, carried from one protocol's fake to
   * the next: a bot subscribes once, as it starts, and the next fake must hear it as the first did.
   */
  subscription?: { fields?: string[] | undefined };
}

export async function runConformance(options: ConformanceOptions & SharedBot): Promise<ConformanceReport> {
  const checks = [...(options.skipBuiltIn ? [] : selectChecks(options.only)), ...(options.extraChecks ?? [])];
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(concurrency >= 1)) throw new Error(`concurrency must be 1 or more, got ${concurrency}`);
  // One at a time is the baseline: the quiet period after each stimulus is then a fixed wait, as it always was.
  const harness = new Harness(concurrency === 1 ? { ...options, graceMs: options.quietMs ?? Number.POSITIVE_INFINITY } : options);
  if (options.subscription?.fields) harness.subscribed(options.subscription.fields);
  await harness.start();
  const botEnv = options.botCommand === undefined ? undefined : botEnvironment({ ...harness.bot, pageId: harness.pageId, graphUrl: harness.url, port: webhookPort(harness.bot.webhook) });
  const made: BotSupervisor | undefined = options.botCommand === undefined ? options.supervisor : new BotProcess({
    command: options.botCommand,
    env: botEnv!,
    ...(options.onBotLine ? { onLine: options.onBotLine } : {}),
    ...(options.onBotStart ? { onStart: options.onBotStart } : {}),
  });
  const bot = made && options.startedBot ? options.startedBot(made) : made;
  const startBot = bot !== undefined && bot === made;
  const waitMs = options.waitForBotMs ?? 0;
  const upWithinMs = Math.max(waitMs, 10_000);
  const lifeline = new BotLifeline({
    webhook: harness.bot.webhook,
    verifyToken: harness.bot.verifyToken,
    ...(bot ? { process: bot } : {}),
    upWithinMs,
    recentMs: harness.quietMs,
    replay: (d) => harness.replay(d),
    ...(options.onBotRestart ? { onRestart: options.onBotRestart } : {}),
  });
  harness.watcher = lifeline;
  let results: CheckResult[] = [];
  let started = Date.now();
  try {
    await options.onReady?.({ graphUrl: harness.url, accessToken: harness.bot.accessToken, ...(botEnv ? { botEnv } : {}) });
    if (startBot) bot.start();
    if (!(await lifeline.waitUntilUp(waitMs))) throw new BotNeverUpError(harness.bot.webhook, waitMs, bot?.exited);
    lifeline.beginCheck('start-up'); // a crash before the first check (on its own subscribed_apps call) is filed here
    await harness.settle(); // what the bot does as it starts (subscribed_apps) is over
    started = Date.now();
    const handoverText = options.handoverText ?? 'agent';
    const run = (check: Check, alone: boolean) => runCheck(harness, lifeline, check, handoverText, alone, upWithinMs);
    results = await runInGroups(scheduleChecks(checks), concurrency, {
      run,
      // A check another check's crash met saw a bot that was not there: it runs again, alone.
      again: async (check, first) => {
        const again = await run(check, true);
        if (again.disturbedBy === undefined && again.result.status !== 'not-run') return again.result;
        return knockedOn(again.result, again.disturbedBy ?? first.disturbedBy!, lifeline, upWithinMs, first.result);
      },
      onResult: (result) => options.onResult?.(result),
      settle: async () => {
        await harness.settle();
        lifeline.atRest();
      },
    });
  } finally {
    harness.watcher = undefined;
    lifeline.dispose();
    if (options.subscription) options.subscription.fields = harness.subscribedFields;
    await harness.close();
    if (!options.keepBot) await bot?.stop();
  }
  const rootCauses = rootCausesOf(lifeline, results);
  return {
    protocol: harness.protocol,
    webhook: harness.bot.webhook,
    appId: harness.bot.appId,
    role: harness.bot.role,
    graphUrl: harness.url,
    results,
    rootCauses,
    warnings: retiredCallWarnings(harness.botCalls, harness.profile),
    ok: results.every((r) => r.status !== 'fail') && rootCauses.length === 0,
    durationMs: Date.now() - started,
  };
}

/**
 * Runs one check and judges it on what its own stimuli did: a crash it caused fails it with the cause; a
 * crash another check caused while it ran leaves it disturbed (it runs again alone, schedule.ts).
 */
async function runCheck(h: Harness, lifeline: BotLifeline, check: Check, handoverText: string, alone: boolean, upWithinMs: number): Promise<Judged> {
  const base = { id: check.id, number: check.number, title: check.title };
  // A bot being started again is waited for; one that stays down may have been started by someone else: one look.
  await lifeline.ready();
  if (lifeline.down && !(await lifeline.waitUntilUp(0))) return { result: notRun(base, lifeline, upWithinMs) };
  const scope = new CheckScope(h, check.id, alone);
  const mark = h.mark();
  const started = Date.now();
  lifeline.beginCheck(check.id);
  let result: CheckResult;
  let judgesCrash = false;
  try {
    const outcome = await check.run({ h: scope, handoverText });
    judgesCrash = outcome.judgesCrash ?? false;
    const lines = excerpt(scope, outcome.from ?? mark, outcome.psids ? { psids: outcome.psids } : {});
    result = { ...base, status: outcome.status, summary: outcome.summary, excerpt: [...(outcome.notes ?? []), ...lines], durationMs: Date.now() - started };
  } catch (err) {
    await scope.settle();
    result = { ...base, status: 'fail', summary: `the check could not run: ${(err as Error).message}`, excerpt: excerpt(scope, mark), durationMs: Date.now() - started };
  }
  await lifeline.ready(); // a crash in the check's last moments is told before it is judged
  const crashes = lifeline.crashesBetween(started, Date.now());
  const own = crashes.filter((c) => c.checks.length === 1 && c.checks[0] === check.id);
  const other = crashes.find((c) => !own.includes(c));
  if (own.length > 0) return { result: withCrashes(result, own, lifeline, judgesCrash) };
  return other ? { result, disturbedBy: other.cause } : { result };
}
