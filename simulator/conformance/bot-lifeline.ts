import type { BotExit } from './bot-process.js';
import { crashSignature } from './crash-signature.js';
import type { Delivery } from './harness.js';
import type { RootCause } from './types.js';
import { handshake } from '../../fake-graph-api/webhooks/verification.js';

/**
 * Whether the bot under test is up, and why it went down, as Meta would meet it: its one GET is the
 * verification handshake, and a crash is one fact, the error and the event the bot was handling, however
 * many checks it touched.
 *
 * - **Up** means the webhook answers the handshake GET (any HTTP answer: the socket answered).
 * - **Down**: the process conform started ended, or (without one) a POST found the connection refused or
 *   reset. The crash is keyed on the error itself (crash-signature.ts: the thrown line and the bot's own
 *   frames, never its log lines); without a readable error, each exit is a cause of its own.
 * - **What it was handling**: the deliveries the bot answered just before it died and the one in flight
 *   (never one that found the connection refused: the bot was dead by then). When they are several and
 *   conform supervises the bot, each is sent again, alone, to the restarted bot until one reproduces the
 *   same error; otherwise the cause says `one of: …`.
 * - A supervised bot is started again at once, and everything waits for it (`ready`): no check is judged,
 *   no POST sent, while it comes back.
 */
export const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'other side closed']);

export const isConnectionLost = (d: Delivery): boolean => d.status === undefined && d.error !== undefined && CONNECTION_LOST.has(d.error);

/** How soon after answering a POST a bot that dies of it is dead: a crash in the same turn, or the next few. */
const ANSWERED_THEN_DIED_MS = 25;

/** Sent after the bot was dead: it cannot be what killed it. */
const foundItDead = (d: Delivery) => d.status === undefined && d.error === 'ECONNREFUSED';

/** What the lifeline needs of a bot it can restart: a BotProcess, or an in-process stand-in in specs. */
export interface BotSupervisor {
  start(): void;
  onExit(listener: (exit: BotExit) => void): () => void;
  waitForExit(ms: number): Promise<BotExit | undefined>;
  readonly exited: BotExit | undefined;
  /** Ends the bot for good (the run is over). */
  stop(): Promise<void>;
}

export interface BotLifelineOptions {
  webhook: string;
  /** The verify token of the handshake that tells the bot is up (any answer counts). */
  verifyToken: string;
  process?: BotSupervisor;
  /** How long a (re)started bot has to answer on its webhook (default 10 000 ms). */
  upWithinMs?: number;
  /** A delivery answered this long before the bot died may be what killed it (default 400 ms: conform's ceiling). */
  recentMs?: number;
  /** Sends a delivery's exact body and signature again (to tell which of several killed the bot). */
  replay?: (d: Delivery) => Promise<Delivery>;
  /** Told each restart: the event the bot went down on, how it ended, and whether it is up again. */
  onRestart?: (after: string, exit: BotExit, up: boolean) => void;
}

/** One time the bot went down. */
export interface Crash {
  /** When it was found down. */
  at: number;
  /** 1-based index into `causes`. */
  cause: number;
  /** What it may have been handling, oldest first. */
  candidates: Delivery[];
  /** What it was handling, when that could be told. */
  event?: Delivery;
  /** The checks whose stimulus it was: the event's, or every candidate's. */
  checks: string[];
}

/** A distinct reason the bot went down, before the report names the checks it touched (root-cause.ts). */
export type Cause = Omit<RootCause, 'check' | 'failed' | 'knockedOn'> & {
  /** What tells it apart: the crash signature's key, or `exit:N` / `down:N` (a cause per exit). */
  key: string;
  /** The event it was told on (the only candidate, or the one that reproduced it), once it was. */
  toldOn?: Delivery;
};
type Exit = Omit<Cause, 'after' | 'attributed' | 'times'>;

