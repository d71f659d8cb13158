import { describe, expect, it } from 'vitest';
import { BotLifeline, describeEvent } from '../../simulator/conformance/bot-lifeline.js';
import type { Delivery } from '../../simulator/conformance/harness.js';
import { notRun, withCrashes } from '../../simulator/conformance/root-cause.js';
import type { CheckResult } from '../../simulator/conformance/types.js';

/** Without a process to restart: the first lost connection is the root cause, and the bot stays down. */
const delivery = (seq: number, over: Partial<Delivery>): Delivery => ({
  seq, at: 1000 + seq, source: 'harness', kinds: ['message'], channels: ['messaging'], psids: ['3100000001'], body: '{}', latencyMs: 3, ...over,
});
// Nothing listens on port 9 (discard): a look at the webhook finds the bot still down.
const lifeline = () => new BotLifeline({ webhook: 'http://127.0.0.1:9/webhook' });
const base = { id: 'survives', number: 10, title: 'Survives' };

describe('the bot lifeline (no process of its own)', () => {
  it('files the first lost connection once, as the root cause of the check that sent the event', async () => {
    const l = lifeline();
    l.beginCheck('every-event-answered');
    await l.delivered(delivery(0, { status: 200 }));
    await l.delivered(delivery(1, { status: 500 })); // an answer, however bad, is not a bot that went down
    expect([l.down, l.rootCauses]).toEqual([false, []]);
    await l.delivered(delivery(2, { error: 'UND_ERR_SOCKET', kinds: ['message'], channels: ['standby'] }));
    await l.delivered(delivery(3, { error: 'ECONNREFUSED', label: 'app_roles' }));
    expect(l.down).toBe(true);
    expect(l.rootCauses).toEqual([{ after: 'message on standby', check: 'every-event-answered', stderr: [], againIn: [] }]);
    expect(l.crashesInCheck('every-event-answered')).toEqual([{ cause: 1, after: 'message on standby', first: true }]);
    // A timeout is a slow bot, not a dead one.
    const slow = lifeline();
    await slow.delivered(delivery(0, { error: 'timeout after 5000 ms' }));
    expect([slow.down, slow.rootCauses]).toEqual([false, []]);
  });

  it('stays down while nothing answers on the webhook', async () => {
    const l = lifeline();
    await l.delivered(delivery(0, { error: 'ECONNREFUSED' }));
    expect(await l.waitUntilUp(0)).toBe(false);
    expect(l.down).toBe(true);
  });

  it('a check met by the crash fails with the cause; the checks after it are not run, with their own status', () => {
    const check: CheckResult = { ...base, id: 'every-event-answered', number: 2, status: 'fail', summary: '3 of 10 deliveries not answered', excerpt: ['+0ms → webhook'], durationMs: 5 };
    const cause = { after: 'standby message', check: 'every-event-answered', stderr: [], againIn: [] };
    expect(withCrashes(check, [{ cause: 1, after: 'standby message', first: true }], [cause])).toEqual({
      ...check,
      summary: 'the bot went down after standby message: it probably crashed on it',
      excerpt: ['what the check saw otherwise: FAIL 3 of 10 deliveries not answered', '+0ms → webhook'],
      rootCause: 1,
    });
    expect(withCrashes(check, [], [cause])).toBe(check);
    expect(notRun(base, [cause])).toEqual({ ...base, status: 'not-run', summary: 'not run: the bot is down (it went down after standby message, in every-event-answered)', excerpt: [], durationMs: 0 });
  });

  it('names an event by the label its check gave it, or by its kinds and channels', () => {
    expect(describeEvent(delivery(0, { label: 'a forged signature' }))).toBe('a forged signature');
    expect(describeEvent(delivery(0, { kinds: ['postback', 'message'], channels: ['standby', 'messaging'] }))).toBe('postback on standby, message');
  });
});
