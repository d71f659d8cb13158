import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { createStepper, type Stepper } from '../../machines/platform/step.js';
import { tabulate } from '../../machines/platform/transition-table.js';
import { inOrder, type MaybePromise } from './maybe-async.js';

/**
 * Runs one app's machine for every thread it hears about, on stored snapshots (no live actor per
 * thread), and hands what the machine emits to the world. The machine learns only what reaches the
 * app: webhook items, answers to its own calls, its timers, its humans' actions.
 */
/** Any event an app machine takes: the machine's own guards decide what it means. */
export type AppEvent = { type: string } & Record<string, unknown>;

export interface HostedEffectContext {
  host: AppHost;
  psid: string;
}

export interface AppHostOptions {
  pageId: string;
  name: string;
  machine: AnyStateMachine;
  input: unknown;
  /** Carries out one emitted effect; may feed events back with `host.step`. */
  perform(effect: { type: string }, ctx: HostedEffectContext): MaybePromise<void>;
  /** Told of every step, for traces and inspectors. */
  observe?(step: AppStep): void;
  /** Answer repeated steps from a transition table learned from the machine (machines/platform/transition-table.ts); default on. */
  stepMemo?: boolean;
}

/** One step of an app machine for one thread, for traces and inspectors. */
export interface AppStep {
  host: AppHost;
  psid: string;
  event: AppEvent;
  from: string;
  to: string;
  /** The snapshot before the step (the thread's first, when the app had not heard of it) and after. */
  before: AnyMachineSnapshot;
  after: AnyMachineSnapshot;
}

/** Names of compound state values: snapshots are shared (the transition table), so their values are too, and each is named once. */
const stateNames = new WeakMap<object, string>();

export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  let name = stateNames.get(value as object);
  if (name === undefined) {
    name = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}.${stateName(v)}`)
      .join(',');
    stateNames.set(value as object, name);
  }
  return name;
}

export class AppHost {
  readonly pageId: string;
  readonly name: string;
  readonly machine: AnyStateMachine;
  private readonly stepper: Stepper<AnyStateMachine> & { readonly size?: number };
  private readonly snapshots = new Map<string, AnyMachineSnapshot>();
  /**
   * Event types each state (with its ancestors) has transitions for. An event no active state names cannot
   * change the snapshot or emit anything, so it is not run: most of a crowd's webhook traffic (echoes,
   * standby chatter to an app at rest) costs a lookup instead of a macrostep.
   */
  private readonly handledIn = new Map<string, ReadonlySet<string>>();
  /**
   * The snapshot every thread starts from. The input is the app's, not the thread's, and snapshots are
   * immutable (a step returns a new one), so all threads share it until their first step: a thread the app
   * only ever heard echoes for costs one map entry.
   */
  private initial: AnyMachineSnapshot | undefined;

  constructor(private readonly options: AppHostOptions) {
    this.pageId = options.pageId;
    this.name = options.name;
    this.machine = options.machine;
    // App machines are pure (their only effects are emitted): steps are learned once, and threads share snapshots.
    const stepper = createStepper(options.machine);
    this.stepper = options.stepMemo === false ? stepper : tabulate(stepper);
  }

  /** Distinct steps the app's transition table learned from its machine (0 without the table). */
  get learnedSteps(): number {
    return this.stepper.size ?? 0;
  }

  /** The app's machine state for a thread, or null if the app never heard of it. */
  state(psid: string): string | null {
    const snapshot = this.snapshots.get(psid);
    return snapshot ? stateName(snapshot.value) : null;
  }

  snapshot(psid: string): AnyMachineSnapshot | undefined {
    return this.snapshots.get(psid);
  }

  private handles(snapshot: AnyMachineSnapshot, state: string): ReadonlySet<string> {
    let events = this.handledIn.get(state);
    if (events === undefined) {
      events = new Set(snapshot._nodes.flatMap((node) => node.ownEvents));
      this.handledIn.set(state, events);
    }
    return events;
  }

  step(psid: string, event: AppEvent): MaybePromise<void> {
    const stored = this.snapshots.get(psid);
    const snapshot = stored ?? (this.initial ??= this.stepper.start(this.options.input).snapshot as AnyMachineSnapshot);
    const from = stateName(snapshot.value);
    if (!this.handles(snapshot, from).has(event.type)) {
      if (stored === undefined) this.snapshots.set(psid, snapshot);
      return;
    }
    const next = this.stepper.step(snapshot, event);
    const after = next.snapshot as AnyMachineSnapshot;
    // Learned steps often lead back to the same shared snapshot: nothing to store then.
    if (after !== stored) this.snapshots.set(psid, after);
    this.options.observe?.({ host: this, psid, event, from, to: stateName(after.value), before: snapshot, after });
    const emitted = next.emitted as { type: string }[];
    if (emitted.length === 0) return;
    // Effects run one after the other, each to its end (answers fed back) before the next: deterministic.
    return inOrder(emitted, (effect) => this.options.perform(effect, { host: this, psid }));
  }
}
