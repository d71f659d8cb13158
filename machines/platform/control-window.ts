/**
 * How long control lasts under HOP v2 and Conversation Routing (protocol.md §1.5, §4.3): a thread goes
 * back to idle 24 hours after its last user message, an owner may extend that up to 7 days, and an ad's
 * entry point gives its app 1 to 30 days. Stored as a deadline (`expiresAt`), never as a timer.
 */
export const CONTROL_WINDOW_MS = 24 * 60 * 60 * 1000;

/** `extend_thread_control`'s `duration` is in seconds, at most 7 days (protocol.md §1.5). */
export const EXTEND_MAX_SECONDS = 604_800;

/** An ad's `receiving_app_control_expiration`, in days (protocol.md §4.3). */
export const AD_CONTROL_DAYS_MIN = 1;
export const AD_CONTROL_DAYS_MAX = 30;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A deadline never moves earlier: a user message after an extension keeps the extension. */
export const later = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));
