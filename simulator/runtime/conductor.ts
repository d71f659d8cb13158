import { PriorityQueue } from '@datastructures-js/priority-queue';
import type { AnyStateMachine, SimulatedClock } from 'xstate';
import type { AppEffect, GraphCall, TimerFired, WebhookEvent } from '../../machines/apps/app-events.js';
import type { InboxAction } from '../../machines/apps/page-inbox.machine.js';
import { parseWebhookItem } from '../../machines/apps/webhook-parser.js';
import { userMachine, type Referral, type UserEffect, type UserEvent } from '../../machines/apps/user.machine.js';
import { PAGE_INBOX_APP_ID } from '../../machines/platform/ids.js';
import { PAGE_INBOX_ACTIONS } from '../../machines/platform/page-inbox.js';
import type { RecordedEvent } from '../../fake-graph-api/webhooks/event-shapes.js';
import type { CallCheck, CallDetails, InvariantMonitor } from '../invariants.js';
import { GRAPH_ERRORS } from '../../fake-graph-api/graph-errors.js';
import type { GraphResponse } from '../../fake-graph-api/graph/graph-request.js';
import { andThen, isPromise, type MaybePromise } from './maybe-async.js';
import { AppHost, type AppStep } from './app-host.js';
import { describeCall, toGraphRequest } from './graph-calls.js';
import type { Trace, TraceEntry } from './trace.js';
import { errorOf, type AdminOp, type Transport } from './transport.js';

/**
 * The world's clockwork: runs the simulated apps and users against the fake, one thing at a time, in an
 * order that depends only on the scenario and seed. Every recorded webhook event is handed to its app
 * (through the transport), and the app's reaction, calls and their answers included, runs to its end
 * before the next event. Time is virtual: timers fire in deadline order as the clock is stepped to each.
 */
export interface SimulatedAppSpec {
  pageId: string;
  appId: string;
  name: string;
  accessToken: string | null;
  machine: AnyStateMachine;
  input: unknown;
}

interface Timer {
  due: number;
  seq: number;
  host: AppHost;
  psid: string;
  event: TimerFired;
}

export interface RunCounters {
  userMessages: number;
  webhookEvents: number;
  apiCalls: number;
  handovers: number;
  requests: number;
  refusedSends: Map<string, number>;
  refusedCalls: number;
  /** Every refusal by app, call and subcode (`APP CALL SUBCODE`). */
  refusals: Map<string, number>;
}

/** What the benchmarks and `simulate` count as simulated protocol events: webhook events, Graph API calls, user messages. */
export function protocolEvents(counters: RunCounters): number {
  return counters.webhookEvents + counters.apiCalls + counters.userMessages;
}

export class Conductor {
  readonly users: AppHost;
  readonly counters: RunCounters = {
    userMessages: 0,
    webhookEvents: 0,
    apiCalls: 0,
    handovers: 0,
    requests: 0,
    refusedSends: new Map(),
    refusedCalls: 0,
    refusals: new Map(),
  };
  /** Each page's simulated apps by app id: the recorded events' own ids, without building a key per event. */
  private readonly byPage = new Map<string, Map<string, AppHost>>();
  private queue: { event: RecordedEvent; host: AppHost }[] = [];
  private head = 0;
  private timers = new PriorityQueue<Timer>((a, b) => a.due - b.due || a.seq - b.seq);
  private timerSeq = 0;
  private readonly start: number;
  private off: (() => void)[] = [];

