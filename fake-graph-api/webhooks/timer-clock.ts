/**
 * The clock the dispatcher runs on: its timeouts, retries and the hour after which a failing app is
 * unsubscribed all pass on it. xstate's `SimulatedClock` fits as it is (virtual time in tests and
 * simulations); `realTimerClock` is the wall clock for `serve`. Give the Platform the same clock's `now`.
 */
export interface TimerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimerClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
