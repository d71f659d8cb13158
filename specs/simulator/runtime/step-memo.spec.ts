import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { appEventKey } from '../../../machines/apps/app-events.js';
import { primaryReceiverMachine, type PrimaryReceiverEvent } from '../../../machines/apps/primary-receiver.machine.js';
import { userMachine } from '../../../machines/apps/user.machine.js';
import { createStepper } from '../../../machines/platform/step.js';
import { memoize } from '../../../simulator/runtime/step-memo.js';

const LIVE_CHAT = '263902037430900';
const channel = fc.constantFrom('messaging' as const, 'standby' as const);
const text = fc.constantFrom('hi', 'agent', 'bot', 'I need a human', 'thanks');
const mid = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `m_${s}`);
const primaryEvent: fc.Arbitrary<PrimaryReceiverEvent> = fc.oneof(
  fc.record({ type: fc.constant('message' as const), channel, text, mid }),
  fc.record({ type: fc.constant('echo' as const), channel, appId: fc.constantFrom(LIVE_CHAT, '1'), text: fc.option(text, { nil: null }) }),
  fc.record({ type: fc.constant('api_result' as const), call: fc.constantFrom('send' as const, 'pass_thread_control' as const, 'take_thread_control' as const), ok: fc.boolean(), code: fc.constantFrom(null, 10), subcode: fc.constantFrom(null, 2018300) }),
  fc.record({ type: fc.constant('pass_thread_control' as const), from: fc.constantFrom(null, LIVE_CHAT), to: fc.constantFrom('1', LIVE_CHAT), metadata: fc.constant(null) }),
  fc.record({ type: fc.constant('take_thread_control' as const), from: fc.constantFrom('1', LIVE_CHAT), to: fc.constantFrom(null, '1'), metadata: fc.constant(null) }),
  fc.record({ type: fc.constant('request_thread_control' as const), requester: fc.constantFrom(LIVE_CHAT), metadata: fc.constant(null) }),
  fc.record({ type: fc.constant('timer' as const), name: fc.constant('take_back'), episode: fc.nat(3) }),
  fc.constantFrom({ type: 'open_conversation' as const }, { type: 'close_conversation' as const }),
  fc.record({ type: fc.constant('broadcast' as const), text }),
);

const view = (snapshot: AnyMachineSnapshot) => ({ value: snapshot.value, context: snapshot.context });

describe('step memo', () => {
  it('steps exactly like the machine itself, for any event sequences on several threads', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), primaryEvent), { maxLength: 60 }), (script) => {
        const plain = createStepper(primaryReceiverMachine);
        const memo = memoize(createStepper(primaryReceiverMachine), { key: appEventKey, verify: false });
        const start = plain.start({}).snapshot;
        const threads = [0, 1, 2].map(() => ({ plain: start, memo: start }));
        for (const [thread, event] of script) {
          const t = threads[thread]!;
          const a = plain.step(t.plain, event);
          const b = memo.step(t.memo, event);
          expect(view(b.snapshot)).toEqual(view(a.snapshot));
          expect(b.emitted).toEqual(a.emitted);
          t.plain = a.snapshot;
          t.memo = b.snapshot;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('threads that take the same step share its result: computed once, one snapshot object', () => {
    const memo = memoize(createStepper(userMachine), { key: appEventKey });
    const start = memo.start(undefined).snapshot;
    const ann = memo.step(start, { type: 'write', text: 'hi' });
    const bo = memo.step(start, { type: 'write', text: 'hi' });
    expect(bo.snapshot).toBe(ann.snapshot);
    expect(bo.emitted).toEqual([{ type: 'user_writes', text: 'hi' }]);
    expect(memo.size).toBe(1);
    expect(memo.step(start, { type: 'write', text: 'hello' }).snapshot).not.toBe(ann.snapshot);
    expect(memo.size).toBe(2);
  });

  it("a message's mid is not part of the key; everything else is", () => {
    const message = (m: string, t = 'hi') => ({ type: 'message', channel: 'messaging', text: t, mid: m });
    expect(appEventKey(message('m_1'))).toBe(appEventKey(message('m_2')));
    expect(appEventKey(message('m_1'))).not.toBe(appEventKey(message('m_1', 'agent')));
    const echo = (t: string | null) => ({ type: 'echo', channel: 'standby', appId: '1', text: t });
    expect(appEventKey(echo(null))).not.toBe(appEventKey(echo('null')));
    // No text forges another field, and nested values count in full.
    const otherApp = { ...echo('x'), appId: '2' };
    expect(appEventKey(echo('x","appId":"2'))).not.toBe(appEventKey(otherApp));
    const roles = (r: Record<string, string[]>) => ({ type: 'app_roles', roles: r });
    expect(appEventKey(roles({ '1': ['primary_receiver'] }))).not.toBe(appEventKey(roles({ '1': ['secondary_receiver'] })));
  });

  it('verify catches a key that leaves out something the machine reads', () => {
    const byTypeOnly = (verify: boolean) => memoize(createStepper(userMachine), { key: (e) => e.type, verify });
    const careless = byTypeOnly(false);
    const start = careless.start(undefined).snapshot;
    careless.step(start, { type: 'write', text: 'hi' });
    // Without the check the memo answers with the first step's effect: the user "writes" the wrong text.
    expect(careless.step(start, { type: 'write', text: 'bye' }).emitted).toEqual([{ type: 'user_writes', text: 'hi' }]);
    const checked = byTypeOnly(true);
    checked.step(start, { type: 'write', text: 'hi' });
    expect(() => checked.step(start, { type: 'write', text: 'bye' })).toThrow(
      'step memo of machine "user": the same snapshot and event key write stepped differently; the key leaves out something the machine reads',
    );
  });

  it('stays bounded: past its limit it starts afresh', () => {
    const memo = memoize(createStepper(userMachine), { key: appEventKey, limit: 2 });
    const start = memo.start(undefined).snapshot;
    memo.step(start, { type: 'write', text: 'a' });
    memo.step(start, { type: 'write', text: 'b' });
    expect(memo.size).toBe(2);
    const c = memo.step(start, { type: 'write', text: 'c' });
    expect(memo.size).toBe(1);
    expect(c.emitted).toEqual([{ type: 'user_writes', text: 'c' }]);
  });

  it('the test suite runs with verification on', () => {
    expect(process.env['HANDOVER_SIM_VERIFY_MEMO']).toBe('1');
  });
});