  constructor(
    private readonly transport: Transport,
    private readonly clock: SimulatedClock,
    apps: SimulatedAppSpec[],
    private readonly trace: Trace,
    private readonly monitor: InvariantMonitor,
    options: {
      /** Told of every step of every app and user machine (the Stately inspector listens here). */
      observe?: (step: AppStep) => void;
      /** Answer the app machines' repeated steps from their transition tables (default); off only to measure or to rule the tables out. */
      stepMemo?: boolean;
    } = {},
  ) {
    const { observe, stepMemo = true } = options;
    this.start = clock.now();
    const platform = transport.platform;
    for (const spec of apps) {
      const host: AppHost = new AppHost({
        pageId: spec.pageId,
        name: spec.name,
        machine: spec.machine,
        input: spec.input,
        perform: (effect, ctx) => this.perform(spec, effect as AppEffect | InboxAction, ctx.host, ctx.psid),
        stepMemo,
        ...(observe && { observe }),
      });
      if (!this.byPage.has(spec.pageId)) this.byPage.set(spec.pageId, new Map());
      this.byPage.get(spec.pageId)!.set(spec.appId, host);
    }
    this.users = new AppHost({
      pageId: '',
      name: 'user',
      machine: userMachine,
      input: undefined,
      perform: (effect, ctx) => this.userDoes(effect as UserEffect, ctx.psid),
      stepMemo,
      ...(observe && { observe }),
    });
    this.off.push(
      platform.onEvent((event) => {
        this.counters.webhookEvents++;
        const host = this.host(event.pageId, event.appId);
        if (host) this.queue.push({ event, host });
      }),
      platform.onMessageToUser((m) => {
        this.users.step(`${m.pageId}/${m.psid}`, { type: 'page_message', text: m.message.text ?? '' }); // emits nothing: never async
      }),
    );
  }

  stop(): void {
    for (const off of this.off) off();
  }

  get platform() {
    return this.transport.platform;
  }

  get now(): number {
    return this.clock.now() - this.start;
  }

  host(pageId: string, appId: string): AppHost | undefined {
    return this.byPage.get(pageId)?.get(appId);
  }

  private nameOf = (pageId: string) => (appId: string) => this.transport.platform.appName(pageId, appId);

  private ownerName(pageId: string, psid: string): string | undefined {
    if (!this.trace.enabled) return undefined;
    const owner = this.transport.platform.ownerOf(pageId, psid);
    if (owner === undefined) return undefined;
    return owner === null ? 'none' : this.nameOf(pageId)(owner);
  }

  /** Adds a trace entry; the entry is built only when the trace is on (big runs keep it off). */
  private note(make: () => Omit<TraceEntry, 't' | 'owner'>, pageId?: string): void {
    if (!this.trace.enabled) return;
    const entry = make();
    const owner = pageId !== undefined && entry.psid !== undefined ? this.ownerName(pageId, entry.psid) : undefined;
    this.trace.add({ t: this.now, ...entry, ...(owner === undefined ? {} : { owner }) });
  }

  // ---- stimuli ---------------------------------------------------------------------------------

  /** The user writes or taps; the platform routes it; every app reacts. */
  async userActs(pageId: string, psid: string, act: Exclude<UserEvent, { type: 'page_message' }>): Promise<void> {
    const done = this.users.step(`${pageId}/${psid}`, act);
    if (isPromise(done)) await done;
    await this.settle();
  }

  /** What the user machine emits, carried out on the platform's side: the message reaches the page. */
  private userDoes(effect: UserEffect, key: string): MaybePromise<void> {
    const [pageId, psid] = key.split('/') as [string, string];
    this.counters.userMessages++;
    if (effect.type === 'user_writes') this.monitor.userArrives(pageId, psid, effect.referral);
    const input = effect.type === 'user_writes'
      ? { text: effect.text, ...(effect.referral && { referral: effect.referral }) }
      : effect.type === 'user_taps_quick_reply'
        ? { text: effect.title, quick_reply: { payload: effect.payload } }
        : { postback: { title: effect.title, payload: effect.payload } };
    return andThen(this.transport.admin({ op: 'user_writes', pageId, psid, input }), (response) => {
      const action = effect.type === 'user_writes'
        ? `writes "${effect.text}"${referralText(effect.referral)}`
        : effect.type === 'user_taps_quick_reply' ? `taps quick reply "${effect.title}"` : `taps "${effect.title}"`;
      this.trace.enabled && this.note(() => ({ kind: 'stimulus', actor: this.userName(pageId, psid), psid, action, result: resultOf(response) }), pageId);
    });
  }

  /** Something a human or a flow does inside an app (agent replies, hand back, broadcast, Open Conversation). */
  async appActs(pageId: string, appId: string, psid: string, event: { type: string } & Record<string, unknown>): Promise<void> {
    const host = this.host(pageId, appId);
    if (!host) throw new Error(`app ${appId} of page ${pageId} is not simulated`);
    const done = host.step(psid, event);
    if (isPromise(done)) await done;
    await this.settle();
  }

