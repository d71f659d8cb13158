import { describe, expect, it } from 'vitest';
import { conformSupervised, InProcessBot, PROCESSES_TIMEOUT_MS } from './example-bots.js';

/**
 * Check 8 judges what follows the forged event, not what the bot had already set in motion: Meta's sample
 * app (original-coast-clothing) sends its greeting in timed steps, so sends for the threads of earlier
 * checks can land while check 8 waits. Those are not the forged event's doing; a call for the forged
 * sender is.
 */
describe('forged-signature beside sends the bot had already scheduled', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  const run = async (bugs: Record<string, unknown>) => {
    const report = await conformSupervised(await InProcessBot.withBugs(bugs), { only: ['keeps-listening', 'forged-signature'], concurrency: 1 });
    const forged = report.results.find((r) => r.id === 'forged-signature')!;
    return { status: forged.status, summary: forged.summary, followUps: forged.excerpt.filter((l) => l.includes('"Anything else?"')).length };
  };

  it('a follow-up sent for an earlier thread while check 8 waits does not fail it; acting on the forged event does', async () => {
    // Check 4's last reply ("You said: hello again") is followed up 400 ms later, after check 4 settled
    // (250 ms of quiet): while check 8 waits on its forged event.
    const [follows, acts] = await Promise.all([run({ followsUpAfterMs: 400 }), run({ followsUpAfterMs: 400, ignoresSignature: true })]);
    expect(follows).toMatchObject({ status: 'pass', summary: 'no call followed the forged event (the bot answered HTTP 403)' });
    expect(acts.status).toBe('fail');
    expect(acts.summary).toMatch(/^[12] Graph call\(s\) followed a forged event \(the bot answered it HTTP 200\)$/);
  });
});
