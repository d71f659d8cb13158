import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * A machine's definition as a plain graph, read from `machine.root` (never drawn by hand), so every
 * renderer (Mermaid, DOT, the docs) shows the same states and the same named guards and actions.
 */
export interface StateBox {
  /** The state node's id, e.g. `threadControl.handoverActive.withPrimary`. */
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Ids of the initial children (compound states only). */
  initial: string[];
  /** Entry, exit and invoke lines, e.g. `entry / notify`. */
  notes: string[];
  children: StateBox[];
  /** True when the state reacts to events itself, in whichever child state the machine is. */
  hasOwnTransitions: boolean;
}

/** One guarded branch of a transition: the guard (null: otherwise) and the actions it runs. */
export interface Branch {
  guard: string | null;
  actions: string[];
}

/** Every branch of one event from one state to one target (null: no target, the state stays). */
export interface Edge {
  source: string;
  target: string | null;
  /** The event as people read it: `pass_thread_control`, `always`, `after controlExpiry`. */
  event: string;
  branches: Branch[];
}

export interface MachineGraph {
  id: string;
  root: StateBox;
  edges: Edge[];
}

/** `refuse` with params `{ refusal: 'no_role' }` reads `refuse(no_role)`. */
function describeParams(params: unknown): string {
  if (params === undefined || params === null) return '';
  if (typeof params !== 'object') return `(${String(params)})`;
  const values = Object.values(params as Record<string, unknown>).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return `(${values.join(', ')})`;
}

/** A named action or guard as written in the machine; inline functions show their function name. */
export function describeReference(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'function') {
    const fn = ref as { name?: string; guards?: unknown[]; type?: string };
    if (Array.isArray(fn.guards)) return `${fn.name || 'guard'}(${fn.guards.map(describeReference).join(', ')})`;
    return fn.type ?? (fn.name || 'inline');
  }
  if (ref && typeof ref === 'object' && 'type' in ref) {
    const { type, params } = ref as { type: unknown; params?: unknown };
    return `${String(type)}${typeof params === 'function' ? '(…)' : describeParams(params)}`;
  }
  return 'inline';
}

/** Internal event names said the way the machine's author wrote them. */
export function describeEvent(eventType: string): string {
  if (eventType === '') return 'always';
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  if (eventType.startsWith('xstate.done.actor.')) return `done ${eventType.slice('xstate.done.actor.'.length)}`;
  if (eventType.startsWith('xstate.error.actor.')) return `error ${eventType.slice('xstate.error.actor.'.length)}`;
  if (eventType.startsWith('xstate.done.state.')) return 'done';
  return eventType;
}

const children = (node: AnyStateNode) => Object.values(node.states) as AnyStateNode[];

function notesOf(node: AnyStateNode): string[] {
  const notes: string[] = [];
  // `after` arms and cancels its timer with built-in raise/cancel actions: the `after` arrow already says it.
  const own = (actions: readonly unknown[]) =>
    actions.filter((a) => !['xstate.raise', 'xstate.cancel'].includes((a as { type?: string } | null)?.type ?? ''));
  const entry = own(node.entry);
  const exit = own(node.exit);
  if (entry.length) notes.push(`entry / ${entry.map(describeReference).join(', ')}`);
  if (exit.length) notes.push(`exit / ${exit.map(describeReference).join(', ')}`);
  for (const invoke of node.invoke) notes.push(`invoke ${typeof invoke.src === 'string' ? invoke.src : invoke.id}`);
  return notes;
}

export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const edges: Edge[] = [];
  const walk = (node: AnyStateNode): StateBox => {
    const byKey = new Map<string, Edge>();
    const transitions = [...node.transitions.values()].flat().concat(node.always ?? []);
    for (const t of transitions) {
      const event = describeEvent(t.eventType);
      const targets = t.target?.length ? t.target.map((s: AnyStateNode) => s.id) : [null];
      const branch = { guard: t.guard === undefined ? null : describeReference(t.guard), actions: t.actions.map(describeReference) };
      for (const target of targets) {
        const key = `${event}\u0000${target ?? ''}`;
        let edge = byKey.get(key);
        if (!edge) {
          edge = { source: node.id, target, event, branches: [] };
          byKey.set(key, edge);
          edges.push(edge);
        }
        edge.branches.push(branch);
      }
    }
    const type = node.type as StateBox['type'];
    return {
      id: node.id,
      key: node.key,
      type,
      initial: type === 'compound' && node.initial ? node.initial.target.map((s: AnyStateNode) => s.id) : [],
      notes: notesOf(node),
      children: children(node).map(walk),
      hasOwnTransitions: byKey.size > 0,
    };
  };
  const root = walk(machine.root);
  return { id: machine.id, root, edges };
}

/** Each branch as one line: `[guard] / action, action`. */
export function branchLine(branch: Branch): string {
  const guard = branch.guard === null ? '' : `[${branch.guard}]`;
  const actions = branch.actions.length ? `/ ${branch.actions.join(', ')}` : '';
  return [guard, actions].filter(Boolean).join(' ');
}

/** An edge's label: the event, then one line per guarded branch (in the order the machine tries them). */
export function edgeLabelLines(edge: Edge): string[] {
  const lines = edge.branches.map(branchLine).filter((l) => l !== '');
  return [edge.event, ...lines];
}

/**
 * A transition with no target changes no state (the platform's refusals, reads): it is listed inside its
 * state, one line per branch, `event [guard] / actions`, instead of drawn as a tangle of loops.
 */
export function reactionLines(edge: Edge): string[] {
  return edge.branches.map((b) => [edge.event, branchLine(b)].filter(Boolean).join(' '));
}