  async admin(op: AdminOp & { op: 'set_roles' }): Promise<void> {
    const answer = this.transport.admin(op);
    const response = isPromise(answer) ? await answer : answer;
    const names = this.nameOf(op.pageId);
    this.trace.enabled && this.note(() => ({
      kind: 'roles',
      actor: 'Page admin',
      action: `sets roles: primary ${op.primary === null ? 'none' : names(op.primary)}, secondary [${op.secondary.map(names).join(', ')}]`,
      result: resultOf(response),
    }));
    await this.settle();
  }

  /** Moves virtual time forward, firing the apps' timers in deadline order on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    while (!this.timers.isEmpty() && this.timers.front()!.due <= target) {
      const timer = this.timers.dequeue()!;
      if (timer.due > this.clock.now()) this.clock.set(timer.due);
      this.trace.enabled && this.note(() => ({ kind: 'timer', actor: timer.host.name, psid: timer.psid, action: `timer ${timer.event.name} fired` }), timer.host.pageId);
      const done = timer.host.step(timer.psid, timer.event);
      if (isPromise(done)) await done;
      await this.settle();
    }
    if (target > this.clock.now()) this.clock.set(target);
  }

  /** Hands every recorded event to its app, in order, until nothing is left to do. */
  async settle(): Promise<void> {
    while (this.head < this.queue.length) {
      const { event, host } = this.queue[this.head++]!;
      const arrival = this.transport.arrival(event);
      const { channel, event: item } = isPromise(arrival) ? await arrival : arrival;
      const parsed = parseWebhookItem(channel, item);
      if (parsed === null || parsed.psid === null) continue;
      const psid = parsed.psid;
      this.trace.enabled && this.note(() => ({ kind: 'webhook', actor: host.name, psid, channel, action: `← ${describeWebhook(parsed.event, this.nameOf(event.pageId))}` }), event.pageId);
      const done = host.step(psid, parsed.event);
      if (isPromise(done)) await done;
    }
    this.queue = [];
    this.head = 0;
    this.monitor.settle();
  }

  // ---- effects ---------------------------------------------------------------------------------

  private perform(spec: SimulatedAppSpec, effect: AppEffect | InboxAction, host: AppHost, psid: string): MaybePromise<void> {
    switch (effect.type) {
      case 'call':
        return this.call(spec, effect, host, psid);
      case 'inbox':
        return this.inboxAction(spec, effect, host, psid);
      case 'schedule':
        this.timers.enqueue({ due: this.clock.now() + effect.delayMs, seq: this.timerSeq++, host, psid, event: { type: 'timer', name: effect.name, episode: effect.episode } });
        return;
      case 'note':
        this.trace.enabled && this.note(() => ({ kind: 'note', actor: host.name, psid, action: effect.text, state: host.state(psid) ?? undefined }), host.pageId);
        return;
    }
  }

  private call(spec: SimulatedAppSpec, call: GraphCall, host: AppHost, psid: string): MaybePromise<void> {
    if (spec.accessToken === null) throw new Error(`${spec.name} has no access token: it cannot call the Graph API`);
    this.counters.apiCalls++;
    const details: CallDetails = {};
    if (call.call === 'send') {
      if (call.tag) details.tag = call.tag;
      if (call.threadControl) details.inlineControl = true;
    } else if (call.call === 'extend_thread_control') details.durationSeconds = call.durationSeconds;
    const check = this.monitor.beforeCall(spec, psid, call.call, details);
    return andThen(this.transport.graph(toGraphRequest(call, psid, spec.accessToken)), (response) => this.answered(spec, call, host, psid, response, check));
  }

  private answered(spec: SimulatedAppSpec, call: GraphCall, host: AppHost, psid: string, response: GraphResponse, check: CallCheck): MaybePromise<void> {
    check.finish(response);
    const error = errorOf(response);
    if (error) {
      this.counters.refusedCalls++;
      const key = refusalKey(spec.appId, call.call, error.subcode);
      this.counters.refusals.set(key, (this.counters.refusals.get(key) ?? 0) + 1);
      if (call.call === 'send' && error.subcode === GRAPH_ERRORS.send_not_owner.subcode) {
        this.counters.refusedSends.set(spec.appId, (this.counters.refusedSends.get(spec.appId) ?? 0) + 1);
      }
    } else {
      this.countSuccess(call.call);
    }
    this.trace.enabled && this.note(() => ({ kind: 'call', actor: host.name, psid, action: `→ ${describeCall(call, this.nameOf(spec.pageId))}`, result: resultOf(response) }), spec.pageId);
    return host.step(psid, { type: 'api_result', call: call.call, ok: error === null, code: error?.code ?? null, subcode: error?.subcode ?? null });
  }