export class BotLifeline {
  readonly causes: Cause[] = [];
  readonly crashes: Crash[] = [];
  down = false;
  /** Why the bot is down now, for the checks that cannot run. */
  downSince: Crash | undefined;
  /** conform started the bot again and it did not come up. */
  restartFailed = false;
  private check = '';
  /** The POSTs on their way to the bot now (checks run side by side: several). */
  private inFlight = new Set<Delivery>();
  /** POSTs whose connection the bot dropped while reading them, since it last started: what it died handling. */
  private cut: Delivery[] = [];
  /** Deliveries answered since the bot last started, newest last (kept short). */
  private answered: Delivery[] = [];
  private pending: Promise<void> = Promise.resolve();
  private replaying = false;
  private upSinceStart = false;
  private exitCount = 0;
  /** Stops listening to the bot's exits (the next protocol's run has a lifeline of its own). */
  readonly dispose: () => void;

  constructor(private readonly options: BotLifelineOptions) {
    this.dispose = options.process?.onExit((exit) => {
      if (this.replaying) return; // telling a cause apart: the replay waits for this exit itself
      const wasUp = this.upSinceStart;
      this.upSinceStart = false;
      this.down = true;
      const at = Date.now();
      // No restart for a bot that never answered since it was started (no crash loop at start-up).
      this.pending = this.pending.then(() => this.afterExit(exit, at, wasUp));
    }) ?? (() => undefined);
  }

  get supervised(): boolean {
    return this.options.process !== undefined;
  }

  /** The check about to run: a crash with no delivery of a check's to blame is filed under it. */
  beginCheck(id: string): void {
    this.check = id;
  }

  /** Resolves once no restart or telling-apart is under way: what the bot meets next is the bot that is up. */
  ready(): Promise<void> {
    return this.pending;
  }

  /** The crashes found between two times (a check's start and end), once each is told. */
  crashesBetween(from: number, to: number): Crash[] {
    return this.crashes.filter((c) => c.at >= from && c.at <= to);
  }

  /**
   * The bot has been quiet for a while (the harness settled): an answer it gave before now cannot be what
   * kills it later, so no crash after this is blamed on one (a re-run alone is judged on its own events).
   */
  atRest(): void {
    this.answered = [];
  }

  /** Waits for the bot's webhook to answer the handshake (any answer), for up to `ms`: true once it does. */
  async waitUntilUp(ms: number): Promise<boolean> {
    const up = await answersHandshake(this.options.webhook, this.options.verifyToken, ms, () => this.options.process?.exited !== undefined);
    if (up) {
      this.down = false;
      this.upSinceStart = true;
    }
    return up;
  }

  /** Before each webhook POST. */
  sending(d: Delivery): void {
    this.inFlight.add(d);
  }

  /** After each webhook POST (inside the harness's delivery order): notes a bot that went down, waits for its restart. */
  async delivered(d: Delivery): Promise<void> {
    this.inFlight.delete(d);
    if (!isConnectionLost(d)) {
      if (d.status !== undefined) this.remember(d);
      return;
    }
    if (!foundItDead(d)) this.cut.push(d);
    const process = this.options.process;
    // The socket closes a moment before the process is reaped: give it that moment.
    if (process && (process.exited !== undefined || (await process.waitForExit(2000)) !== undefined)) {
      await this.pending;
      return;
    }
    // Nothing to tell an exit by: the bot stopped answering at this POST. One cause per time it goes down.
    if (!this.down) {
      this.down = true;
      const crash = this.file(this.candidatesAt(Date.now(), this.cut.splice(0)), { key: `down:${++this.exitCount}`, frames: [], stderr: [] }, Date.now());
      this.downSince = crash;
    }
  }

  private remember(d: Delivery): void {
    // Alive to answer a POST sent after one it dropped: dropping that one did not kill it.
    this.cut = this.cut.filter((c) => c.at >= d.at);
    this.answered.push(d);
    if (this.answered.length > 16) this.answered.shift();
  }

