import type { BotExit, BotProcess } from './bot-process.js';
import type { Delivery } from './harness.js';
import type { RootCause } from './types.js';

/**
 * Whether the bot under test is up, and why it went down. A connection refused or reset on a webhook POST
 * means the bot went down on (or just before) that event: that is one root cause, reported once, on the
 * check that sent the event. When conform started the bot itself, the process's exit status and the last
 * lines of its stderr join the cause and the bot is started again before the next POST; otherwise the bot
 * stays down and the checks after it are not run (unless the bot answers again: someone restarted it).
 */
export const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'other side closed']);

export const isConnectionLost = (d: Delivery): boolean => d.status === undefined && d.error !== undefined && CONNECTION_LOST.has(d.error);

export interface BotLifelineOptions {
  webhook: string;
  process?: BotProcess;
  /** How long a (re)started bot has to answer on its webhook (default 10 000 ms). */
  upWithinMs?: number;
  /** Told each restart: the event the bot went down after, how it ended, and whether it is up again. */
  onRestart?: (after: string, exit: BotExit, up: boolean) => void;
}

/** A crash met during one check: the cause (shared with other checks when it is the same) and the event. */
export interface CrashInCheck {
  cause: number;
  after: string;
  first: boolean;
}

export class BotLifeline {
  readonly rootCauses: RootCause[] = [];
  down = false;
  /** When the bot was found down, each time: a check that ran then, beside the one that caused it, was disturbed. */
  readonly wentDownAt: number[] = [];
  private check = '';
  private crashes = new Map<string, CrashInCheck[]>();
  private lastDelivery: Delivery | undefined;
  private restarting: Promise<void> = Promise.resolve();
  private lastExitAt = 0;
  /** The bot answered on its webhook since it was last started: only such a bot is restarted (no crash loop at start-up). */
  private answered = false;
  /** Stops listening to the bot's exits (the next protocol's run has a lifeline of its own). */
  readonly dispose: () => void;

  constructor(private readonly options: BotLifelineOptions) {
    // An exit with no POST in flight (a crash while acting on an event it already answered) counts too.
    this.dispose = options.process?.onExit((exit) => {
      this.lastExitAt = Date.now();
      this.wentDownAt.push(this.lastExitAt);
      const wasUp = this.answered;
      this.answered = false;
      this.down = true;
      if (wasUp) this.restarting = this.restartAfter(exit);
    }) ?? (() => undefined);
  }

  /**
   * The check about to run: a crash with no check of its own (start-up, an exit between POSTs) is filed
   * under the last one begun; a crash after a delivery, under the check that delivery belongs to.
   */
  beginCheck(id: string): void {
    this.check = id;
    this.crashes.set(id, []);
  }

  /** The crashes filed under a check since it began. */
  crashesInCheck(id: string): readonly CrashInCheck[] {
    return this.crashes.get(id) ?? [];
  }

  /** Whether the bot went down between two times (a check's start and end). */
  wentDownBetween(from: number, to: number): boolean {
    return this.wentDownAt.some((t) => t >= from && t <= to);
  }

  /** Waits for the bot's webhook to answer anything, for up to `ms`: true once it does. */
  async waitUntilUp(ms: number): Promise<boolean> {
    const up = await answers(this.options.webhook, ms, () => this.options.process?.exited !== undefined);
    if (up) {
      this.down = false;
      this.answered = true;
    }
    return up;
  }

  /** Before each webhook POST: a bot that exits from now on went down on this event. */
  sending(d: Delivery): void {
    this.lastDelivery = d;
  }

  /** The bot stopped answering at this delivery, with no exit status to tell (no process, or it is still alive): noted once. */
  private wentDown(d: Delivery): void {
    if (!this.down) {
      this.wentDownAt.push(Date.now());
      this.record(describeEvent(d), undefined, d.scope);
    }
    this.down = true;
  }

  /** After each webhook POST (inside the harness's delivery order): notes a bot that went down, waits for a restart. */
  async delivered(d: Delivery): Promise<void> {
    if (!isConnectionLost(d)) return;
    const process = this.options.process;
    if (!process) {
      this.wentDown(d);
      return;
    }
    // The socket closes a moment before the process is reaped: give it that moment.
    const exited = this.lastExitAt >= d.at || (await process.waitForExit(2000)) !== undefined;
    if (!exited) {
      this.wentDown(d);
      return;
    }
    await this.restarting;
  }

  private async restartAfter(exit: BotExit): Promise<void> {
    const after = this.lastDelivery ? describeEvent(this.lastDelivery) : 'start-up';
    this.record(after, exit, this.lastDelivery?.scope);
    this.options.process!.start();
    const up = await this.waitUntilUp(this.options.upWithinMs ?? 10_000);
    this.down = !up;
    this.options.onRestart?.(after, exit, up);
  }

  /** Files the crash under an existing cause when its stack trace (or, without one, its event) is the same. */
  private record(after: string, exit: BotExit | undefined, scope = this.check): number {
    const check = scope;
    const crashes = this.crashes.get(check) ?? [];
    this.crashes.set(check, crashes);
    const stderr = exit?.stderr ?? [];
    const key = (c: { after: string; stderr: readonly string[] }) => (c.stderr.length > 0 ? c.stderr.join('\n') : c.after);
    const known = this.rootCauses.findIndex((c) => key(c) === key({ after, stderr }));
    if (known >= 0) {
      const cause = this.rootCauses[known]!;
      if (cause.check !== check && !cause.againIn.includes(check)) cause.againIn.push(check);
      crashes.push({ cause: known + 1, after, first: false });
      return known + 1;
    }
    this.rootCauses.push({ after, check, ...(exit ? { exit: exit.how } : {}), stderr, againIn: [] });
    crashes.push({ cause: this.rootCauses.length, after, first: true });
    return this.rootCauses.length;
  }
}

/** `standby message`, `forged signature`: the check's label, or the event kinds and their channels. */
export function describeEvent(d: Delivery): string {
  if (d.label) return d.label;
  return d.kinds.map((kind, i) => (d.channels[i] === 'standby' ? `${kind} on standby` : kind)).join(', ');
}

/** Polls the URL until something answers HTTP (any status), the time is up, or `gaveUp` says stop. */
async function answers(url: string, ms: number, gaveUp: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return true;
    } catch {
      if (Date.now() >= deadline || gaveUp()) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
