import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { pageInboxMachine } from '../../../machines/apps/page-inbox.machine.js';
import { primaryReceiverMachine } from '../../../machines/apps/primary-receiver.machine.js';
import { secondaryReceiverMachine } from '../../../machines/apps/secondary-receiver.machine.js';
import { userMachine } from '../../../machines/apps/user.machine.js';
import { createStepper, tabulate } from '../../../machines/platform/index.js';

/**
 * App hosts run each app machine through a transition table learned from it (machines/platform/transition-table.ts),
 * as the platform runs its HOP v1 threads: a crowd's apps walk a few dozen distinct steps, each run by xstate
 * once. Whatever the table answers must be the machine's own step, on every thread.
 */
const LIVE_CHAT = '263902037430900';
const channel = fc.constantFrom('messaging' as const, 'standby' as const);
const text = fc.constantFrom('hi', 'agent', 'bot', 'I need a human', 'thanks', 'bye');
const mid = fc.string({ minLength: 1, maxLength: 8 }).map((s) => `m_${s}`);
const calls = ['send', 'pass_thread_control', 'take_thread_control', 'request_thread_control', 'release_thread_control', 'extend_thread_control', 'thread_owner'] as const;
/** Every event some app machine takes, each from a few values; a machine ignores the types it has no transition for. */
const appEvent: fc.Arbitrary<{ type: string }> = fc.oneof(
  fc.record({ type: fc.constant('message'), channel, text, mid }),
  fc.record({ type: fc.constant('postback'), channel, title: text, payload: fc.constantFrom(null, 'TALK_TO_HUMAN', 'MENU') }),
  fc.record({ type: fc.constant('echo'), channel, appId: fc.constantFrom(LIVE_CHAT, '1', '2'), text: fc.option(text, { nil: null }) }),
  fc.record({ type: fc.constant('api_result'), call: fc.constantFrom(...calls), ok: fc.boolean(), code: fc.constantFrom(null, 10), subcode: fc.constantFrom(null, 2018300, 2018278) }),
  fc.record({ type: fc.constant('pass_thread_control'), from: fc.constantFrom(null, LIVE_CHAT, '1'), to: fc.constantFrom('1', '2', LIVE_CHAT), metadata: fc.constantFrom(null, 'm') }),
  fc.record({ type: fc.constant('take_thread_control'), from: fc.constantFrom('1', '2', LIVE_CHAT), to: fc.constantFrom(null, '1'), metadata: fc.constant(null) }),
  fc.record({ type: fc.constant('request_thread_control'), requester: fc.constantFrom(LIVE_CHAT, '2'), metadata: fc.constant(null) }),
  fc.record({ type: fc.constant('timer'), name: fc.constantFrom('take_back', 'agent_reply', 'hand_back'), episode: fc.nat(3) }),
  fc.record({ type: fc.constantFrom('agent_reply', 'broadcast', 'write'), text }),
  fc.record({ type: fc.constant('tap'), title: text, payload: fc.constantFrom('TALK_TO_HUMAN', 'MENU') }),
  fc.record({ type: fc.constant('inbox_result'), action: fc.constantFrom('done', 'take', 'reply'), ok: fc.boolean() }),
  fc.constantFrom({ type: 'open_conversation' }, { type: 'close_conversation' }, { type: 'hand_back' }, { type: 'mark_done' }, { type: 'move_to_inbox' }),
);

const view = (step: { snapshot: unknown; emitted: unknown }) => {
  const { value, context, status } = step.snapshot as AnyMachineSnapshot;
  return { value, context, status, emitted: step.emitted };
};

const MACHINES: { name: string; machine: AnyStateMachine; input: unknown }[] = [
  { name: 'primary receiver', machine: primaryReceiverMachine, input: {} },
  { name: 'secondary receiver', machine: secondaryReceiverMachine, input: {} },
  { name: 'page inbox', machine: pageInboxMachine, input: {} },
  { name: 'user', machine: userMachine, input: undefined },
];

describe('app machines through a transition table', () => {
  it.each(MACHINES)('$name: steps exactly like the machine itself, on several threads sharing one table', ({ machine, input }) => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), appEvent), { maxLength: 60 }), (script) => {
        const plain = createStepper(machine);
        const table = tabulate(createStepper(machine), { verify: false });
        const start = plain.start(input).snapshot;
        const threads = [0, 1, 2].map(() => ({ plain: start, table: start }));
        for (const [thread, event] of script) {
          const t = threads[thread]!;
          const a = plain.step(t.plain, event as never);
          const b = table.step(t.table, event as never);
          expect(view(b)).toEqual(view(a));
          t.plain = a.snapshot;
          t.table = b.snapshot;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('threads that take the same step share its result: computed once, one snapshot object', () => {
    const table = tabulate(createStepper(userMachine));
    const start = table.start(undefined).snapshot;
    const ann = table.step(start, { type: 'write', text: 'hi' });
    const bo = table.step(start, { type: 'write', text: 'hi' });
    expect(bo.snapshot).toBe(ann.snapshot);
    expect(bo.emitted).toEqual([{ type: 'user_writes', text: 'hi' }]);
    expect(table.size).toBe(1);
    expect(table.step(start, { type: 'write', text: 'hello' }).emitted).toEqual([{ type: 'user_writes', text: 'hello' }]);
    expect(table.size).toBe(2);
  });

  it("a message's mid is read by no step of the primary, so messages that differ only in it share one step", () => {
    const table = tabulate(createStepper(primaryReceiverMachine));
    const start = table.start({}).snapshot;
    const message = (m: string, t = 'hi') => ({ type: 'message', channel: 'messaging', text: t, mid: m });
    const first = table.step(start, message('m_1') as never);
    expect(table.step(start, message('m_2') as never)).toBe(first);
    expect(table.step(start, message('m_1', 'agent') as never)).not.toBe(first);
  });

  it('the test suite runs with verification on', () => {
    expect(process.env['HANDOVER_SIM_VERIFY_MEMO']).toBe('1');
  });
});