  /**
   * What the bot may have been handling when it died at `at`, in the order they were sent: the POSTs whose
   * connection it dropped while reading them (a crash while handling one); the newest delivery it answered
   * (a crash after answering 200 follows its answer at once), unless it was answered before those POSTs were
   * sent (the bot was alive and reading them); for a bot conform can start again (and so send each again to
   * tell them apart), also the older ones answered within `recentMs` before.
   */
  private candidatesAt(at: number, cut: readonly Delivery[]): Delivery[] {
    const recentMs = this.options.recentMs ?? 400;
    const [newest, ...older] = [...this.answered].reverse();
    const firstCut = Math.min(...cut.map((d) => d.at));
    // Unsupervised, nothing can be sent again to tell them apart: only an answer given as the fatal POST was
    // sent (a crash after answering follows the answer within milliseconds; a settled check leaves more).
    const suspect = newest && (cut.length === 0 || (this.supervised ? at - answeredAt(newest) <= recentMs : answeredAt(newest) >= firstCut - ANSWERED_THEN_DIED_MS));
    const recent = this.supervised ? older.filter((d) => at - answeredAt(d) <= recentMs) : [];
    return [...cut, ...(suspect ? [newest] : []), ...recent].sort((a, b) => a.seq - b.seq);
  }

  private async afterExit(exit: BotExit, at: number, wasUp: boolean): Promise<void> {
    // The POSTs in flight as it died end a moment later: whether each found the bot alive decides if it is a candidate.
    await waitFor(() => this.inFlight.size === 0, 2000);
    const candidates = this.candidatesAt(at, this.cut.splice(0));
    this.answered = [];
    const crash = this.file(candidates, describeExit(exit, ++this.exitCount), at);
    this.downSince = crash;
    if (!wasUp) return;
    const process = this.options.process!;
    process.start();
    let up = await this.waitUntilUp(this.options.upWithinMs ?? 10_000);
    // The same error met again is told by the event it came on the first time (file()); when none of this
    // crash's candidates is like that one, they are sent again, as the first time.
    const cause = this.causes[crash.cause - 1]!;
    if (up && crash.event === undefined && candidates.length > 1 && this.options.replay) up = await this.tellApart(crash);
    this.down = !up;
    this.restartFailed = !up;
    if (up) this.downSince = undefined;
    this.options.onRestart?.(crash.event ? describeEvent(crash.event) : cause.after, exit, up);
  }

  /**
   * Sends each candidate again, alone, to the restarted bot: the first that brings the same error back is
   * what it was handling. Answers whether the bot is up at the end.
   */
  private async tellApart(crash: Crash): Promise<boolean> {
    const cause = this.causes[crash.cause - 1]!;
    const process = this.options.process!;
    // The POSTs it died reading first (the likeliest), then the answered ones, newest first.
    const order = [...crash.candidates].sort((a, b) => Number(a.status !== undefined) - Number(b.status !== undefined) || b.seq - a.seq);
    for (const candidate of order) {
      this.replaying = true;
      let again: BotExit | undefined;
      try {
        const sent = await this.options.replay!(candidate);
        // As long as the first time took from its answer to the exit, and some room.
        const after = Math.min(2000, Math.max(150, 3 * (crash.at - answeredAt(candidate))));
        again = isConnectionLost(sent) ? await process.waitForExit(2000) : await process.waitForExit(after);
      } finally {
        this.replaying = false;
      }
      if (!again) continue;
      const reproduced = describeExit(again, 0).key === cause.key;
      process.start();
      if (!(await this.waitUntilUp(this.options.upWithinMs ?? 10_000))) return false;
      if (!reproduced) continue; // another bug met on the way: its own check will meet it
      this.attribute(crash, candidate, 'reproduced');
      return true;
    }
    return true;
  }

