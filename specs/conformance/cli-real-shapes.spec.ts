import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import type { ConformanceReport } from '../../simulator/conformance/types.js';
import { APP_ID, APP_SECRET, PROCESSES_TIMEOUT_MS, VERIFY_TOKEN } from './example-bots.js';

/**
 * The shapes real bots have, each a process conform starts (`-- <command>`): a bot that answers only Meta's
 * handshake GET, one that answers 200 and then dies of an unhandled rejection on a standby entry while
 * logging every request to stderr and taking 1.2 s to listen (issue 21), one that takes 1.5 s to start.
 * One root cause for the one bug, concurrent and --sequential.
 */
const ROOT = join(import.meta.dirname, '../..');
const BOT_ARGS = ['--app-id', APP_ID, '--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN, '--port', '0', '--quiet-ms', '250', '--protocol', 'hop-v1'];

async function conform(context: TestContext, bot: string, extra: string[]): Promise<{ code: number | null; stdout: string; report: ConformanceReport }> {
  const json = join(mkdtempSync(join(tmpdir(), 'conform-')), 'conform.json');
  const child = spawn(process.execPath, [join(ROOT, 'bin/handover-sim.js'), 'conform', ...BOT_ARGS, ...extra, '--report', `json:${json}`, '--', process.execPath, `examples/bots/${bot}.mjs`], { cwd: ROOT });
  context.onTestFinished(() => void child.kill());
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, report: JSON.parse(readFileSync(json, 'utf8')) as ConformanceReport };
}

describe('conform -- <command> against the shapes of real bots', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  it('answers 200, then dies on standby, logs every request, starts in 1.2 s: one cause, on the standby event, either way', async (context) => {
    const [concurrent, sequential] = await Promise.all([conform(context, 'crashes-after-answering-bot', []), conform(context, 'crashes-after-answering-bot', ['--sequential'])]);
    for (const run of [concurrent, sequential]) {
      expect(run.code).toBe(1);
      // The same verdicts side by side as one at a time: a check the crash met beside another is run again
      // alone, against a bot at rest, and judged on its own events.
      expect(run.report.results.filter((r) => r.status !== 'pass').map((r) => [r.id, r.status, r.rootCause])).toEqual([
        ['every-event-answered', 'fail', 1],
        ['only-owner-sends', 'fail', 1],
        ['keeps-listening', 'fail', 1],
      ]);
      // Every standby entry kills it: sent again alone, the standby message and the standby postback that
      // followed it both bring the same error back, so either is the event it is told on.
      expect(run.report.rootCauses.map(({ error, exit, check }) => ({ error, exit, check }))).toEqual([
        { check: 'every-event-answered', exit: 'exit code 1', error: 'TypeError: entry.messaging is not iterable' },
      ]);
      expect(run.report.rootCauses[0]!.after).toMatch(/^standby (message|postback without payload)$/);
      // Its request logs are not part of the crash: the block is the error and the bot's frames.
      expect(run.report.rootCauses[0]!.stderr.some((l) => l.startsWith('[bot]'))).toBe(false);
      expect(run.report.rootCauses[0]!.frames.every((f) => f.includes('examples/bots/bot-kit.mjs'))).toBe(true);
      expect(run.stdout).toContain('root cause: one distinct reason the bot went down (');
    }
  });

  it('answers only the handshake GET, or starts in 1.5 s: checked in full, and conforms', async (context) => {
    const runs = await Promise.all([conform(context, 'handshake-only-bot', []), conform(context, 'slow-start-bot', ['--sequential'])]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.report.results.every((r) => r.status === 'pass')).toBe(true);
      expect(run.stdout).toMatch(/\n16 passed, 0 failed, 0 warned in [0-9.]+ s under hop-v1: the bot conforms\n/);
    }
  });
});
