import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../simulator/conformance/bot-environment.js';
import { runConformance } from '../../simulator/conformance/runner.js';
import { APP_ID, APP_SECRET, PROCESSES_TIMEOUT_MS, QUIET_MS, VERIFY_TOKEN } from './example-bots.js';

/**
 * `runConformance({ botCommand })`: the crash-on-standby bot as a process of its own. It dies on every
 * standby entry; each time conform files the crash under the one root cause, starts it again before the
 * next POST, and the checks after the crash talk to the new process.
 */
const ROOT = join(import.meta.dirname, '../..');

describe('conform restarts a bot it started', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  it('one root cause, met again in a later check; every restart told; the last check passes against the restarted bot', async () => {
    const restarts: [string, string, boolean][] = [];
    const report = await runConformance({
      webhook: `http://127.0.0.1:${await freePort()}/webhook`,
      appId: APP_ID,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      quietMs: QUIET_MS,
      waitForBotMs: 30_000,
      only: ['2', '3', '10'],
      botCommand: [process.execPath, join(ROOT, 'examples/bots/crashes-on-standby-bot.mjs')],
      onBotRestart: (after, exit, up) => restarts.push([after, exit.how, up]),
    });
    expect(report.results.map((r) => [r.id, r.status, r.rootCause])).toEqual([
      ['every-event-answered', 'fail', 1],
      ['only-owner-sends', 'fail', 1],
      ['survives', 'pass', undefined],
    ]);
    expect(report.results[1]!.summary).toBe('the bot went down again after message on standby: the same root cause as in every-event-answered (exit code 1), restarted');
    expect(report.rootCauses).toHaveLength(1);
    expect(report.rootCauses[0]).toMatchObject({ after: 'standby message', check: 'every-event-answered', exit: 'exit code 1', againIn: ['only-owner-sends'] });
    expect(report.rootCauses[0]!.stderr).toContain('TypeError: entry.messaging is not iterable');
    // Check 2: a standby message, a standby postback, the batch (it has standby entries); check 3: a standby message and a postback.
    expect(restarts).toEqual([
      ['standby message', 'exit code 1', true],
      ['standby postback without payload', 'exit code 1', true],
      ['batched entries', 'exit code 1', true],
      ['message on standby', 'exit code 1', true],
      ['postback on standby', 'exit code 1', true],
    ]);
    expect(report.ok).toBe(false);
  });
});
