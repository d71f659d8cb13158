/**
 * When to try again after a failed POST. Meta: "a failed delivery is retried a few times straight away";
 * after one hour of continued failure the app is unsubscribed from the page (protocol.md §2.5). Meta
 * publishes no exact schedule: ours is a few quick retries, then exponential backoff, capped.
 */
export interface RetryOptions {
  /** Retries right after a failure (default 3)… */
  quickRetries?: number;
  /** …this far apart (default 1 000 ms). */
  quickDelayMs?: number;
  /** Then the first backoff delay (default 30 000 ms), doubled after each further failure… */
  backoffMs?: number;
  /** …up to this (default 900 000 ms = 15 min). */
  maxBackoffMs?: number;
  /** Continuous failure after which the app is unsubscribed from the page (default 3 600 000 ms = 1 h). */
  unsubscribeAfterMs?: number;
}

export type RetrySchedule = Required<RetryOptions>;

export const DEFAULT_RETRY: RetrySchedule = {
  quickRetries: 3,
  quickDelayMs: 1_000,
  backoffMs: 30_000,
  maxBackoffMs: 900_000,
  unsubscribeAfterMs: 3_600_000,
};

/** The wait before the next attempt, after `failures` failed attempts in a row (1, 2, …). */
export function retryDelay(failures: number, schedule: RetrySchedule): number {
  if (failures <= schedule.quickRetries) return schedule.quickDelayMs;
  const exponent = failures - schedule.quickRetries - 1;
  return Math.min(schedule.backoffMs * 2 ** exponent, schedule.maxBackoffMs);
}
