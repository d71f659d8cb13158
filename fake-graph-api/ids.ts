/**
 * Deterministic ids: message ids and fbtrace ids come from a seeded generator, so the same world, seed
 * and requests give byte-identical answers and traces.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class IdSource {
  private state: number;
  constructor(private readonly seed = 1) {
    this.state = seed >>> 0;
  }

  reset(): void {
    this.state = this.seed >>> 0;
  }

  /** mulberry32: tiny, fast, good enough for ids. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private chars(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(this.next() * 64)];
    return out;
  }

  /** A Messenger message id, shaped like Meta's (`m_` + 22 url-safe characters). */
  mid(): string {
    return `m_${this.chars(22)}`;
  }

  /** A Graph API trace id, shaped like Meta's (11 characters). */
  fbtraceId(): string {
    return this.chars(11);
  }
}
