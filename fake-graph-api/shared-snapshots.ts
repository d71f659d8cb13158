import type { AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { Stepper } from '../machines/platform/index.js';

/**
 * A stepper whose resulting snapshots are shared: every step still runs the machine (the rules are decided
 * on every request), but two threads that end in the same state with the same context hold the same
 * snapshot object instead of one each. Under HOP v1 a thread's snapshot is just its owner, so a crowd of a
 * million threads needs a handful of snapshots instead of a million (~530 B each, docs/scale.md).
 *
 * Snapshots are never changed (a step returns a new one), so sharing them is safe. The key is everything a
 * step reads of a snapshot in these machines: status, state value and context. Thread machines have no
 * history states and spawn no children (shown by specs/fake-graph-api/shared-snapshots.spec.ts).
 * Under HOP v2 and CR the context holds times, so few are shared: past `limit` the table starts afresh,
 * so a run with endless distinct contexts stays bounded.
 */
export const SHARED_SNAPSHOTS_LIMIT = 10_000;

export function snapshotKey(snapshot: AnyMachineSnapshot): string {
  return `${snapshot.status} ${JSON.stringify(snapshot.value)} ${JSON.stringify(snapshot.context)}`;
}

export function shareSnapshots<M extends AnyStateMachine>(stepper: Stepper<M>, limit = SHARED_SNAPSHOTS_LIMIT): Stepper<M> & { readonly size: number } {
  let table = new Map<string, SnapshotFrom<M>>();
  const shared = (snapshot: SnapshotFrom<M>): SnapshotFrom<M> => {
    const key = snapshotKey(snapshot as AnyMachineSnapshot);
    const known = table.get(key);
    if (known !== undefined) return known;
    if (table.size >= limit) table = new Map();
    table.set(key, snapshot);
    return snapshot;
  };
  return {
    machine: stepper.machine,
    get size() {
      return table.size;
    },
    start(input) {
      const { snapshot, emitted } = stepper.start(input);
      return { snapshot: shared(snapshot), emitted };
    },
    step(snapshot, event) {
      const next = stepper.step(snapshot, event);
      return { snapshot: shared(next.snapshot), emitted: next.emitted };
    },
  };
}
