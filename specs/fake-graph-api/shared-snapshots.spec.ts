import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { createStepper, PROFILES, type Stepper } from '../../machines/platform/index.js';
import { shareSnapshots } from '../../fake-graph-api/shared-snapshots.js';
import { A, B, C, IDLE_OWNED_PATHS, NO_ROLES, T, WITH_PRIMARY, ZERO_CONFIG } from '../machines/platform/support/idle-owned-paths.js';

/**
 * The platform runs every thread event through the machine and keeps one shared snapshot per distinct
 * (status, state, context): threads hold a reference to one of a few snapshots instead of one each.
 */
const events = IDLE_OWNED_PATHS.find((p) => p.name === 'crThread')!.events;
/** Two secondaries: under HOP v1 the state (`withSecondary`) alone does not say which one owns the thread. */
const TWO_SECONDARIES = { apps: [A, B, C], roles: { primary: A, secondaries: [B, C] } };
// HOP v1's and v2's pages: the same calls, on pages with roles and on one without (v1 ignores the calls it lacks).
const v2Events = IDLE_OWNED_PATHS.find((p) => p.name === 'hopV2Thread')!.events;
const v1Events = [...v2Events, ...v2Events.map((e) => ('page' in e ? { ...e, page: TWO_SECONDARIES } : e))];
const CASES = Object.values(PROFILES).map((profile) => ({
  profile,
  events: profile.name === 'conversation-routing' ? events : v1Events,
  input: { page: profile.name === 'conversation-routing' ? ZERO_CONFIG : WITH_PRIMARY, now: T, lastUserMessageAt: T },
}));

const view = (s: { snapshot: unknown; emitted: unknown }) => {
  const { status, value, context } = s.snapshot as AnyMachineSnapshot;
  return { status, value, context, emitted: s.emitted };
};

function stateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap(stateNodes)];
}

/** Walks `script` (indices into `alphabet`) from the start with `stepper`; every step's snapshot and effects. */
function walk(stepper: Stepper<AnyStateMachine>, input: unknown, alphabet: readonly object[], script: readonly number[]) {
  let step = stepper.start(input);
  const steps = [step];
  for (const i of script) steps.push((step = stepper.step(step.snapshot, alphabet[i % alphabet.length] as never)));
  return steps;
}

describe('shared thread snapshots', () => {
  it.each(CASES)('$profile.name: status, state and context are all a step reads of a snapshot (no history states, no children)', ({ profile }) => {
    const nodes = stateNodes(profile.threadControl.root);
    expect(nodes.filter((n) => n.type === 'history').map((n) => n.id)).toEqual([]);
    expect(nodes.filter((n) => n.invoke.length > 0).map((n) => n.id)).toEqual([]);
  });

  it.each(CASES)('$profile.name: every step through shared snapshots is the machine\'s own step (random event sequences)', ({ profile, events: alphabet, input }) => {
    fc.assert(
      fc.property(fc.array(fc.nat(alphabet.length - 1), { maxLength: 40 }), (script) => {
        const shared = shareSnapshots(createStepper(profile.threadControl));
        // Two walks through one shared stepper: the second reuses the first's snapshots wherever they meet.
        walk(shared, input, alphabet, [...script].reverse());
        expect(walk(shared, input, alphabet, script).map(view)).toEqual(walk(createStepper(profile.threadControl), input, alphabet, script).map(view));
      }),
      { numRuns: 60 },
    );
  });

  it('threads in the same state hold one object; threads with different owners never share one', () => {
    const shared = shareSnapshots(createStepper(PROFILES['hop-v1'].threadControl));
    const pass = (to: string) => ({ type: 'pass_thread_control', page: TWO_SECONDARIES, caller: A, target: to, metadata: null });
    const start = shared.start({ page: TWO_SECONDARIES }).snapshot;
    const first = shared.step(start, pass(B) as never).snapshot;
    const second = shared.step(start, pass(B) as never).snapshot;
    expect(second).toBe(first);
    const toC = shared.step(start, pass(C) as never).snapshot;
    const inactive = shared.step(start, { type: 'app_roles_changed', page: NO_ROLES } as never).snapshot;
    expect([start, first, toC, inactive].map((s) => [(s as AnyMachineSnapshot).value, (s as AnyMachineSnapshot).context])).toEqual([
      [{ handoverActive: 'withPrimary' }, { owner: A }],
      [{ handoverActive: 'withSecondary' }, { owner: B }],
      [{ handoverActive: 'withSecondary' }, { owner: C }],
      ['handoverInactive', { owner: null }],
    ]);
    expect(new Set([start, first, toC, inactive]).size).toBe(4);
    expect(shared.size).toBe(4);
  });

  it('the table stays bounded: past its limit it starts afresh, and steps stay right', () => {
    const shared = shareSnapshots(createStepper(PROFILES['hop-v2'].threadControl), 2);
    const input = { page: WITH_PRIMARY, now: T, lastUserMessageAt: T };
    const script = [...Array(30).keys()];
    const steps = walk(shared, input, v2Events, script);
    expect(shared.size).toBeLessThanOrEqual(2);
    expect(steps.map(view)).toEqual(walk(createStepper(PROFILES['hop-v2'].threadControl), input, v2Events, script).map(view));
  });
});
