import type { AnyStateMachine, EventFromLogic, SnapshotFrom } from 'xstate';
import type { Step, Stepper } from './step.js';

/**
 * A transition table learned from the machine itself, so that a crowd's millions of requests do not each
 * pay for xstate's macrostep (its Sets, Maps and snapshot clones: ~27 % of a crowd run's allocations,
 * docs/scale.md) while the machine stays the only place a rule is written.
 *
 * Nothing here knows a rule. When a (snapshot, event) pair is new, the machine runs as usual, and the table
 * watches the run: which of the machine's own guards it asked, in which order, with what answer, and which
 * fields of the event the rest of the step read (xstate's selection, `assign`, `emit`: a Proxy records
 * each read). It files the step under that path:
 *
 *     snapshot -> event type -> guard? -> guard? -> ... -> values of the fields read -> step
 *
 * A later event from the same snapshot walks the path by asking the same guard functions again (the rules
 * are still decided by the machine's guards on every request) and finds the step when every field the
 * steps it learned read has the same value. Why that is the machine's answer: a guard sees only the
 * context and the event, so the same snapshot and the same answers, in the same order, make xstate take the
 * same transitions; the actions then read only the recorded fields, and those are equal. The fields of
 * every learned step on a path are read for the key (a union), so a step that read a field another did not
 * is never matched on less than what it read.
 *
 * A step is not learned (the machine runs every time) when the table could not see all it depends on: a
 * guard asked after an action changed the context (eventless transitions after `assign`, expiry then
 * replay), a guard asked about another event than the request (`raise`), a guard the machine's guard table
 * does not hold (inline, higher-order or with computed params), a part of the event that ends up inside
 * the step (`raise(({event}) => event)`, an emitted page), or an event read as a whole (keys listed).
 * Learned steps are frozen and shared; the snapshot is the caller's own shared snapshot, so the table pays
 * where snapshots repeat (HOP v1, whose snapshot is only the owner), and `specs/machines/transition-table.spec.ts`
 * checks it against the machine on random events under every profile.
 */
export interface TransitionTableOptions {
  /** Most steps kept; past it the table starts afresh, so a run with endless distinct events stays bounded. */
  limit?: number;
  /** Recompute every step found in the table and throw if the machine says otherwise (the test suite). */
  verify?: boolean;
}

export const TRANSITION_TABLE_LIMIT = 50_000;

type Guard = (args: { context: unknown; event: unknown }, params: unknown) => unknown;
type Read = readonly string[];
/** How a path is read: `get` gives its value, `has` whether it is there (`'page' in event`). */
const HAS = '\u0000has';

interface GuardNode {
  readonly kind: 'guard';
  readonly guard: Guard;
  readonly params: unknown;
  then?: Node;
  otherwise?: Node;
}
interface Leaf {
  readonly kind: 'leaf';
  /** Every path read by a step learned here, in the order first read. */
  reads: Read[];
  /** Nested maps, one level per read, ending in the step. */
  steps: Map<unknown, unknown>;
}
/** A path whose steps the table cannot see through: the machine runs every time. */
interface Unlearnable {
  readonly kind: 'unlearnable';
}
type Node = GuardNode | Leaf | Unlearnable;
const UNLEARNABLE: Unlearnable = { kind: 'unlearnable' };

/** What the table saw of one run of the machine. */
interface Watch {
  readonly context: unknown;
  /** The event as xstate sees it (the Proxy, once made). */
  event: object;
  readonly guards: { guard: Guard; params: unknown; answer: boolean }[];
  readonly reads: Read[];
  readonly proxies: WeakSet<object>;
  /** Why this step cannot be learned, if it cannot. */
  unlearnable: string | null;
  inGuard: number;
}

/** The one run being watched (runs are synchronous and never nest: a machine step calls no other machine). */
let watching: Watch | null = null;

/**
 * The guards of a machine, wrapped once so that a watched run reports each question and its answer. Outside a
 * watched run the wrapper only calls the guard. The machine object is shared by every platform, so the
 * wrapping is done in place, once per guard table.
 */
const watchedTables = new WeakSet<object>();
function watchGuards(machine: AnyStateMachine): void {
  const table = machine.implementations.guards as Record<string, unknown>;
  if (watchedTables.has(table)) return;
  for (const [name, guard] of Object.entries(table)) {
    if (typeof guard !== 'function' || 'check' in guard) continue; // higher-order guards: asked through their parts
    const plain = guard as Guard;
    const watched: Guard = (args, params) => {
      const watch = watching;
      if (watch === null) return plain(args, params);
      if (args.context !== watch.context) watch.unlearnable ??= `guard '${name}' asked after the context changed`;
      if (args.event !== watch.event) watch.unlearnable ??= `guard '${name}' asked about another event`;
      watch.inGuard++;
      try {
        const answer = plain(args, params);
        watch.guards.push({ guard: plain, params, answer: Boolean(answer) });
        return answer;
      } finally {
        watch.inGuard--;
      }
    };
    table[name] = watched;
  }
  watchedTables.add(table);
}

