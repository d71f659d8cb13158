import type { Platform, PlatformTransition } from '../fake-graph-api/platform.js';
import type { GraphResponse } from '../fake-graph-api/graph/graph-request.js';
import { errorOf } from './runtime/transport.js';
import { psidOf, type RecordedEvent } from '../fake-graph-api/webhooks/event-shapes.js';
import { HUMAN_AGENT_WINDOW_MS, MESSAGING_WINDOW_MS, ORACLE_RULES, pageFacts, type OracleRules, type PageFacts } from './oracle-rules.js';

/**
 * The protocol's invariants, checked while a run goes on, from what the platform produced and what the
 * apps' calls got. The monitor never decides a rule: it compares outcomes against the platform's own
 * answers (who owns the thread, whether handover is active, what each app subscribed to).
 * The test suite runs the same monitor over scenarios and random runs.
 * Each page is judged by its generation's rules (oracle-rules.ts, written apart from machines/platform):
 * under HOP v2 and Conversation Routing a thread may be idle, control lapses 24 hours after the user's
 * last message (the monitor keeps that clock itself), and idle threads have their own listeners and senders.
 */
export const INVARIANTS = {
  one_owner: 'at most one owner per thread at every moment (HOP v1: exactly one, with a role, while handover is active; v2/CR: one connected app, or idle)',
  inactive_means_no_handover: 'no handover events and no standby while handover is inactive (HOP v1)',
  delivered_once: 'every user message reaches the owner on messaging exactly once and every other app subscribed to standby on standby exactly once (idle: the idle listener, or every app)',
  only_owner_sends: "only the owner's sends succeed (idle: the generation's idle sender); every refusal for control is (#10) 2018300",
  request_keeps_owner: 'a request never changes the owner of an owned thread; on an idle CR zero-config thread it hands it to the requester alone',
  silent_lapse: 'releasing, extending and expiring send no webhook: handover webhooks come only from pass, take, request and inline-pass sends',
  control_lapses: 'no control lasts past its expiration: 24 h after the user\'s last message (or at an extension\'s end) the thread is idle (v2/CR)',
  messaging_window: 'a send succeeds only within 24 h of the user\'s last message (HUMAN_AGENT: 7 days); refusals for the window are (#10) 2018278',
} as const;

export type InvariantName = keyof typeof INVARIANTS;

export interface Violation {
  invariant: InvariantName;
  message: string;
}

// Meta's wording, written here apart from the error catalogue, so that a wrong catalogue entry fails the monitor.
const SEND_REFUSED = '(#10) Message failed to send because another app is controlling this thread now.';
const OUTSIDE_WINDOW = 2018278;
/** Calls that may make the platform send a handover webhook. */
const HANDOVER_CALLS = new Set(['pass_thread_control', 'take_thread_control', 'request_thread_control', 'send', 'inbox_take', 'inbox_done']);
const HANDOVER_KEYS = ['pass_thread_control', 'take_thread_control', 'request_thread_control'];

/** Which handover webhook an event is, if any (a loop, not `find`: every event of a run is asked). */
function handoverKeyOf(event: object): string | undefined {
  for (const key of HANDOVER_KEYS) if (key in event) return key;
  return undefined;
}

interface PendingMessage {
  pageId: string;
  psid: string;
  field: 'messages' | 'messaging_postbacks';
  owner: string | null;
  active: boolean;
  received: Map<string, string[]>; // appId -> channels
}

export interface CallCheck {
  finish(response: GraphResponse): void;
}

/** What the monitor needs of a call beyond its name. */
export interface CallDetails {
  tag?: string;
  /** The send carries an inline `thread_control` (CR). */
  inlineControl?: boolean;
  durationSeconds?: number;
  /** A Page Inbox reply that takes control first (CR, protocol.md §4.2): it may send once the take succeeded. */
  takesControl?: boolean;
}

/** The monitor's own clock of a thread: when the user last wrote, and until when an extension holds control. */
interface ThreadClock {
  lastUserMessageAt: number | null;
  extendedUntil: number | null;
  /** The end of a routed ad's control window (CR, §4.3). */
  adUntil: number | null;
  /** The owner before the thread's last transition, and after it (the platform's word). */
  previousOwner: string | null;
  owner: string | null;
}

