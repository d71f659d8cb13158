import type { Platform, PlatformTransition } from '../fake-graph-api/platform.js';
import type { GraphResponse } from '../fake-graph-api/graph/graph-request.js';
import { errorOf } from './runtime/transport.js';
import { psidOf, type RecordedEvent } from '../fake-graph-api/webhooks/event-shapes.js';

/**
 * The protocol's invariants, checked while a run goes on, from what the platform produced and what the
 * apps' calls got. The monitor never decides a rule: it compares outcomes against the platform's own
 * answers (who owns the thread, whether handover is active, what each app subscribed to).
 * The test suite runs the same monitor over scenarios and random runs.
 */
export const INVARIANTS = {
  one_owner: 'at most one owner per thread at every moment (exactly one, with a role, while handover is active)',
  inactive_means_no_handover: 'no handover events and no standby while handover is inactive',
  delivered_once: 'every user message reaches the owner on messaging exactly once and every other app subscribed to standby on standby exactly once',
  only_owner_sends: "only the owner's sends succeed while handover is active; every refusal is (#10) 2018300",
  request_keeps_owner: 'a request never changes the owner',
} as const;

export type InvariantName = keyof typeof INVARIANTS;

export interface Violation {
  invariant: InvariantName;
  message: string;
}

// Meta's wording, written here apart from the error catalogue, so that a wrong catalogue entry fails the monitor.
const SEND_REFUSED = '(#10) Message failed to send because another app is controlling this thread now.';
const HANDOVER_KEYS = ['pass_thread_control', 'take_thread_control', 'request_thread_control'];

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

export class InvariantMonitor {
  readonly violations: Violation[] = [];
  checks = 0;
  private pending = new Map<string, PendingMessage>();
  private detach: (() => void)[] = [];

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

  private onTransition(t: PlatformTransition): void {
    if (t.machine !== 'threadControl') return;
    this.checks++;
    const { pageId } = t;
    const owner = (t.context as { owner: string | null }).owner;
    const active = this.platform.handoverActive(pageId);
    if (!active && owner !== null) this.fail('one_owner', `thread ${t.id} has owner ${owner} while handover is inactive`);
    if (active && (owner === null || this.platform.roleOf(pageId, owner) === null)) {
      this.fail('one_owner', `thread ${t.id} has owner ${owner ?? 'none'} without a role while handover is active`);
    }
  }

  private onEvent(recorded: RecordedEvent): void {
    const { event, pageId, appId, channel } = recorded;
    this.checks++;
    const active = this.platform.handoverActive(pageId);
    if (!active && (channel === 'standby' || HANDOVER_KEYS.some((k) => k in event))) {
      this.fail('inactive_means_no_handover', `${appId} got ${HANDOVER_KEYS.find((k) => k in event) ?? 'an event'} on ${channel} while handover is inactive`);
    }
    const message = event['message'] as { is_echo?: boolean; mid?: string } | undefined;
    const postback = event['postback'] as { mid?: string } | undefined;
    const mid = postback?.mid ?? (message && !message.is_echo ? message.mid : undefined);
    if (mid === undefined) return;
    const key = `${pageId}/${mid}`;
    let pending = this.pending.get(key);
    if (!pending) {
      const psid = psidOf(event, pageId) ?? '';
      pending = {
        pageId,
        psid,
        field: postback ? 'messaging_postbacks' : 'messages',
        owner: this.platform.ownerOf(pageId, psid) ?? null,
        active,
        received: new Map(),
      };
      this.pending.set(key, pending);
    }
    const channels = pending.received.get(appId) ?? [];
    channels.push(channel);
    pending.received.set(appId, channels);
  }

  /** Checks every user message seen since the last call: each app got it on the right channel, once. */
  settle(): void {
    for (const [key, m] of this.pending) {
      const view = this.platform.pageView(m.pageId);
      for (const appId of view?.apps ?? []) {
        this.checks++;
        const fields = this.platform.subscribedFields(m.pageId, appId);
        const expected = !m.active || appId === m.owner ? (fields.has(m.field) ? 'messaging' : null) : fields.has('standby') ? 'standby' : null;
        const got = m.received.get(appId);
        const once = expected === null ? got === undefined : got !== undefined && got.length === 1 && got[0] === expected;
        if (!once) {
          this.fail('delivered_once', `user message ${key} reached ${appId} as [${(got ?? []).join(', ')}], expected [${expected ?? ''}] (owner ${m.owner ?? 'none'})`);
        }
      }
      const onMessaging = [...m.received.values()].filter((c) => c.includes('messaging')).length;
      if (m.active && onMessaging > 1) this.fail('one_owner', `user message ${key} reached ${onMessaging} apps on messaging while handover is active`);
    }
    this.pending.clear();
  }

  /** Wraps one Send API or handover call: what the platform said before, against what the call got. */
  beforeCall(caller: { appId: string; pageId: string }, psid: string, call: string): CallCheck {
    const ownerNow = () => this.platform.ownerOf(caller.pageId, psid) ?? null;
    const before = ownerNow();
    const active = this.platform.handoverActive(caller.pageId);
    return {
      finish: (response) => {
        this.checks++;
        const error = errorOf(response);
        if (call === 'send') {
          if (response.status === 200 && active && caller.appId !== before) {
            this.fail('only_owner_sends', `${caller.appId} sent to ${psid} while ${before ?? 'nobody'} owned the thread`);
          }
          if (error?.subcode === 2018300 && (!active || caller.appId === before || error.code !== 10 || error.message !== SEND_REFUSED)) {
            this.fail('only_owner_sends', `${caller.appId}'s send to ${psid} was refused with 2018300 though ${active ? `it owned the thread` : 'handover is inactive'}`);
          }
        }
        if (call === 'request_thread_control' && ownerNow() !== before) {
          this.fail('request_keeps_owner', `${caller.appId}'s request changed the owner of ${psid} from ${before} to ${ownerNow()}`);
        }
      },
    };
  }
}
