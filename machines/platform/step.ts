import {
  createActor,
  type ActorScope,
  type AnyStateMachine,
  type EmittedFrom,
  type EventFromLogic,
  type InputFrom,
  type SnapshotFrom,
} from 'xstate';

/**
 * Runs a machine's transitions on stored snapshots, without a live actor per thread.
 *
 * A live XState actor costs ~8 KB and xstate's own pure `transition()` builds a throw-away actor on
 * every call (~25 µs here). A million idle threads must cost no more than their snapshots, so each
 * stepper keeps one inert actor scope and reuses it: the same machine code, ~2 µs an event.
 * Only `emit` actions are collected; the machines here use no other side effects.
 */
export interface Step<M extends AnyStateMachine> {
  snapshot: SnapshotFrom<M>;
  emitted: EmittedFrom<M>[];
}

export interface Stepper<M extends AnyStateMachine> {
  readonly machine: M;
  start(input: InputFrom<M>): Step<M>;
  step(snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): Step<M>;
}

export function createStepper<M extends AnyStateMachine>(machine: M): Stepper<M> {
  let collected: EmittedFrom<M>[] = [];
  const self = createActor(machine as AnyStateMachine);
  const scope = {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    stopChild: () => {},
    emit: () => {},
    system: self.system,
    actionExecutor: (action: { type: string; params?: unknown }) => {
      if (action.type === 'xstate.emit') collected.push((action.params as { event: EmittedFrom<M> }).event);
    },
  } as unknown as ActorScope<SnapshotFrom<M>, EventFromLogic<M>>;

  const take = (snapshot: SnapshotFrom<M>): Step<M> => {
    const emitted = collected;
    collected = [];
    return { snapshot, emitted };
  };
  return {
    machine,
    start: (input) => take(machine.getInitialSnapshot(scope as never, input) as SnapshotFrom<M>),
    step: (snapshot, event) => take(machine.transition(snapshot as never, event, scope as never) as SnapshotFrom<M>),
  };
}
