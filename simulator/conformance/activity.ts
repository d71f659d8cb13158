/**
 * What happened on each thread of a conformance run, so that a check waits for its own threads only, and
 * only as long as the bot needs: the webhook POSTs in flight for a thread, when the last stimulus reached
 * the bot (a delivery other than the echo of its own message), and when the bot last acted on the thread
 * (a Graph call naming it, or an echo of its send).
 *
 * Pacing: once nothing is in flight, a thread is settled `graceMs` after the last activity if the bot
 * called the Graph API after the last stimulus (it answered: the rest of its reaction follows at once), or
 * `quietMs` after it if the bot has not reacted (a ceiling: a bot that stays silent, as it must on
 * standby, costs that long; a slow bot that answers within it is waited for). With `graceMs` equal to
 * `quietMs` this is the fixed quiet period of the one-at-a-time baseline.
 * Keys are PSIDs; a delivery or call that names no thread (a handshake, `app_roles`, `subscribed_apps`)
 * is filed under a key of its own (`GLOBAL`), which only a check that runs alone waits for.
 */
export const GLOBAL = '*';

/** The grace is at least this many times the slowest of the bot's last `RECENT_ANSWERS` webhook answers. */
const GRACE_PER_ANSWER_MS = 3;
const RECENT_ANSWERS = 8;

/** A look at the clock this much later than asked for means this process was stalled in between. */
const STALL_MS = 30;

interface Track {
  inFlight: number;
  stimulusAt: number;
  callAt: number;
  activityAt: number;
}

export interface Pacing {
  /** The longest the bot may take to react to a stimulus. */
  quietMs: number;
  /** How long the bot's reaction may still go on after its last call. */
  graceMs: number;
  /** The longest a settle may take in all. */
  settleTimeoutMs: number;
}

export class Activity {
  private tracks = new Map<string, Track>();
  /** How long the bot took to answer its last few POSTs. */
  private latencies: number[] = [];

  /**
   * `callsInFlight`: the Graph calls being answered. Their thread is known only once the call is parsed,
   * so every settle waits for them; each lasts a millisecond or two.
   */
  constructor(
    private readonly pacing: Pacing,
    private readonly callsInFlight: () => number = () => 0,
  ) {}

  private track(key: string): Track {
    let t = this.tracks.get(key);
    if (!t) {
      t = { inFlight: 0, stimulusAt: 0, callAt: 0, activityAt: 0 };
      this.tracks.set(key, t);
    }
    return t;
  }

  /** A webhook POST for these threads is on its way (counted from the moment the platform produced it). */
  deliveryQueued(keys: readonly string[]): void {
    for (const key of keysOrGlobal(keys)) this.track(key).inFlight++;
  }

  /**
   * It was answered (or failed). `stimulus`: the bot may still act on it; false for the echo of the bot's
   * own message, and for a POST the bot refused or never answered (its refusal is its whole reaction).
   */
  deliveryDone(keys: readonly string[], stimulus: boolean, at = Date.now(), latencyMs?: number): void {
    if (latencyMs !== undefined) {
      this.latencies.push(latencyMs);
      if (this.latencies.length > RECENT_ANSWERS) this.latencies.shift();
    }
    for (const key of keysOrGlobal(keys)) {
      const t = this.track(key);
      t.inFlight--;
      t.activityAt = at;
      if (stimulus) t.stimulusAt = at;
    }
  }

  /** The bot called the Graph API about this thread (null: about none). */
  call(psid: string | null, at = Date.now()): void {
    const t = this.track(psid ?? GLOBAL);
    t.callAt = at;
    t.activityAt = at;
  }

  /**
   * Whether the bot is done reacting on these threads (all threads when `keys` is undefined), each thread
   * judged on its own: one that got no answer waits out its ceiling even when another was answered.
   * `awaitReaction: false`: the stimulus wants no answer (a read, a delivery report) and the check moves on
   * once it was answered and the bot's own calls stopped.
   */
  settled(keys: readonly string[] | undefined, options: SettleOptions = {}, now = Date.now()): boolean {
    if (this.callsInFlight() > 0) return false;
    const tracks = keys === undefined ? [...this.tracks.values()] : keys.map((k) => this.tracks.get(k)).filter((t): t is Track => t !== undefined);
    for (const t of tracks) {
      if (t.inFlight > 0) return false;
      const answered = options.awaitReaction === false || t.callAt >= t.stimulusAt;
      if (now - t.activityAt < (answered ? this.graceMs() : this.pacing.quietMs)) return false;
    }
    return true;
  }

  /**
   * The grace after the bot's last call, as the bot is now: a bot (or a machine) slow to answer its webhook
   * is slow between the steps of its reaction too (a pass, then a send), so the grace grows with its recent
   * answer times, from `graceMs` up to the ceiling.
   */
  private graceMs(): number {
    const slowest = Math.max(0, ...this.latencies);
    return Math.min(this.pacing.quietMs, Math.max(this.pacing.graceMs, GRACE_PER_ANSWER_MS * slowest));
  }

  /** How long nothing happened on these threads (every thread when `keys` is undefined). */
  quietFor(keys: readonly string[] | undefined, now = Date.now()): number {
    const tracks = keys === undefined ? [...this.tracks.values()] : keys.map((k) => this.tracks.get(k)).filter((t): t is Track => t !== undefined);
    if (tracks.some((t) => t.inFlight > 0)) return 0;
    return now - Math.max(0, ...tracks.map((t) => t.activityAt));
  }

  /**
   * Settles, then keeps waiting while `done` says the bot's reaction is incomplete and it has been active
   * within `quietMs`: a reaction in several steps, each slower than the grace (a slow bot working through
   * a batched POST), is waited for as far as the ceiling allows.
   */
  async settleUntil(keys: readonly string[] | undefined, done: () => boolean): Promise<void> {
    const deadline = Date.now() + this.pacing.settleTimeoutMs;
    await this.settle(keys);
    while (!done() && this.quietFor(keys) < this.pacing.quietMs && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await this.settle(keys);
    }
  }

  /**
   * Resolves once `settled`, or after `settleTimeoutMs` at the latest. A look that comes late (this process
   * was not running: a loaded machine) is not trusted: after a stall Node runs the due timers before the I/O
   * that arrived meanwhile, so the bot's next call would not be seen yet. A look on time decides, or the
   * third look after a late one (two turns of the event loop: the bot's answer read, its next call read),
   * so that a machine loaded throughout still ends a settle before the ceiling.
   */
  async settle(keys: readonly string[] | undefined, options: SettleOptions = {}): Promise<void> {
    const deadline = Date.now() + this.pacing.settleTimeoutMs;
    const step = Math.max(5, Math.min(25, this.pacing.graceMs / 2));
    let blind = 0;
    while (!(blind === 0 && this.settled(keys, options)) && Date.now() < deadline) {
      const asleep = Date.now();
      await new Promise((resolve) => setTimeout(resolve, step));
      const late = Date.now() - asleep > step + STALL_MS;
      blind = !late ? 0 : blind === 0 ? 2 : blind - 1;
    }
  }
}

export interface SettleOptions {
  /** false: do not wait out the ceiling for an answer (default true). */
  awaitReaction?: boolean;
}

const keysOrGlobal = (keys: readonly string[]): readonly string[] => (keys.length > 0 ? keys : [GLOBAL]);
