import { describe, expect, it } from 'vitest';
import { Activity } from '../../simulator/conformance/activity.js';

/**
 * On a loaded machine the conformance process can be stalled longer than the quiet period. Node then runs
 * the timers that fell due before the I/O that came in meanwhile, so a settle that trusted its first look
 * after the stall would call the bot done a moment before its next call is read (the sends-after-pass bot
 * then "passed" only-owner-sends under load). A late look is not trusted.
 */
describe('settling on a stalled process', () => {
  it('the call that arrives after a stall is seen before the thread is called settled', async () => {
    const activity = new Activity({ quietMs: 100, graceMs: 20, settleTimeoutMs: 5000 });
    activity.deliveryQueued(['3100000001']);
    activity.deliveryDone(['3100000001'], true);
    activity.call('3100000001'); // the bot answered: a short grace, then settled unless it calls again
    let seenAt = 0;
    // The stall comes after the timers of a turn of the event loop (here in its check phase, as it would in
    // the I/O phase): the next turn runs the timers that fell due meanwhile first, and only then what came
    // in during the stall (here a setImmediate of the next check phase): the bot's next call.
    setTimeout(() =>
      setImmediate(() => {
        const end = Date.now() + 200;
        while (Date.now() < end); // the process does not get to run for 200 ms
        setImmediate(() => {
          activity.call('3100000001');
          seenAt = Date.now();
        });
      }),
    1);
    await activity.settle(['3100000001']);
    expect(seenAt).toBeGreaterThan(0);
    expect(activity.settled(['3100000001'])).toBe(true);
  });
});

describe('the grace after the bot answered', () => {
  const answeredAt = (activity: Activity, latencyMs: number) => {
    activity.deliveryQueued(['3100000001']);
    activity.deliveryDone(['3100000001'], true, 1000, latencyMs);
    activity.call('3100000001', 1000);
  };

  it('is graceMs for a bot that answers its webhook at once', () => {
    const activity = new Activity({ quietMs: 400, graceMs: 60, settleTimeoutMs: 5000 });
    answeredAt(activity, 4);
    expect([activity.settled(['3100000001'], {}, 1059), activity.settled(['3100000001'], {}, 1060)]).toEqual([false, true]);
  });

  it('grows with the bot\'s recent answer times (a slow bot, or a loaded machine, is slow between its steps too), up to the ceiling', () => {
    const slow = new Activity({ quietMs: 400, graceMs: 60, settleTimeoutMs: 5000 });
    answeredAt(slow, 100);
    expect([slow.settled(['3100000001'], {}, 1299), slow.settled(['3100000001'], {}, 1300)]).toEqual([false, true]);
    const slower = new Activity({ quietMs: 400, graceMs: 60, settleTimeoutMs: 5000 });
    answeredAt(slower, 1000);
    expect([slower.settled(['3100000001'], {}, 1399), slower.settled(['3100000001'], {}, 1400)]).toEqual([false, true]);
  });
});
