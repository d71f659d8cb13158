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
