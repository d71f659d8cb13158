import type { EnvelopeItem } from '../../fake-graph-api/webhooks/envelope.js';
import type { SettleOptions } from './activity.js';
import type { ObservedCall } from './graph-observer.js';
import { scopeKey, type Delivery, type Harness, type Mark, type PostOptions } from './harness.js';

/**
 * The harness as one check sees it while other checks run at the same time: the users it takes are its own,
 * it waits for the bot on its own threads only, and it sees only the deliveries and Graph calls about them
 * (plus what it posted itself). A check that runs alone sees and waits for everything.
 */
export class CheckScope {
  readonly psids: string[] = [];
  private readonly key: string;

  constructor(
    readonly harness: Harness,
    readonly id: string,
    /** Runs with no other check: sees every delivery and call, waits for every thread. */
    readonly alone: boolean,
  ) {
    this.key = scopeKey(id);
  }

  get platform() { return this.harness.platform; }
  get pageId() { return this.harness.pageId; }
  get bot() { return this.harness.bot; }
  get profile() { return this.harness.profile; }
  get protocol() { return this.harness.protocol; }
  get otherApp() { return this.harness.otherApp; }
  get webhookTimeoutMs() { return this.harness.webhookTimeoutMs; }
  get subscribedFields() { return this.harness.subscribedFields; }

  /** A user of the page no check has used yet: this check's thread. */
  user(): string {
    const psid = this.harness.user(this.id);
    this.psids.push(psid);
    return psid;
  }

  owner(psid: string) { return this.harness.owner(psid); }
  userWrites(psid: string, text: string) { return this.harness.userWrites(psid, text); }
  userTaps(psid: string, title: string, payload: string) { return this.harness.userTaps(psid, title, payload); }
  handToOtherApp(psid: string) { this.harness.handToOtherApp(psid); }
  giveToBot(psid: string) { this.harness.giveToBot(psid); }
  ensureBotOwns(psid: string) { this.harness.ensureBotOwns(psid); }
  goesIdle(psid: string) { return this.harness.goesIdle(psid); }
  handshake(verifyToken?: string) { return this.harness.handshake(verifyToken); }

  post(items: readonly EnvelopeItem[], options: Omit<PostOptions, 'scope'> = {}): Promise<Delivery> {
    return this.harness.post(items, { ...options, scope: this.id });
  }

  /**
   * The bot is done reacting on this check's threads (on every thread, for a check that runs alone), or on
   * `psids` only: parts of one check on threads of their own wait for their own thread.
   */
  settle(psids?: readonly string[], options: SettleOptions = {}): Promise<void> {
    if (psids !== undefined) return this.harness.settle(psids, options);
    return this.harness.settle(this.alone ? undefined : [...this.psids, this.key], options);
  }

  /** Settles on this check's threads, and waits on while `done` says the bot's reaction is incomplete (see Activity). */
  settleUntil(done: () => boolean): Promise<void> {
    return this.harness.activity.settleUntil(this.alone ? undefined : [...this.psids, this.key], done);
  }

  /** A new thread of this check that the bot owns, once the bot is done reacting to getting it. */
  async botThread(): Promise<{ psid: string; from: Mark }> {
    const psid = this.user();
    this.ensureBotOwns(psid);
    await this.settle();
    return { psid, from: this.mark() };
  }

  mark(): Mark {
    return this.harness.mark();
  }

  botCallsSince(mark: Mark): ObservedCall[] {
    return this.harness.botCallsSince(mark).filter((c) => this.alone || (c.psid !== null && this.psids.includes(c.psid)));
  }

  deliveriesSince(mark: Mark): Delivery[] {
    return this.harness.deliveriesSince(mark).filter((d) => this.alone || this.sees(d));
  }

  /** Its own POSTs, and the platform's about its threads. */
  private sees(d: Delivery): boolean {
    return d.scope === this.id;
  }
}
