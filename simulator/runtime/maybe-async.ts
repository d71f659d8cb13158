/**
 * A value now, or later. The in-process transport answers at once and the HTTP one later: code written with
 * `andThen` runs synchronously when every answer is at hand, so an in-process run pays no promise per hop
 * (a crowd of 100 000 users makes millions of them), and the same code awaits real sockets.
 */
export type MaybePromise<T> = T | Promise<T>;

export const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> => typeof (value as Promise<T> | undefined)?.then === 'function';

// Not named `then`: a module exporting `then` is a thenable, and `await import()` would call it.
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isPromise(value) ? value.then(next) : next(value);
}

/** Runs `each` over the items one after the other, each to its end before the next. */
export function inOrder<T>(items: readonly T[], each: (item: T) => MaybePromise<void>, from = 0): MaybePromise<void> {
  for (let i = from; i < items.length; i++) {
    const done = each(items[i]!);
    if (isPromise(done)) return done.then(() => inOrder(items, each, i + 1));
  }
}