export class InvariantMonitor {
  readonly violations: Violation[] = [];
  checks = 0;
  private pending = new Map<string, PendingMessage>();
  private detach: (() => void)[] = [];
  private facts = new Map<string, PageFacts | undefined>();
  /** By page, then PSID: no `page/psid` key string made per thread (a crowd has a million). */
  private clocks = new Map<string, Map<string, ThreadClock>>();
  /** The call under way (handover webhooks outside one break silent_lapse). */
  private callInFlight: string | null = null;

  constructor(private readonly platform: Platform) {}

  attach(): this {
    this.detach.push(this.platform.onEvent((event) => this.onEvent(event)));
    this.detach.push(this.platform.onTransition((t) => this.onTransition(t)));
    return this;
  }

  stop(): void {
    for (const off of this.detach) off();
    this.detach = [];
  }

  get ok(): boolean {
    return this.violations.length === 0;
  }

  private fail(invariant: InvariantName, message: string): void {
    this.violations.push({ invariant, message });
  }

  private factsOf(pageId: string): PageFacts | undefined {
    if (!this.facts.has(pageId)) this.facts.set(pageId, pageFacts(this.platform.world, pageId));
    return this.facts.get(pageId);
  }

  private rulesOf(pageId: string): OracleRules {
    return ORACLE_RULES[this.factsOf(pageId)?.generation ?? 'hop-v1'];
  }

  private clockOf(pageId: string, psid: string): ThreadClock {
    let page = this.clocks.get(pageId);
    if (!page) this.clocks.set(pageId, (page = new Map()));
    let clock = page.get(psid);
    if (!clock) page.set(psid, (clock = { lastUserMessageAt: null, extendedUntil: null, adUntil: null, previousOwner: null, owner: null }));
    return clock;
  }

  /** The owner as the rules see it now: the platform's stored owner, unless its control has lapsed (v2/CR). */
  private effectiveOwner(pageId: string, psid: string): string | null {
    const owner = this.platform.ownerOf(pageId, psid) ?? null;
    const lapse = this.rulesOf(pageId).controlLapsesAfterMs;
    if (owner === null || lapse === null) return owner;
    const clock = this.clockOf(pageId, psid);
    if (clock.lastUserMessageAt === null) return owner;
    const until = lapsesAt(clock, lapse);
    return this.platform.clock.now() >= until ? null : owner;
  }

  private onTransition(t: PlatformTransition): void {
    if (t.machine !== 'threadControl') return;
    this.checks++;
    const { pageId } = t;
    const owner = (t.context as { owner: string | null }).owner;
    if (this.rulesOf(pageId).idleThreads) {
      if (t.psid !== null) {
        const clock = this.clockOf(pageId, t.psid);
        clock.previousOwner = clock.owner;
        clock.owner = owner;
      }
      const apps = this.factsOf(pageId)?.apps ?? [];
      if (owner !== null && !apps.includes(owner)) this.fail('one_owner', `thread ${t.id} has owner ${owner}, not an app of the page`);
      return;
    }
    const active = this.platform.handoverActive(pageId);
    if (!active && owner !== null) this.fail('one_owner', `thread ${t.id} has owner ${owner} while handover is inactive`);
    if (active && (owner === null || this.platform.roleOf(pageId, owner) === null)) {
      this.fail('one_owner', `thread ${t.id} has owner ${owner ?? 'none'} without a role while handover is active`);
    }
  }

