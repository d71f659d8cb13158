/**
 * Deterministic ids: message ids and fbtrace ids come from a seeded generator, so the same world, seed
 * and requests give byte-identical answers and traces.
 */
import { createRandom, type Random } from './random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class IdSource {
  private random: Random;
  constructor(private readonly seed = 1) {
    this.random = createRandom(seed);
  }

  reset(): void {
    this.random = createRandom(this.seed);
  }

  private chars(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += ALPHABET[this.random.int(64)];
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
