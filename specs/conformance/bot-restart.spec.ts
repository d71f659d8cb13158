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
  it('one root cause, met again in a later check and told by its event; every restart told; the last check passes against the restarted bot', async () => {
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
    expect(report.results[0]!.summary).toBe('the bot went down on standby message: root cause 1, TypeError: entry.messaging is not iterable (exit code 1), restarted');
    expect(report.results[1]!.summary).toBe('the bot went down on message on standby: root cause 1, TypeError: entry.messaging is not iterable (exit code 1), restarted');
    expect(report.results[1]!.excerpt[0]).toBe('it went down 2 times in this check, on: message on standby; postback on standby');
    // One bug: one cause, keyed on the error and the bot's own frames, told by sending the event again alone.
    // Told as the one POST it dropped, or (when an answer came as it was sent) by sending the candidates again.
    expect(['only-candidate', 'reproduced']).toContain(report.rootCauses[0]!.attributed);
    expect(report.rootCauses.map(({ stderr, frames, attributed, ...c }) => c)).toEqual([
      { after: 'standby message', check: 'every-event-answered', failed: ['every-event-answered', 'only-owner-sends'], knockedOn: [], times: 5, exit: 'exit code 1', error: 'TypeError: entry.messaging is not iterable' },
    ]);
    expect(report.rootCauses[0]!.frames.map((f) => f.replace(/\(file:\/\/.*\/examples/, '(examples').replace(/:\d+:(\d+)\)$/, ':<line>:$1)'))).toEqual(['handle (examples/bots/bot-kit.mjs:<line>:34)', 'Server.<anonymous> (examples/bots/bot-kit.mjs:<line>:17)']);
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