  private onEvent(recorded: RecordedEvent): void {
    const { event, pageId, appId, channel } = recorded;
    this.checks++;
    const rules = this.rulesOf(pageId);
    const handover = handoverKeyOf(event);
    if (handover !== undefined && (this.callInFlight === null || !HANDOVER_CALLS.has(this.callInFlight))) {
      this.fail('silent_lapse', `${appId} got ${handover} ${this.callInFlight === null ? 'with no call under way' : `during ${this.callInFlight}`}`);
    }
    const active = rules.idleThreads || this.platform.handoverActive(pageId);
    if (!active && (channel === 'standby' || handover !== undefined)) {
      this.fail('inactive_means_no_handover', `${appId} got ${handover ?? 'an event'} on ${channel} while handover is inactive`);
    }
    const message = event['message'] as { is_echo?: boolean; mid?: string } | undefined;
    const postback = event['postback'] as { mid?: string } | undefined;
    const mid = postback?.mid ?? (message && !message.is_echo ? message.mid : undefined);
    if (mid === undefined) return;
    const key = `${pageId}/${mid}`;
    let pending = this.pending.get(key);
    if (!pending) {
      const psid = psidOf(event, pageId) ?? '';
      const clock = this.clockOf(pageId, psid);
      const lapse = rules.controlLapsesAfterMs;
      const stale = clock.previousOwner;
      const owner = this.platform.ownerOf(pageId, psid) ?? null;
      if (lapse !== null && stale !== null && owner === stale && clock.lastUserMessageAt !== null) {
        const until = lapsesAt(clock, lapse);
        const facts = this.factsOf(pageId);
        // Lapsed, yet the same app still owns the thread: unless idle routing gave it straight back (the default app).
        if (event.timestamp >= until && (!facts || rules.idleListener(facts) !== stale)) {
          this.fail('control_lapses', `${stale} still owns ${psid} ${event.timestamp - until} ms after its control lapsed`);
        }
      }
      clock.lastUserMessageAt = event.timestamp;
      pending = {
        pageId,
        psid,
        field: postback ? 'messaging_postbacks' : 'messages',
        owner,
        active,
        received: new Map(),
      };
      this.pending.set(key, pending);
    }
    const channels = pending.received.get(appId) ?? [];
    channels.push(channel);
    pending.received.set(appId, channels);
  }

  /** The user is about to write, from an entry point: a routed ad opens its own control window (CR, §4.3). */
  userArrives(pageId: string, psid: string, referral: { ad_id: string } | { ref: string } | undefined): void {
    if (referral === undefined || !('ad_id' in referral)) return;
    const days = this.factsOf(pageId)?.adControlDays.get(referral.ad_id);
    if (days !== undefined) this.clockOf(pageId, psid).adUntil = this.platform.clock.now() + days * 86_400_000;
  }

  /** Checks every user message seen since the last call: each app got it on the right channel, once. */
  settle(): void {
    for (const [key, m] of this.pending) {
      const view = this.platform.pageView(m.pageId);
      const rules = this.rulesOf(m.pageId);
      const facts = this.factsOf(m.pageId);
      // Who hears it on messaging: the owner; on an idle v2/CR thread the idle listener, or every app.
      const listener = !rules.idleThreads || m.owner !== null || !facts ? m.owner : rules.idleListener(facts);
      const everyone = !m.active || (rules.idleThreads && listener === null);
      for (const appId of view?.apps ?? []) {
        this.checks++;
        const fields = this.platform.subscribedFields(m.pageId, appId);
        const expected = everyone || appId === listener ? (fields.has(m.field) ? 'messaging' : null) : fields.has('standby') ? 'standby' : null;
        const got = m.received.get(appId);
        const once = expected === null ? got === undefined : got !== undefined && got.length === 1 && got[0] === expected;
        if (!once) {
          this.fail('delivered_once', `user message ${key} reached ${appId} as [${(got ?? []).join(', ')}], expected [${expected ?? ''}] (owner ${m.owner ?? 'none'})`);
        }
      }
      const onMessaging = [...m.received.values()].filter((c) => c.includes('messaging')).length;
      if (m.active && !everyone && onMessaging > 1) this.fail('one_owner', `user message ${key} reached ${onMessaging} apps on messaging while handover is active`);
    }
    this.pending.clear();
  }