/**
 * Guards the table cannot ask itself: inline functions, or params computed per event. Higher-order guards
 * (`and`, `or`, `not`) are fine when their parts are: the table asks the parts, in the order xstate did.
 * `stateIn` reads only the snapshot, which is the table's first key.
 */
function unaskableGuards(machine: AnyStateMachine): string[] {
  const found: string[] = [];
  const table = machine.implementations.guards as Record<string, unknown>;
  const askable = (guard: unknown): boolean => {
    if (typeof guard === 'function') {
      if (!('check' in guard)) return false;
      const parts = (guard as { guards?: unknown[] }).guards;
      return parts === undefined || parts.every(askable);
    }
    const name = typeof guard === 'string' ? guard : (guard as { type?: unknown }).type;
    if (typeof guard === 'object' && typeof (guard as { params?: unknown }).params === 'function') return false;
    const implementation = typeof name === 'string' ? table[name] : undefined;
    return typeof implementation === 'function' && (!('check' in implementation) || askable(implementation));
  };
  const visit = (node: { transitions: Map<string, { guard?: unknown }[]>; always?: { guard?: unknown }[]; states: Record<string, unknown> }, path: string) => {
    const transitions = [...node.transitions.values()].flat().concat(node.always ?? []);
    for (const { guard } of transitions) {
      if (guard !== undefined && !askable(guard)) found.push(`${path}: ${typeof guard === 'string' ? guard : typeof guard === 'function' ? 'inline' : String((guard as { type?: unknown }).type)}`);
    }
    for (const [key, child] of Object.entries(node.states)) visit(child as never, `${path}.${key}`);
  };
  visit(machine.root as never, machine.id);
  return found;
}

/** The event as the watched run sees it: every read outside a guard is noted, nested objects too. */
function watchedEvent(event: object, watch: Watch): object {
  const wrap = (target: object, path: Read): object => {
    const proxy = new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver);
        if (typeof key === 'symbol' || watch.inGuard > 0) return value;
        const at = [...path, key];
        watch.reads.push(at);
        return typeof value === 'object' && value !== null ? wrap(value, at) : value;
      },
      has(object, key) {
        if (typeof key !== 'symbol' && watch.inGuard === 0) watch.reads.push([...path, key, HAS]);
        return Reflect.has(object, key);
      },
      ownKeys(object) {
        if (watch.inGuard === 0) watch.unlearnable ??= 'the event was read as a whole';
        return Reflect.ownKeys(object);
      },
    });
    watch.proxies.add(proxy);
    return proxy;
  };
  return wrap(event, []);
}

/** The value a step reads at `read` (an object counts only through the fields read of it). */
function valueAt(event: object, read: Read): unknown {
  const has = read[read.length - 1] === HAS;
  const last = has ? read.length - 2 : read.length - 1;
  let value: unknown = event;
  for (let i = 0; i < last; i++) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[read[i]!];
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (has) return read[last]! in value;
  value = (value as Record<string, unknown>)[read[last]!];
  return typeof value === 'object' && value !== null ? OBJECT : value;
}
const OBJECT = Symbol('object');

const sameRead = (a: Read, b: Read) => a.length === b.length && a.every((key, i) => key === b[i]);

/** Whether a part of the watched event ended up in what the step returns (then it cannot be shared). */
function holdsProxy(value: unknown, proxies: WeakSet<object>, seen = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) return false;
  if (proxies.has(value)) return true;
  seen.add(value);
  return Object.values(value).some((v) => holdsProxy(v, proxies, seen));
}

function freezeStep<S>(step: S & { emitted: object[] }): S {
  for (const e of step.emitted) Object.freeze(e);
  Object.freeze(step.emitted);
  return Object.freeze(step);
}

