import { SimulatedClock, type AnyStateMachine } from 'xstate';
import { pageInboxMachine } from '../machines/apps/page-inbox.machine.js';
import { DEFAULT_PRIMARY_SETTINGS, primaryReceiverMachine } from '../machines/apps/primary-receiver.machine.js';
import { DEFAULT_SECONDARY_SETTINGS, secondaryReceiverMachine } from '../machines/apps/secondary-receiver.machine.js';
import { eventKind, psidOf, type RecordedEvent } from '../fake-graph-api/webhooks/event-shapes.js';
import { Platform, type PlatformOptions } from '../fake-graph-api/platform.js';
import type { Profile } from '../machines/platform/profiles.js';
import { PAGE_INBOX_APP_ID } from '../machines/platform/ids.js';
import { parseWorld } from '../fake-graph-api/world/load-world.js';
import type { World } from '../fake-graph-api/world/world.schema.js';
import { InvariantMonitor, type Violation } from './invariants.js';
import { Conductor, refusalKey, type RunCounters, type SimulatedAppSpec } from './runtime/conductor.js';
import { inProcessTransport } from './runtime/in-process.transport.js';
import { Trace } from './runtime/trace.js';
import type { Transport, TransportName } from './runtime/transport.js';
import type { AppStep } from './runtime/app-host.js';
import type { Scenario, ScenarioApp, ScenarioStep } from './scenario.js';

/**
 * Runs one scenario: builds its world on a virtual clock, lets the simulator's apps play it through the
 * chosen transport, checks the invariants all along and the scenario's expectations at the end.
 */
export interface RunOptions {
  seed?: number;
  transport?: TransportName;
  /** Keep the trace (timeline, JSONL, Mermaid). Off for big runs. */
  trace?: boolean;
  /** Called after each step, for progress bars. */
  onStep?: (done: number, total: number) => void;
  /** Watchers of the run: the platform once it exists, and every app machine step (the Stately inspector). */
  observe?: { platform?(platform: Platform): () => void; app?(step: AppStep): void };
  /** The rules to run instead of the world's profile: the seam through which tests plant a broken rule. */
  profile?: Profile;
  /** Answer the app machines' repeated steps from transition tables learned from them (default true; machines/platform/transition-table.ts). */
  stepMemo?: boolean;
  /** Opens the HTTP transport; injected so the in-process path does not load the HTTP code. */
  openHttpTransport?: (world: World, options: PlatformOptions & { clock: SimulatedClock }) => Promise<Transport>;
  /** Puts something between the apps and the fake (the doctor keeps every call and Meta's exact answer). */
  wrapTransport?: (transport: Transport) => Transport;
}

export interface RunResult {
  scenario: Scenario;
  transport: TransportName;
  seed: number;
  counters: RunCounters;
  checks: number;
  violations: Violation[];
  failedExpectations: string[];
  trace: Trace;
  /** Every webhook event the platform produced, as `app channel kind psid` lines, for comparing runs. */
  protocolEvents: string[];
  virtualMs: number;
  ok: boolean;
}

/** The virtual clock starts at a fixed instant, so timestamps in events and traces never vary. */
export const SIMULATION_EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);

