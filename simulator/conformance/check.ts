import type { CheckScope } from './check-scope.js';
import type { Mark } from './harness.js';
import type { CheckStatus } from './types.js';

/** One conformance check: a named case that drives the world and judges what the bot did. */
export interface CheckContext {
  /** The harness as this check sees it: its own threads (everything, when it runs alone). */
  h: CheckScope;
  /** What a user writes to make the bot hand the conversation to a human (default `agent`). */
  handoverText: string;
}

export interface CheckOutcome {
  status: CheckStatus;
  summary: string;
  /** Where the excerpt starts (default: the start of the check) and which threads it shows. */
  from?: Mark;
  psids?: string[];
  /** Extra lines above the trace excerpt. */
  notes?: string[];
  /** The check judged the bot going down itself: its summary stays, the root cause is added to it. */
  judgesCrash?: boolean;
}

export interface Check {
  id: string;
  number: number;
  title: string;
  /**
   * Why the check cannot share the bot with others (it judges the bot's global behaviour, or what it sends
   * reaches every thread): it then runs alone, after the checks before it and before the checks after it.
   * Absent: it works on threads of its own and runs at the same time as its neighbours.
   */
  runsAlone?: string;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export const defineCheck = (check: Check): Check => check;