export function tabulate<M extends AnyStateMachine>(stepper: Stepper<M>, options: TransitionTableOptions = {}): Stepper<M> & { readonly size: number } {
  const machine = stepper.machine;
  const unaskable = unaskableGuards(machine);
  if (unaskable.length > 0) throw new Error(`machine "${machine.id}" cannot be tabulated: guards the table cannot ask (${unaskable.join(', ')})`);
  watchGuards(machine);
  const limit = options.limit ?? TRANSITION_TABLE_LIMIT;
  const verify = options.verify ?? process.env['HANDOVER_SIM_VERIFY_MEMO'] === '1';
  let table = new WeakMap<object, Map<string, Node>>();
  let size = 0;

  /** The machine's own run, watched; what it saw goes into the table. */
  const learn = (snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): Step<M> => {
    const context = (snapshot as { context: unknown }).context;
    const watch: Watch = { context, event: {}, guards: [], reads: [], proxies: new WeakSet(), unlearnable: null, inGuard: 0 };
    const proxy = watchedEvent(event, watch);
    watch.event = proxy;
    let step: Step<M>;
    watching = watch;
    try {
      step = stepper.step(snapshot, proxy as EventFromLogic<M>);
    } finally {
      watching = null;
    }
    if (holdsProxy([(step.snapshot as { context: unknown }).context, step.emitted], watch.proxies)) {
      // A part of the event ended up in the step: never shared, and run again on the event itself.
      watch.unlearnable = 'a part of the event ended up in the step';
      step = stepper.step(snapshot, event);
    }
    if (size >= limit) {
      table = new WeakMap();
      size = 0;
    }
    let byType = table.get(snapshot);
    if (byType === undefined) table.set(snapshot, (byType = new Map()));
    file(byType, event, watch, step);
    return step;
  };

  const file = (byType: Map<string, Node>, event: EventFromLogic<M>, watch: Watch, step: Step<M>) => {
    const type = (event as { type: string }).type;
    // Walk (and grow) the guard path the run took.
    let parent: GuardNode | null = null;
    let branch = false;
    let node = byType.get(type);
    const place = (next: Node) => {
      if (parent === null) byType.set(type, next);
      else if (branch) parent.then = next;
      else parent.otherwise = next;
      return next;
    };
    for (const asked of watch.guards) {
      if (node === undefined) node = place({ kind: 'guard', guard: asked.guard, params: asked.params });
      if (node.kind !== 'guard' || node.guard !== asked.guard || node.params !== asked.params) {
        // The same answers led the machine elsewhere: something the table does not see decides. Never learn here.
        place(UNLEARNABLE);
        return;
      }
      parent = node;
      branch = asked.answer;
      node = branch ? node.then : node.otherwise;
    }
    // Unseen, unlearnable already, or the machine asked more guards on this path before: never learn here.
    if (watch.unlearnable !== null || (node !== undefined && node.kind !== 'leaf')) {
      place(UNLEARNABLE);
      return;
    }
    const leaf = node ?? (place({ kind: 'leaf', reads: [], steps: new Map() }) as Leaf);
    const fresh = watch.reads.filter((read, i) => !leaf.reads.some((known) => sameRead(known, read)) && watch.reads.findIndex((r) => sameRead(r, read)) === i);
    if (fresh.length > 0) {
      // A step read more than the steps learned here: key them all on the larger set (relearned as they come).
      size -= countSteps(leaf.steps, leaf.reads.length);
      leaf.reads = [...leaf.reads, ...fresh];
      leaf.steps = new Map();
    }
    const [level, key] = slotOf(leaf, event, true)!;
    level.set(key, freezeStep(step));
    size++;
  };

  const find = (snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): Step<M> | null | 'unlearnable' => {
    const byType = table.get(snapshot);
    let node = byType?.get((event as { type: string }).type);
    const args = { context: (snapshot as { context: unknown }).context, event };
    while (node !== undefined && node.kind === 'guard') node = node.guard(args, node.params) ? node.then : node.otherwise;
    if (node === undefined) return null;
    if (node.kind === 'unlearnable') return 'unlearnable';
    const slot = slotOf(node, event, false);
    return slot === null ? null : ((slot[0].get(slot[1]) as Step<M> | undefined) ?? null);
  };

  return {
    machine,
    get size() {
      return size;
    },
    start: (input) => stepper.start(input),
    step(snapshot, event) {
      const known = find(snapshot, event);
      if (known === 'unlearnable') return stepper.step(snapshot, event);
      if (known === null) return learn(snapshot, event);
      if (verify) sameAsMachine(machine, known, stepper.step(snapshot, event), event);
      return known;
    },
  };
}

/**
 * Where a leaf keeps the step for this event's values: one nested map per read but the last, whose value is the
 * key in the last map (no reads: the key `undefined`). `grow` makes the maps on the way; otherwise null if one is missing.
 */
function slotOf(leaf: Leaf, event: object, grow: boolean): [Map<unknown, unknown>, unknown] | null {
  const { reads } = leaf;
  let level = leaf.steps;
  for (let i = 0; i < reads.length - 1; i++) {
    const value = valueAt(event, reads[i]!);
    let next = level.get(value) as Map<unknown, unknown> | undefined;
    if (next === undefined) {
      if (!grow) return null;
      level.set(value, (next = new Map()));
    }
    level = next;
  }
  return [level, reads.length === 0 ? undefined : valueAt(event, reads[reads.length - 1]!)];
}

function countSteps(level: Map<unknown, unknown>, depth: number): number {
  if (depth <= 1) return level.size;
  let n = 0;
  for (const next of level.values()) n += countSteps(next as Map<unknown, unknown>, depth - 1);
  return n;
}

function sameAsMachine<M extends AnyStateMachine>(machine: M, known: Step<M>, fresh: Step<M>, event: unknown): void {
  const view = ({ snapshot, emitted }: Step<M>) => {
    const { value, context, status } = snapshot as { value: unknown; context: unknown; status: unknown };
    return JSON.stringify({ value, context, status, emitted });
  };
  if (view(known) !== view(fresh)) {
    throw new Error(`transition table of machine "${machine.id}": the table's step for ${JSON.stringify(event)} is not the machine's (${view(known)} against ${view(fresh)})`);
  }
}
