import { createActor, type AnyStateMachine, type AnyStateNode, type EventObject } from 'xstate';
import { getStateNodes } from 'xstate/graph';

/**
 * Which states and transitions of a machine a set of event sequences reaches, measured on the machine
 * itself (XState's inspection reports every microstep with the transitions it took). A transition is one
 * candidate of one state node for one event (each guarded branch counts), `always` ones included.
 */
export interface TransitionRef {
  id: string;
  definition: unknown;
}

export function allStates(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root).map((n: AnyStateNode) => n.id);
}

export function allTransitions(machine: AnyStateMachine): TransitionRef[] {
  const out: TransitionRef[] = [];
  // The root's own `on` counts too: getStateNodes lists the descendants only.
  for (const node of [machine.root, ...(getStateNodes(machine.root) as AnyStateNode[])]) {
    for (const [eventType, defs] of node.transitions) {
      defs.forEach((d, i) => out.push({ id: `${node.id} --${eventType}${defs.length > 1 ? `[${i}]` : ''}${d.guard ? ` if ${guardName(d.guard)}` : ''}`, definition: d }));
    }
    (node.always ?? []).forEach((d, i) => out.push({ id: `${node.id} --always[${i}]${d.guard ? ` if ${guardName(d.guard)}` : ''}`, definition: d }));
  }
  return out;
}

function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (guard && typeof guard === 'object' && 'type' in guard) return String((guard as { type: unknown }).type);
  if (typeof guard === 'function') return guard.name || 'inline';
  return '?';
}

export interface Reached {
  states: Set<string>;
  transitions: Set<unknown>;
}

export const emptyReached = (): Reached => ({ states: new Set(), transitions: new Set() });

/** Runs the events through a live actor of the machine, adding what it reached to `into`. */
export function reach(machine: AnyStateMachine, input: unknown, events: readonly EventObject[], into: Reached = emptyReached()): Reached {
  const actor = createActor(machine, {
    input,
    inspect: (e) => {
      if (e.type !== '@xstate.microstep') return;
      for (const t of (e as unknown as { _transitions: { source: AnyStateNode; target?: AnyStateNode[] }[] })._transitions) {
        into.transitions.add(t);
        // A transient state (left at once by `always`) is never a snapshot's state: its transitions show it.
        into.states.add(t.source.id);
      }
    },
  });
  const addStates = () => {
    for (const node of actor.getSnapshot()._nodes as AnyStateNode[]) into.states.add(node.id);
  };
  actor.subscribe({ next: addStates, error: () => {} });
  actor.start();
  addStates();
  for (const event of events) actor.send(event);
  actor.stop();
  return into;
}

/** Whether `more` reaches anything `reached` does not; with `merge`, adds it. */
export function addsTo(reached: Reached, more: Reached, merge = false): boolean {
  const adds = [...more.states].some((s) => !reached.states.has(s)) || [...more.transitions].some((t) => !reached.transitions.has(t));
  if (merge) {
    for (const s of more.states) reached.states.add(s);
    for (const t of more.transitions) reached.transitions.add(t);
  }
  return adds;
}

export interface CoverageReport {
  machine: string;
  states: { reached: number; total: number; missing: string[] };
  transitions: { reached: number; total: number; missing: string[] };
  paths: number;
  steps: number;
  replayed: string;
}

export function coverageOf(name: string, machine: AnyStateMachine, reached: Reached, paths: number, steps: number, replayed: CoverageReport['replayed']): CoverageReport {
  const states = allStates(machine);
  const transitions = allTransitions(machine);
  return {
    machine: name,
    states: { reached: states.filter((s) => reached.states.has(s)).length, total: states.length, missing: states.filter((s) => !reached.states.has(s)) },
    transitions: {
      reached: transitions.filter((t) => reached.transitions.has(t.definition)).length,
      total: transitions.length,
      missing: transitions.filter((t) => !reached.transitions.has(t.definition)).map((t) => t.id),
    },
    paths,
    steps,
    replayed,
  };
}

export function formatCoverage(reports: readonly CoverageReport[]): string {
  const rows = reports.map((r) =>
    `${r.machine.padEnd(18)} states ${`${r.states.reached}/${r.states.total}`.padStart(6)}   transitions ${`${r.transitions.reached}/${r.transitions.total}`.padStart(7)}   ${String(r.paths).padStart(3)} paths, ${String(r.steps).padStart(4)} steps, ${r.replayed}` +
    [...r.states.missing.map((s) => `\n    missing state ${s}`), ...r.transitions.missing.map((t) => `\n    missing transition ${t}`)].join(''));
  return ['xstate/graph coverage (paths generated from each machine):', ...rows].join('\n');
}

/**
 * Picks, from candidate event sequences, a small set that reaches everything they reach together:
 * greedily, each kept sequence adds at least one state or transition.
 */
export function selectCovering<T>(machine: AnyStateMachine, input: (c: T) => unknown, events: (c: T) => EventObject[], candidates: readonly T[]): { kept: T[]; reached: Reached } {
  const reached = emptyReached();
  const kept: T[] = [];
  for (const c of candidates) {
    // Merging a sequence that adds nothing leaves `reached` as it was.
    if (addsTo(reached, reach(machine, input(c), events(c)), true)) kept.push(c);
  }
  return { kept, reached };
}
