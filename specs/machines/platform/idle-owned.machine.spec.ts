import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { createStepper, crThreadMachine, hopV2ThreadMachine } from '../../../machines/platform/index.js';
import { A, B, C, T, WITH_DEFAULT, WITH_PRIMARY, ZERO_CONFIG } from './support/idle-owned-paths.js';

/** The HOP v2 and CR rule books run as the Platform runs them (createStepper), one rule per test. */
const DAY = 86_400_000;

function runner(machine: AnyStateMachine, page: object) {
  const stepper = createStepper(machine);
  let step = stepper.start({ page, now: T, lastUserMessageAt: T });
  return (event: Record<string, unknown>) => {
    step = stepper.step(step.snapshot, { page, now: T, ...event } as never);
    return { value: step.snapshot.value, context: step.snapshot.context, emitted: step.emitted };
  };
}

/** The expiry rule, run against a machine: a thread routed to the default app, then a read a day later. */
function readADayLater(machine: AnyStateMachine) {
  const send = runner(machine, WITH_DEFAULT);
  send({ type: 'user_message', entryPoint: null });
  return send({ type: 'read_thread_owner', caller: B, now: T + DAY });
}

describe('idle / owned thread machines', () => {
  it('§4.3 lazy expiry: the first event after the deadline finds the thread idle and is handled as idle; no webhook, only control_expired', () => {
    expect(readADayLater(crThreadMachine)).toEqual({
      value: 'idle',
      context: { owner: null, expiresAt: null, lastUserMessageAt: T },
      emitted: [{ type: 'control_expired', from: A }, { type: 'owner_read', owner: null, expiresAt: null, appIdVisible: false }],
    });
  });

  it('the expiry spec catches a machine that never expires (planted bug)', () => {
    const neverExpires = crThreadMachine.provide({ guards: { controlExpired: () => false } });
    expect(readADayLater(neverExpires).value).toBe('owned');
  });

  it('§4.3 a deadline moves only forward: a user message after a 7-day extension keeps the extension', () => {
    const send = runner(hopV2ThreadMachine, WITH_PRIMARY);
    send({ type: 'user_message', entryPoint: null });
    send({ type: 'extend_thread_control', caller: A, durationSeconds: 604_800 });
    expect(send({ type: 'user_message', entryPoint: null, now: T + DAY }).context).toEqual({ owner: A, expiresAt: T + 7 * DAY, lastUserMessageAt: T + DAY });
  });

  it('§1.3 a request race under zero-config: the first requester gets control with a pass, the second only asks it', () => {
    const send = runner(crThreadMachine, ZERO_CONFIG);
    expect(send({ type: 'request_thread_control', caller: B, metadata: null }).emitted).toEqual([{ type: 'control_passed', from: null, to: B, metadata: null }]);
    expect(send({ type: 'request_thread_control', caller: C, metadata: null })).toEqual({
      value: 'owned',
      context: { owner: B, expiresAt: T + DAY, lastUserMessageAt: T },
      emitted: [{ type: 'control_requested', requester: C, owner: B, metadata: null }],
    });
  });

  it('§3 a refused call changes nothing: a send by a non-owner leaves the snapshot as it was', () => {
    const send = runner(crThreadMachine, WITH_DEFAULT);
    const before = send({ type: 'user_message', entryPoint: null });
    const refused = send({ type: 'send', caller: B, timing: { messagingType: null, tag: null }, threadControl: { appId: C, controlType: 'pass' } });
    expect(refused).toEqual({ value: before.value, context: before.context, emitted: [{ type: 'refused', refusal: 'send_not_owner' }] });
  });
});
