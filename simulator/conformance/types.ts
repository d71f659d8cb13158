/**
 * The vocabulary of conformance testing: a check is a named case run against a real bot over HTTP; its
 * result is pass, fail or warn (or skip when it does not apply to the bot's role), with the excerpt of
 * the trace that shows why.
 */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export type BotRole = 'primary' | 'secondary';

/** The page access token a bot under test is given when it names none. */
export const DEFAULT_ACCESS_TOKEN = 'conformance-token';

export interface CheckResult {
  /** e.g. `webhook-verification`. */
  id: string;
  /** Its number in the list (1–10), or 0 for a user's contract scenario. */
  number: number;
  title: string;
  status: CheckStatus;
  /** One line: why. */
  summary: string;
  /** The part of the trace that shows it: what was sent, what the bot answered or called. */
  excerpt: string[];
  durationMs: number;
}

export interface ConformanceReport {
  webhook: string;
  appId: string;
  role: BotRole;
  graphUrl: string;
  results: CheckResult[];
  /** True when no check failed (warnings do not fail a run). */
  ok: boolean;
  durationMs: number;
}
