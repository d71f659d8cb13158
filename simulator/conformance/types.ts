/**
 * The vocabulary of conformance testing: a check is a named case run against a real bot over HTTP; its
 * result is pass, fail or warn (or skip when it does not apply to the bot's role; not-run when the bot
 * went down earlier and nobody restarted it), with the excerpt of the trace that shows why.
 */
import type { ProfileName } from '../../machines/platform/profile-names.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'not-run';

export type BotRole = 'primary' | 'secondary';

/** What a bot meets in production now (protocol.md §0): conform runs it unless told otherwise. */
export const DEFAULT_PROTOCOL: ProfileName = 'conversation-routing';

/** The bot called a Graph edge Meta retired under the protocol that ran: a warning, not a failure. */
export interface RetiredCallWarning {
  /** `GET /secondary_receivers`. */
  endpoint: string;
  calls: number;
  /** Why Meta retired it, with the protocol.md section. */
  why: string;
}

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
  /** The bot went down on this check's stimulus: which root cause (1-based index into the report's `rootCauses`). */
  rootCause?: number;
  /**
   * Not judged (`not-run`): the bot went down on another check's stimulus while this one ran, and could not
   * be run again alone (conform did not start the bot, or could not bring it back): which root cause.
   */
  knockedOnBy?: number;
}

/**
 * Why the bot went down, once per distinct bug: the error itself (when conform started the bot and its
 * stderr shows one; without it, each time it went down is a cause of its own), the event it was handling,
 * and every check it touched.
 */
export interface RootCause {
  /** The event the bot was handling, in words (`standby message`), or `one of: a, b` when it cannot be told. */
  after: string;
  /**
   * How `after` was told: the only event it may have been handling; the one that brought the same error back
   * when sent again alone to the restarted bot; not told (`one of`); or no event at all (`start-up`).
   */
  attributed: 'only-candidate' | 'reproduced' | 'ambiguous' | 'start-up';
  /** The first check, in check order, that it failed (or kept from being judged). */
  check: string;
  /** Every check it failed, in check order. */
  failed: string[];
  /** Every check it kept from being judged, in check order. */
  knockedOn: string[];
  /** How many times the bot went down for it (a check that runs again alone may meet it again). */
  times: number;
  /** `exit code 1`, `signal SIGSEGV`; absent when conform did not start the bot. */
  exit?: string;
  /** The error as thrown: `TypeError: entry.messaging is not iterable`. */
  error?: string;
  /** The stack frames in the bot's own files, innermost first. */
  frames: string[];
  /** The lines of the bot's stderr that show the crash (where it was thrown, the error, the frames). */
  stderr: string[];
}

export interface ConformanceReport {
  /** The protocol generation the page ran. */
  protocol: ProfileName;
  webhook: string;
  appId: string;
  role: BotRole;
  graphUrl: string;
  results: CheckResult[];
  /** Each distinct reason the bot went down, in the order met. */
  rootCauses: RootCause[];
  /** Calls to edges Meta retired under this protocol. */
  warnings: RetiredCallWarning[];
  /** True when no check failed (warnings do not fail a run). */
  ok: boolean;
  /** From the first check to the last: the bot's start-up excluded. */
  durationMs: number;
}

/** `conform --protocol all`: the same bot under every protocol, one report each, in PROFILE_NAMES order. */
export interface ConformanceRunAll {
  reports: ConformanceReport[];
  /** True when every protocol's report is ok. */
  ok: boolean;
  durationMs: number;
}
