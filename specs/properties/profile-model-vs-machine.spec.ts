import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { createStepper } from '../../machines/platform/index.js';
import { withGuardsOf } from './support/planted.js';
import { opArbFor, predict, resolve, type ProfileOp } from './support/profile-harness.js';
import { GRAPH_WORLDS, USER, describeOp, inputOf, machineEvent, machineOf, worldName, worldOf } from './support/profile-machine.js';
import * as model from './support/profile-model.js';
import { toProfileModel } from './support/profile-world.arbitrary.js';
import { assertProperty } from './support/run-property.js';

/**
 * The reference model against each profile's thread machine, without HTTP: random command lists on one
 * thread, each command given to the model and (as the machine event the platform would make of it) to
 * the machine. After every command the refusal, the owner, the deadline, the user's last message and
 * the control changes must agree. Thousands of stories a second: where the HTTP properties sample, this
 * one sweeps; a disagreement names the first command where the two rule books part.
 */
const FILE = 'specs/properties/profile-model-vs-machine.spec.ts';
/** One page, the world's three apps A, B, C (the machine events name them by index), one known user. */
const ONE_THREAD = { pages: 1, apps: 3, users: 1, ownerAndDefault: false };

type Change = { type: string; from?: string | null; to?: string; requester?: string };

/** The control changes the model's webhook events announce (every app of these worlds hears them). */
function modelChanges(p: model.Prediction): Change[] {
  return p.events.flatMap((e): Change[] => {
    const body = e.event as Record<string, { previous_owner_app_id?: string | null; new_owner_app_id?: string; requested_owner_app_id?: string | number }>;
    if (body['pass_thread_control']) return [{ type: 'control_passed', from: body['pass_thread_control'].previous_owner_app_id ?? null, to: body['pass_thread_control'].new_owner_app_id }];
    if (body['take_thread_control']) return [{ type: 'control_taken', from: body['take_thread_control'].previous_owner_app_id ?? null, to: body['take_thread_control'].new_owner_app_id }];
    if (body['request_thread_control']) return [{ type: 'control_requested', requester: String(body['request_thread_control'].requested_owner_app_id) }];
    return [];
  });
}

/**
 * The control changes a machine emits that Meta announces with a webhook (a take from idle: none), to an
 * app of the page (the unlisted Page Inbox hears nothing).
 */
function machineChanges(emitted: readonly { type: string }[], installed: readonly string[]): Change[] {
  return emitted.flatMap((e): Change[] => {
    const x = e as Change & { owner?: string };
    if (x.type === 'control_passed' && installed.includes(x.to!)) return [{ type: x.type, from: x.from ?? null, to: x.to }];
    if (x.type === 'control_taken' && x.from !== null && installed.includes(x.from!)) return [{ type: x.type, from: x.from, to: x.to }];
    if (x.type === 'control_requested' && installed.includes(x.owner!)) return [{ type: x.type, requester: x.requester }];
    return [];
  });
}

function agree(w: (typeof GRAPH_WORLDS)[number], ops: readonly ProfileOp[], machine: AnyStateMachine = machineOf(w.rulebook)): void {
  const m = toProfileModel(worldOf(w));
  const stepper = createStepper(machine);
  let snapshot = stepper.start(inputOf(w) as never).snapshot;
  const story: string[] = [];
  for (const o of ops) {
    story.push(describeOp(o));
    const where = () => `${worldName(w)}: ${story.join(' → ')}`;
    const prediction = predict(m, resolve(m, o), 'm');
    const event = machineEvent(w, o, m.now);
    const { snapshot: next, emitted } = event === null ? { snapshot, emitted: [] } : stepper.step(snapshot, event as never);
    snapshot = next;
    const refusal = (emitted.find((e) => e.type === 'refused') as { refusal?: string } | undefined)?.refusal;
    expect(refusal, `${where()}: refusal`).toBe(prediction.ok ? undefined : prediction.error);
    expect(machineChanges(emitted, m.pages[0]!.installed), `${where()}: control changes`).toEqual(modelChanges(prediction));
    const c = snapshot.context as model.Thread;
    // A deadline the machine has not yet been asked about counts as passed, as the platform's reads do.
    const shown = c.owner !== null && c.expiresAt !== null && m.now >= c.expiresAt ? { ...c, owner: null, expiresAt: null } : c;
    expect({ owner: shown.owner, expiresAt: shown.expiresAt, lastUserMessageAt: shown.lastUserMessageAt }, `${where()}: thread`).toEqual(model.threadAt(m.pages[0]!, USER, m.now));
  }
}

describe('the reference model agrees with each profile thread machine (no HTTP)', () => {
  for (const w of GRAPH_WORLDS) {
    const testName = `${worldName(w)}: refusals, owners, deadlines and control changes agree`;
    it(testName, async () => {
      await assertProperty({ file: FILE, testName, property: `model-vs-machine ${worldName(w)}`, numRuns: 200 }, () =>
        fc.property(fc.array(opArbFor(w.rulebook.profile, ONE_THREAD), { maxLength: 14 }), (ops) => agree(w, ops)));
    });
  }

  it('a disagreement is found: a machine whose control never expires', () => {
    const w = GRAPH_WORLDS[2]!;
    const planted = withGuardsOf('conversation-routing', { controlExpired: () => false }).threadControl;
    const out = fc.check(fc.property(fc.array(opArbFor(w.rulebook.profile, ONE_THREAD), { maxLength: 14 }), (ops) => agree(w, ops, planted)), { seed: 20261130, numRuns: 400 });
    expect(out.failed).toBe(true);
    console.log(`[model-vs-machine] planted "control never expires": ${(out.errorInstance as Error).message.split('\n')[0]}`);
  });
});