function machineFor(app: ScenarioApp, profile: Profile | undefined): { machine: AnyStateMachine; input: unknown } {
  switch (app.plays) {
    case 'primaryReceiver':
      return { machine: primaryReceiverMachine, input: { appId: app.appId, settings: { ...DEFAULT_PRIMARY_SETTINGS, ...app.settings } } };
    case 'secondaryReceiver':
      return { machine: secondaryReceiverMachine, input: { settings: { ...DEFAULT_SECONDARY_SETTINGS, ...app.settings } } };
    case 'pageInbox':
      // Meta's own inbox: what its buttons may do is the generation's (CR: a human answers any thread).
      return { machine: pageInboxMachine, input: { settings: { actsOnAnyThread: profile?.pageInbox.replyTakesControl ?? false, ...app.settings } } };
  }
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const seed = options.seed ?? 1;
  const transportName = options.transport ?? 'in-process';
  const world = parseWorld(scenario.world, `scenario ${scenario.name}`);
  const page = world.pages[0]!;
  const clock = new SimulatedClock();
  clock.set(SIMULATION_EPOCH);

  // The same platform either way. Its event log is kept for traces and for expectations on received events; a
  // big run without either keeps none: the conductor and the monitor see every event as it happens. Threads'
  // histories of control changes likewise: nothing in a run reads them, only a person inspecting a traced one.
  const retainEvents = (options.trace ?? true) || (scenario.expect.received?.length ?? 0) > 0;
  const platformOptions = { clock, seed, retainEvents, keepHistory: options.trace ?? true, ...(options.profile && { profile: options.profile }) };
  let transport: Transport;
  if (transportName === 'http') {
    if (!options.openHttpTransport) throw new Error('the http transport needs openHttpTransport');
    transport = await options.openHttpTransport(world, platformOptions);
  } else {
    transport = inProcessTransport(new Platform(world, platformOptions));
  }
  if (options.wrapTransport) transport = options.wrapTransport(transport);
  const platform = transport.platform;
  const monitor = new InvariantMonitor(platform).attach();
  const detachObserver = options.observe?.platform?.(platform) ?? (() => {});
  const trace = new Trace(options.trace ?? true);
  const specs: SimulatedAppSpec[] = scenario.apps.map((app) => {
    const worldApp = page.apps.find((a) => a.id === app.appId);
    if (!worldApp) throw new Error(`scenario ${scenario.name}: app ${app.appId} is not in the world`);
    return { pageId: page.id, appId: app.appId, name: worldApp.name, accessToken: worldApp.accessToken ?? null, ...machineFor(app, platform.profileOf(page.id)) };
  });
  const conductor = new Conductor(transport, clock, specs, trace, monitor, {
    ...(options.observe?.app && { observe: options.observe.app }),
    ...(options.stepMemo !== undefined && { stepMemo: options.stepMemo }),
  });

  try {
    const pace = scenario.paceMs ?? 1000;
    let elapsed = 0;
    for (const [i, step] of scenario.steps.entries()) {
      const at = step.at ?? elapsed + (step.after ?? ('wait' in step ? step.wait : pace));
      await conductor.advance(Math.max(0, at - conductor.now));
      elapsed = Math.max(elapsed, at);
      await perform(conductor, page.id, step);
      elapsed = conductor.now;
      options.onStep?.(i + 1, scenario.steps.length);
    }
  } finally {
    conductor.stop();
    detachObserver();
    monitor.stop();
    await transport.close();
  }

  const observed = platform.events().map(protocolEventOf);
  const failedExpectations = checkExpectations(scenario, conductor, platform, page.id, observed);
  return {
    scenario,
    transport: transportName,
    seed,
    counters: conductor.counters,
    checks: monitor.checks,
    violations: monitor.violations,
    failedExpectations,
    trace,
    protocolEvents: observed.map((e) => `${e.appId} ${e.channel} ${e.kind} ${e.psid ?? ''}`),
    virtualMs: conductor.now,
    ok: monitor.ok && failedExpectations.length === 0,
  };
}