  /** Wraps one Send API or handover call: what the platform said before, against what the call got. */
  beforeCall(caller: { appId: string; pageId: string }, psid: string, call: string, details: CallDetails = {}): CallCheck {
    const { pageId, appId } = caller;
    const rules = this.rulesOf(pageId);
    const before = rules.idleThreads ? this.effectiveOwner(pageId, psid) : (this.platform.ownerOf(pageId, psid) ?? null);
    const active = rules.idleThreads || this.platform.handoverActive(pageId);
    const facts = this.factsOf(pageId);
    const idleSender = before === null && rules.idleThreads && facts ? rules.idleSender(facts) : undefined;
    // May this app send now? v1: the owner while handover is active; v2/CR: the owner, or the idle sender (null: any app).
    const maySend = details.takesControl === true || !active || caller.appId === before || (before === null && idleSender !== undefined && (idleSender === null || idleSender === appId));
    const lastUser = this.clockOf(pageId, psid).lastUserMessageAt;
    const window = details.tag === 'HUMAN_AGENT' ? HUMAN_AGENT_WINDOW_MS : MESSAGING_WINDOW_MS;
    const inWindow = lastUser === null || this.platform.clock.now() < lastUser + window;
    this.callInFlight = call === 'send' && !details.inlineControl && !details.takesControl ? 'send (no thread_control)' : call;
    // An object, not a closure: a crowd makes millions of calls (docs/scale.md).
    return new PendingCall(this, { pageId, appId, psid, call, details, rules, facts, before, active, maySend, lastUser, inWindow });
  }

  /** The second half of `beforeCall`: what the call got, against what the platform said before it. */
  finishCall(c: CallState, response: GraphResponse): void {
    const { pageId, appId, psid, call, details, rules, facts, before, active, maySend, lastUser, inWindow } = c;
    this.callInFlight = null;
    this.checks++;
    const error = errorOf(response);
    if (call === 'send') {
      if (response.status === 200 && !maySend) {
        this.fail('only_owner_sends', `${appId} sent to ${psid} while ${before ?? (rules.idleThreads ? 'nobody (idle)' : 'nobody')} owned the thread`);
      }
      if (error?.subcode === 2018300 && (maySend || error.code !== 10 || error.message !== SEND_REFUSED)) {
        this.fail('only_owner_sends', `${appId}'s send to ${psid} was refused with 2018300 though ${active ? (before === appId ? 'it owned the thread' : 'it may send into the idle thread') : 'handover is inactive'}`);
      }
      if (response.status === 200 && !inWindow) this.fail('messaging_window', `${appId}'s send to ${psid} went out ${this.platform.clock.now() - (lastUser ?? 0)} ms after the user's last message`);
      if (error?.subcode === OUTSIDE_WINDOW && (inWindow || error.code !== 10)) this.fail('messaging_window', `${appId}'s send to ${psid} was refused for the window inside it`);
    }
    if (call === 'extend_thread_control' && response.status === 200 && details.durationSeconds !== undefined) {
      this.clockOf(pageId, psid).extendedUntil = this.platform.clock.now() + details.durationSeconds * 1000;
    }
    if (call === 'request_thread_control') {
      const after = this.platform.ownerOf(pageId, psid) ?? null;
      const handsOver = before === null && facts !== undefined && rules.requestOnIdleHandsOver(facts);
      if (handsOver ? response.status === 200 && after !== appId : after !== before) {
        this.fail('request_keeps_owner', `${appId}'s request changed the owner of ${psid} from ${before} to ${after}`);
      }
    }
  }
}

/** What `beforeCall` learned of a call, for `finishCall`. */
interface CallState {
  pageId: string;
  appId: string;
  psid: string;
  call: string;
  details: CallDetails;
  rules: OracleRules;
  facts: PageFacts | undefined;
  /** The owner before the call (null: idle, or nobody while handover is inactive). */
  before: string | null;
  active: boolean;
  maySend: boolean;
  lastUser: number | null;
  inWindow: boolean;
}

class PendingCall implements CallCheck {
  constructor(private readonly monitor: InvariantMonitor, private readonly state: CallState) {}
  finish(response: GraphResponse): void {
    this.monitor.finishCall(this.state, response);
  }
}

/** When a thread's control lapses by the monitor's own clock: a day after the user's last message, or later if extended or held by an ad. */
function lapsesAt(clock: ThreadClock, lapse: number): number {
  return Math.max((clock.lastUserMessageAt ?? 0) + lapse, clock.extendedUntil ?? 0, clock.adUntil ?? 0);
}