  private countSuccess(call: string): void {
    if (call === 'pass_thread_control' || call === 'take_thread_control' || call === 'inbox_take') this.counters.handovers++;
    else if (call === 'request_thread_control') this.counters.requests++;
  }

  private inboxAction(spec: SimulatedAppSpec, effect: InboxAction, host: AppHost, psid: string): MaybePromise<void> {
    const op: AdminOp =
      effect.action === 'done'
        ? { op: 'inbox_done', pageId: spec.pageId, psid }
        : effect.action === 'move_to_inbox'
          ? { op: 'inbox_move_to_inbox', pageId: spec.pageId, psid }
          : { op: 'inbox_reply', pageId: spec.pageId, psid, text: effect.text ?? '' };
    // What the human's button is on the protocol's side, as the page's generation says (protocol.md §4.2).
    const rules = this.transport.platform.profileOf(spec.pageId)?.pageInbox;
    const call = effect.action === 'reply' ? 'send' : effect.action === 'done' ? (rules?.done ?? PAGE_INBOX_ACTIONS.done) : (rules?.moveToInbox ?? PAGE_INBOX_ACTIONS.move_to_inbox);
    const details = effect.action === 'reply' && rules?.replyTakesControl ? { takesControl: true } : {};
    const check = this.monitor.beforeCall({ appId: PAGE_INBOX_APP_ID, pageId: spec.pageId }, psid, call, details);
    return andThen(this.transport.admin(op), (response) => {
      check.finish(response);
      const ok = errorOf(response) === null;
      if (ok) this.countSuccess(call);
      const what = effect.action === 'done' ? 'marks the thread Done' : effect.action === 'move_to_inbox' ? 'moves the thread to the Inbox' : `replies "${effect.text ?? ''}"`;
      this.trace.enabled && this.note(() => ({ kind: 'inbox', actor: `${host.name} (human)`, psid, action: what, result: resultOf(response) }), spec.pageId);
      return host.step(psid, { type: 'inbox_result', action: effect.action, ok });
    });
  }

  private userName(pageId: string, psid: string): string {
    return this.transport.platform.userName(pageId, psid) ?? `user ${psid}`;
  }

  /** How many messages the user wrote that nobody answered. */
  unanswered(pageId: string, psid: string): number {
    const snapshot = this.users.snapshot(`${pageId}/${psid}`);
    return (snapshot?.context as { unanswered?: number } | undefined)?.unanswered ?? 0;
  }

  appState(pageId: string, appId: string, psid: string): string | null {
    return this.host(pageId, appId)?.state(psid) ?? null;
  }
}

/** The key of `counters.refusals`. */
export function refusalKey(appId: string, call: string, subcode: number | null): string {
  return `${appId} ${call} ${subcode ?? '-'}`;
}

function referralText(referral: Referral | undefined): string {
  if (referral === undefined) return '';
  return 'ref' in referral ? ` (from the m.me link ref=${referral.ref})` : ` (from ad ${referral.ad_id})`;
}

function resultOf(response: { status: number; body: unknown }): string {
  const error = errorOf(response);
  return error === null ? 'ok' : `(#${error.code})${error.subcode === null ? '' : ` ${error.subcode}`}`;
}

function describeWebhook(event: WebhookEvent, name: (id: string) => string): string {
  switch (event.type) {
    case 'message':
      return `message "${event.text}"`;
    case 'postback':
      return `postback "${event.title}"${event.payload === null ? ' (no payload)' : ''}`;
    case 'echo':
      return `echo of ${name(event.appId)}${event.text === null ? '' : ` "${event.text}"`}`;
    case 'pass_thread_control':
      return `pass_thread_control from ${event.from === null ? 'idle' : name(event.from)}${event.metadata === null ? '' : ` (${event.metadata})`}`;
    case 'take_thread_control':
      return `take_thread_control by ${event.to === null ? 'the primary' : name(event.to)}`;
    case 'request_thread_control':
      return `request_thread_control from ${name(event.requester)}`;
    case 'app_roles':
      return 'app_roles';
  }
}

