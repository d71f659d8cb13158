/**
 * An append-only log that keeps only its newest entries: every entry gets a sequence number (0, 1, 2, …
 * since the last clear) that never changes, the oldest are dropped once more than `retain` are kept, and
 * the log counts what it dropped so nothing is forgotten silently. Dropping is O(1) amortized: the array
 * is compacted only when its dropped head outweighs the kept part, so a million appends stay flat.
 */
export type Retention = number | 'all';

export interface LogPage<T> {
  entries: { seq: number; entry: T }[];
  /** The `after` that continues this page: the last sequence number looked at, or the given one. */
  next: number;
}

export class RetainedLog<T> {
  private items: T[] = [];
  private head = 0;
  private firstSeq = 0;
  private droppedCount = 0;

  constructor(private readonly retain: Retention) {}

  /** Appends one entry and answers its sequence number. */
  push(entry: T): number {
    const seq = this.firstSeq + this.items.length - this.head;
    if (this.retain === 0) {
      this.firstSeq++;
      this.droppedCount++;
      return seq;
    }
    this.items.push(entry);
    if (this.retain !== 'all' && this.items.length - this.head > this.retain) {
      this.items[this.head] = undefined as T; // let the dropped entry be collected before the next compaction
      this.head++;
      this.firstSeq++;
      this.droppedCount++;
      if (this.head >= 1024 && this.head * 2 >= this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
    return seq;
  }

  /** Entries kept now. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Entries ever appended since the last clear. */
  get total(): number {
    return this.firstSeq + this.size;
  }

  /** Entries dropped by the retention policy since the last clear. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Sequence number of the oldest kept entry. */
  get first(): number {
    return this.firstSeq;
  }

  at(seq: number): T | undefined {
    const i = seq - this.firstSeq;
    return i >= 0 && i < this.size ? this.items[this.head + i] : undefined;
  }

  /** The kept entries, oldest first (a copy). */
  toArray(): T[] {
    return this.items.slice(this.head);
  }

  /**
   * Up to `limit` kept entries with a sequence number above `after` that pass `keep`, oldest first.
   * `next` is where the following page starts, so a filter that skips entries never makes a page repeat.
   */
  page(after: number, limit: number, keep: (entry: T) => boolean = () => true): LogPage<T> {
    const entries: { seq: number; entry: T }[] = [];
    let seq = Math.max(after + 1, this.firstSeq);
    const end = this.total;
    for (; seq < end && entries.length < limit; seq++) {
      const entry = this.items[this.head + seq - this.firstSeq]!;
      if (keep(entry)) entries.push({ seq, entry });
    }
    return { entries, next: Math.max(after, seq - 1) };
  }

  /** Forgets every entry and the counters; the memory goes with them. */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.firstSeq = 0;
    this.droppedCount = 0;
  }
}

/** `--retain-events` as the CLI reads it: a whole number ≥ 0, or `all`. */
export function parseRetention(value: string): Retention | undefined {
  if (value === 'all') return 'all';
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** What `serve` keeps by default: enough for any debugging session, bounded for a soak. */
export const DEFAULT_SERVE_RETENTION = 100_000;