  /** Files a crash under its cause (a new one, or the known one with the same key) and tells what it can. */
  private file(candidates: Delivery[], what: Exit, at: number): Crash {
    let index = this.causes.findIndex((c) => c.key === what.key);
    if (index < 0) {
      this.causes.push({ ...what, after: '', attributed: 'start-up', times: 0 });
      index = this.causes.length - 1;
    }
    const cause = this.causes[index]!;
    cause.times++;
    const crash: Crash = { at, cause: index + 1, candidates, checks: [] };
    this.crashes.push(crash);
    // The same error met before, on an event of the same kind as then: that is the one.
    // Or, for a bug that kills the bot as it reads a POST, the one POST it dropped this time.
    const known = cause.toldOn ? this.likeBefore(cause.toldOn, candidates) : undefined;
    if (candidates.length === 1) this.attribute(crash, candidates[0]!, 'only-candidate');
    else if (known) this.attribute(crash, known, cause.attributed);
    else if (candidates.length === 0) {
      crash.checks = [this.check];
      if (cause.times === 1) cause.after = 'start-up';
    } else {
      crash.checks = [...new Set(candidates.map((c) => c.scope ?? this.check))];
      if (cause.times === 1) {
        cause.after = `one of: ${candidates.map(describeEvent).join(', ')}`;
        cause.attributed = 'ambiguous';
      }
    }
    return crash;
  }

  /**
   * Among this crash's candidates, the one like the event the cause was told on, if only one is: of the
   * same kind on the same channel; else the only one on that channel (a bot that dies on every standby
   * entry dies on a standby message as on a standby postback); else, for a cause told on a POST it dropped,
   * the one POST dropped this time.
   */
  private likeBefore(toldOn: Delivery, candidates: readonly Delivery[]): Delivery | undefined {
    const only = (matches: (c: Delivery) => boolean) => {
      const found = candidates.filter(matches);
      return found.length === 1 ? found[0] : undefined;
    };
    return (
      only((c) => kindOf(c) === kindOf(toldOn)) ??
      only((c) => channelsOf(c) === channelsOf(toldOn)) ??
      (toldOn.status === undefined ? only((c) => c.status === undefined) : undefined)
    );
  }

  private attribute(crash: Crash, event: Delivery, how: Cause['attributed']): void {
    crash.event = event;
    crash.checks = [event.scope ?? this.check];
    const cause = this.causes[crash.cause - 1]!;
    if (cause.attributed === 'ambiguous' || cause.attributed === 'start-up' || cause.times === 1) {
      cause.after = describeEvent(event);
      cause.attributed = how;
      cause.toldOn = event;
    }
  }
}

/** The key and the lines of an exit: its error when stderr shows one, else the exit itself (a cause per exit). */
function describeExit(exit: BotExit, n: number): Exit {
  const signature = crashSignature(exit.stderr);
  if (signature) return { key: signature.key, exit: exit.how, error: signature.error, frames: signature.frames, stderr: signature.block };
  return { key: `exit:${n}`, exit: exit.how, frames: [], stderr: exit.stderr.slice(-10) };
}

const answeredAt = (d: Delivery) => d.at + d.latencyMs;

/** An event by what it is, not by what its check called it: `message@standby`. */
const kindOf = (d: Delivery) => d.kinds.map((kind, i) => `${kind}@${d.channels[i]}`).join(',');
const channelsOf = (d: Delivery) => [...new Set(d.channels)].join(',');

/** `standby message`, `forged signature`: the check's label, or the event kinds and their channels. */
export function describeEvent(d: Delivery): string {
  if (d.label) return d.label;
  return d.kinds.map((kind, i) => (d.channels[i] === 'standby' ? `${kind} on standby` : kind)).join(', ');
}

/**
 * Polls the webhook with Meta's verification handshake (the only GET Meta sends: many bots answer no
 * other) until something answers HTTP (any status, a wrong-token refusal too), the time is up, or
 * `gaveUp` says stop.
 */
async function answersHandshake(url: string, verifyToken: string, ms: number, gaveUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await handshake({ url, verifyToken }, fetch, AbortSignal.timeout(1000));
    if (answer.status !== undefined) return true;
    if (Date.now() >= deadline || gaveUp()) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}
