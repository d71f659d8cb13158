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

  /**
   * Built in one piece: `+=` one character at a time (or `m_` + the rest) leaves a rope of string nodes
   * (~500 bytes a message id) in everything that keeps the id, such as a thread's messages not yet
   * reported delivered. Same characters, same order: ids and traces are unchanged.
   */
  private chars(n: number, prefix = ''): string {
    const codes = new Array<number>(prefix.length + n);
    for (let i = 0; i < prefix.length; i++) codes[i] = prefix.charCodeAt(i);
    for (let i = prefix.length; i < codes.length; i++) codes[i] = ALPHABET.charCodeAt(this.random.int(64));
    return String.fromCharCode(...codes);
  }

  /** A Messenger message id, shaped like Meta's (`m_` + 22 url-safe characters). */
  mid(): string {
    return this.chars(22, 'm_');
  }

  /** A Graph API trace id, shaped like Meta's (11 characters). */
  fbtraceId(): string {
    return this.chars(11);
  }
}
