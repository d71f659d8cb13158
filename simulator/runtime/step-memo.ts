import { isDeepStrictEqual } from 'node:util';
import type { AnyMachineSnapshot, AnyStateMachine, EventFromLogic, SnapshotFrom } from 'xstate';
import type { Step, Stepper } from '../../machines/platform/step.js';

/**
 * Remembers the steps of a machine whose transitions are pure: the same snapshot and the same event give
 * the same next snapshot and the same effects. A crowd's threads mostly walk the same few paths (a
 * hundred thousand users, a few dozen distinct steps), so each step is computed once and every thread
 * that takes it shares the resulting snapshot: no macrostep, no garbage, and threads in the same state
 * hold the same object.
 *
 * Steps are keyed by the snapshot object and a key of the event that must hold everything the machine
 * reads of it. Snapshots are never changed (a step returns a new one), and returned steps are shared,
 * so callers must not change them either.
 */
export interface StepMemoOptions<E> {
  /** Two events with the same key must step alike from any snapshot. */
  key(event: E): string;
  /** Most steps remembered; past it the memo starts afresh (a run with endless distinct events stays bounded). */
  limit?: number;
  /**
   * Recompute every remembered step and throw if it differs: the check that the key leaves out nothing
   * the machine reads. On in the test suite (HANDOVER_SIM_VERIFY_MEMO=1).
   */
  verify?: boolean;
}

/** A remembered step costs ~0.5 KB (key, snapshot, effects; measured on the primary): at most ~25 MB, whatever the run. */
export const DEFAULT_MEMO_LIMIT = 50_000;

export function verifyMemoByDefault(): boolean {
  return process.env['HANDOVER_SIM_VERIFY_MEMO'] === '1';
}

export function memoize<M extends AnyStateMachine>(stepper: Stepper<M>, options: StepMemoOptions<EventFromLogic<M>>): Stepper<M> & { readonly size: number } {
  const limit = options.limit ?? DEFAULT_MEMO_LIMIT;
  const verify = options.verify ?? verifyMemoByDefault();
  // Weak by snapshot: a step from a snapshot no thread holds any more goes with it.
  let table = new WeakMap<SnapshotFrom<M>, Map<string, Step<M>>>();
  let size = 0;

  return {
    machine: stepper.machine,
    start: (input) => stepper.start(input),
    get size() {
      return size;
    },
    step(snapshot, event) {
      const key = options.key(event);
      let steps = table.get(snapshot);
      const known = steps?.get(key);
      if (known !== undefined) {
        if (verify) sameStep(stepper.machine, key, known, stepper.step(snapshot, event));
        return known;
      }
      const step = stepper.step(snapshot, event);
      if (size >= limit) {
        table = new WeakMap();
        size = 0;
        steps = undefined;
      }
      if (steps === undefined) table.set(snapshot, (steps = new Map()));
      steps.set(key, step);
      size++;
      return step;
    },
  };
}

function sameStep<M extends AnyStateMachine>(machine: M, key: string, known: Step<M>, fresh: Step<M>): void {
  const view = ({ snapshot, emitted }: Step<M>) => {
    const { value, context, status } = snapshot as AnyMachineSnapshot;
    return { value, context, status, emitted };
  };
  if (!isDeepStrictEqual(view(known), view(fresh))) {
    throw new Error(
      `step memo of machine "${machine.id}": the same snapshot and event key ${key} stepped differently; ` +
        'the key leaves out something the machine reads',
    );
  }
}
