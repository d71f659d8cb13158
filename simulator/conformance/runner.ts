import type { Check } from './check.js';
import { CHECKS } from './checks/index.js';
import { excerpt } from './excerpt.js';
import { Harness, type HarnessOptions } from './harness.js';
import type { CheckResult, ConformanceReport } from './types.js';

/**
 * Runs conformance checks against a real bot: starts the fake on its port, tells the caller where it is,
 * waits for the bot's webhook to answer, runs each check on threads of its own and collects the results.
 */
export interface ConformanceOptions extends HarnessOptions {
  /** Check ids or numbers to run (default: all). */
  only?: readonly string[];
  /** What a user writes to make the bot hand the conversation to a human (default `agent`). */
  handoverText?: string;
  /** Told once the fake listens, before any check: print instructions, or start the bot. */
  onReady?: (info: { graphUrl: string; accessToken: string }) => void | Promise<void>;
  /** Wait up to this long for the bot's webhook to accept connections (default 0: not at all). */
  waitForBotMs?: number;
  /** Told each result as it comes. */
  onResult?: (result: CheckResult) => void;
  /** Extra checks to run after the built-in ones (contract scenarios). */
  extraChecks?: readonly Check[];
  /** Run none of the built-in checks (a contract alone). */
  skipBuiltIn?: boolean;
}

export function selectChecks(only: readonly string[] | undefined): Check[] {
  if (!only || only.length === 0) return [...CHECKS];
  const unknown = only.filter((o) => !CHECKS.some((c) => c.id === o || String(c.number) === o));
  if (unknown.length > 0) throw new Error(`unknown check(s): ${unknown.join(', ')}; known: ${CHECKS.map((c) => `${c.number} ${c.id}`).join(', ')}`);
  return CHECKS.filter((c) => only.includes(c.id) || only.includes(String(c.number)));
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const checks = [...(options.skipBuiltIn ? [] : selectChecks(options.only)), ...(options.extraChecks ?? [])];
  const harness = new Harness(options);
  const started = Date.now();
  await harness.start();
  const results: CheckResult[] = [];
  try {
    await options.onReady?.({ graphUrl: harness.url, accessToken: harness.bot.accessToken });
    if (options.waitForBotMs) await waitForBot(harness.bot.webhook, options.waitForBotMs);
    await harness.settle(); // what the bot does as it starts (subscribed_apps) is over
    for (const check of checks) {
      const result = await runCheck(harness, check, options.handoverText ?? 'agent');
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    await harness.close();
  }
  return {
    webhook: harness.bot.webhook,
    appId: harness.bot.appId,
    role: harness.bot.role,
    graphUrl: harness.url,
    results,
    ok: results.every((r) => r.status !== 'fail'),
    durationMs: Date.now() - started,
  };
}

async function runCheck(h: Harness, check: Check, handoverText: string): Promise<CheckResult> {
  const mark = h.mark();
  const started = Date.now();
  const base = { id: check.id, number: check.number, title: check.title };
  try {
    const outcome = await check.run({ h, handoverText });
    const lines = excerpt(h, outcome.from ?? mark, outcome.psids ? { psids: outcome.psids } : {});
    return { ...base, status: outcome.status, summary: outcome.summary, excerpt: [...(outcome.notes ?? []), ...lines], durationMs: Date.now() - started };
  } catch (err) {
    await h.settle();
    return { ...base, status: 'fail', summary: `the check could not run: ${(err as Error).message}`, excerpt: excerpt(h, mark), durationMs: Date.now() - started };
  }
}

/** Polls the webhook URL until something answers HTTP (any status), or the time is up. */
async function waitForBot(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