async function perform(conductor: Conductor, pageId: string, step: ScenarioStep): Promise<void> {
  if ('says' in step) return conductor.userActs(pageId, step.user, { type: 'write', text: step.says, ...(step.referral && { referral: step.referral }) });
  if ('taps' in step) return conductor.userActs(pageId, step.user, { type: 'tap', ...step.taps });
  if ('tapsQuickReply' in step) return conductor.userActs(pageId, step.user, { type: 'tap_quick_reply', ...step.tapsQuickReply });
  if ('tapsGetStarted' in step) {
    const button = conductor.platform.getStartedButton(pageId);
    if (!button.ok) throw new Error(button.detail ?? button.refusal);
    return conductor.userActs(pageId, step.user, { type: 'tap', ...button.value });
  }
  if ('inbox' in step) {
    if (!conductor.host(pageId, PAGE_INBOX_APP_ID)) throw new Error('the Page Inbox is not simulated in this scenario');
    const event = 'text' in step ? { type: 'agent_reply', text: step.text } : { type: step.inbox === 'done' ? 'mark_done' : 'move_to_inbox' };
    return conductor.appActs(pageId, PAGE_INBOX_APP_ID, step.user, event);
  }
  if ('replies' in step) return conductor.appActs(pageId, step.agent, step.user, { type: 'agent_reply', text: step.replies });
  if ('does' in step) return conductor.appActs(pageId, step.agent, step.user, { type: step.does });
  if ('broadcast' in step) {
    // A broadcast goes to every subscriber of the page, one send each.
    for (const user of conductor.platform.users(pageId)) {
      await conductor.appActs(pageId, step.app, user.psid, { type: 'broadcast', text: step.broadcast });
    }
    return;
  }
  if ('roles' in step) return conductor.admin({ op: 'set_roles', pageId, primary: step.roles.primary, secondary: step.roles.secondary });
  // { wait }: the clock already moved.
}

type ProtocolEvent = { appId: string; channel: string; kind: string; psid: string | undefined };

/** An event reduced to what a comparison of runs needs: who got what kind, on which channel, for whom. */
function protocolEventOf(e: RecordedEvent): ProtocolEvent {
  return { appId: e.appId, channel: e.channel, kind: eventKind(e.event), psid: psidOf(e.event, e.pageId) ?? undefined };
}

function checkExpectations(scenario: Scenario, conductor: Conductor, platform: Platform, pageId: string, events: ProtocolEvent[]): string[] {
  const failed: string[] = [];
  const name = (id: string | null) => (id === null ? 'none' : platform.appName(pageId, id));
  const { expect } = scenario;
  for (const [psid, owner] of Object.entries(expect.owners ?? {})) {
    const actual = platform.ownerOf(pageId, psid) ?? null;
    if (actual !== owner) failed.push(`owner of ${psid}: expected ${name(owner)}, got ${name(actual)}`);
  }
  const refused = conductor.counters.refusedSends;
  const apps = new Set([...Object.keys(expect.refusedSends ?? {}), ...refused.keys()]);
  for (const app of apps) {
    const want = expect.refusedSends?.[app] ?? 0;
    const got = refused.get(app) ?? 0;
    if (want !== got) failed.push(`sends refused with 2018300 for ${name(app)}: expected ${want}, got ${got}`);
  }
  for (const r of expect.received ?? []) {
    const got = events.filter((e) => e.appId === r.app && e.kind === r.kind && (r.channel === undefined || e.channel === r.channel) && (r.user === undefined || e.psid === r.user)).length;
    if (got !== r.count) {
      failed.push(`${name(r.app)} received ${r.kind}${r.channel ? ` on ${r.channel}` : ''}${r.user ? ` for ${r.user}` : ''}: expected ${r.count}, got ${got}`);
    }
  }
  for (const r of expect.refused ?? []) {
    const got = conductor.counters.refusals.get(refusalKey(r.app, r.call, r.subcode)) ?? 0;
    if (got !== r.count) failed.push(`${name(r.app)}'s ${r.call} refused with ${r.subcode}: expected ${r.count}, got ${got}`);
  }
  for (const s of expect.appStates ?? []) {
    const got = conductor.appState(pageId, s.app, s.user);
    if (got !== s.state) failed.push(`${name(s.app)}'s state for ${s.user}: expected ${s.state}, got ${got ?? 'none'}`);
  }
  for (const [psid, n] of Object.entries(expect.unanswered ?? {})) {
    const got = conductor.unanswered(pageId, psid);
    if (got !== n) failed.push(`unanswered messages of ${psid}: expected ${n}, got ${got}`);
  }
  return failed;
}
