import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { freePort } from '../../simulator/conformance/bot-environment.js';
import type { ConformanceReport } from '../../simulator/conformance/types.js';
import { APP_ID, APP_SECRET, PROCESSES_TIMEOUT_MS, VERIFY_TOKEN } from './example-bots.js';

/**
 * `handover-sim conform` starting the bot itself (`-- <command…>`, `--bot-command`), and a webhook that
 * never comes up. One test at a time: each starts whole programs (the CLI, the bot, its restarts).
 */
const ROOT = join(import.meta.dirname, '../..');

/** The example bots' app, on a fake on any free port. */
const BOT_ARGS = ['--app-id', APP_ID, '--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN, '--port', '0', '--quiet-ms', '250'];

/** A process that no longer runs: none with that id, or only its zombie (waiting for a parent to reap it). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return / Z /.test(stat.slice(stat.lastIndexOf(')')));
}

function conform(context: TestContext, args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/handover-sim.js'), 'conform', ...args], { cwd: ROOT });
  context.onTestFinished(() => void child.kill());
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })));
}

describe('handover-sim conform starts the bot itself', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  it('--protocol all: the bot started once, the checks under each protocol, one column each, one JUnit suite each, exit 0', async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-'));
    const { code, stdout } = await conform(context, [
      ...BOT_ARGS, '--protocol', 'all', '--only', '3,6,15', '--report', `junit:${join(dir, 'conform.xml')}`, '--report', `json:${join(dir, 'conform.json')}`,
      '--', process.execPath, 'examples/bots/compliant-bot.mjs',
    ]);
    const lines = stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('  the bot runs as process '))).toHaveLength(1);
    const table = lines.indexOf('                                hop-v1  hop-v2  conversation-routing');
    expect(lines.slice(table, table + 4)).toEqual([
      '                                hop-v1  hop-v2  conversation-routing',
      '   3  only-owner-sends          PASS    PASS    PASS',
      '   6  request-handling          PASS    PASS    SKIP',
      '  15  survives-app-roles        PASS    PASS    SKIP',
    ]);
    expect(stdout).toMatch(/\n3 passed, 0 failed, 0 warned in [0-9.]+ s under hop-v1: the bot conforms\n3 passed, 0 failed, 0 warned in [0-9.]+ s under hop-v2: the bot conforms\n1 passed, 0 failed, 0 warned, 2 skipped in [0-9.]+ s under conversation-routing: the bot conforms\nthe bot conforms under every protocol/);
    expect(readFileSync(join(dir, 'conform.xml'), 'utf8').match(/<testsuite name="[^"]+"/g)).toEqual([
      '<testsuite name="handover-sim conform (hop-v1)"',
      '<testsuite name="handover-sim conform (hop-v2)"',
      '<testsuite name="handover-sim conform (conversation-routing)"',
    ]);
    const json = JSON.parse(readFileSync(join(dir, 'conform.json'), 'utf8')) as { reports: ConformanceReport[]; ok: boolean };
    expect([json.ok, json.reports.map((r) => [r.protocol, r.results.map((x) => x.status), r.warnings])]).toEqual([true, [
      ['hop-v1', ['pass', 'pass', 'pass'], []],
      ['hop-v2', ['pass', 'pass', 'pass'], []],
      ['conversation-routing', ['pass', 'skip', 'skip'], []],
    ]]);
    expect(code).toBe(0);
  });

  it('conform -- <command>: starts the bot with its settings in the environment, reports one root cause with the stack trace, restarts it', async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-'));
    const { code, stdout } = await conform(context, [
      ...BOT_ARGS, '--only', '2,10', '--report', `json:${join(dir, 'conform.json')}`, '--verbose',
      '--', process.execPath, 'examples/bots/crashes-on-standby-bot.mjs',
    ]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toContain(`  starting the bot: ${process.execPath} examples/bots/crashes-on-standby-bot.mjs`);
    expect(lines).toContain('  with in its environment: GRAPH_API_URL, PAGE_ACCESS_TOKEN, PAGE_ID, APP_ID, APP_SECRET, VERIFY_TOKEN, PORT, HANDOVER_SIM_URL, NODE_OPTIONS');
    expect(lines).toContain(`    NODE_OPTIONS=--import=${join(ROOT, 'examples/redirect-graph-api.mjs')}`);
    expect(lines).toContain('    PAGE_ID=1000000001');
    expect(lines).toContain('  FAIL   2  every-event-answered   the bot went down on standby message: root cause 1, TypeError: entry.messaging is not iterable (exit code 1), restarted');
    expect(lines).toContain('              it went down 3 times in this check, on: standby message; standby postback without payload; batched entries');
    for (const event of ['standby message', 'standby postback without payload', 'batched entries']) expect(lines).toContain(`  the bot went down on ${event} (exit code 1): started it again`);
    // The checks after a crash talk to the restarted bot.
    expect(lines).toContain('  PASS  10  survives               a normal message was answered');
    // One bug, met three times: one cause, keyed on its error and frames, not on what the bot logged.
    expect(lines).toContain('root cause: one distinct reason the bot went down (3 times in all)');
    expect(lines).toContain('  1. TypeError: entry.messaging is not iterable');
    // Told as the one POST it dropped, or, when an answer came as it was sent, by sending the candidates again.
    expect(lines.filter((l) => l.startsWith('     on standby message ('))).toEqual([
      expect.stringMatching(/^     on standby message \((the only event it was handling|it went down again when that event alone was sent to the restarted bot)\), first in every-event-answered$/),
    ]);
    expect(lines).toContain('     failed: every-event-answered');
    expect(lines).toContain('       | TypeError: entry.messaging is not iterable');
    // --verbose: what the bot writes, as it writes it.
    expect(lines).toContain('  [bot stdout] [bot] listening on http://127.0.0.1:' + new URL(lines.find((l) => l.startsWith('  bot under test:'))!.split('webhook ')[1]!).port + '/webhook');
    expect(lines).toContain('  [bot stderr] TypeError: entry.messaging is not iterable');
    expect(stdout).toMatch(/\n1 passed, 1 failed, 0 warned in [0-9.]+ s under conversation-routing: the bot does NOT conform\n/);
    const json = JSON.parse(readFileSync(join(dir, 'conform.json'), 'utf8')) as ConformanceReport;
    expect(json.rootCauses).toHaveLength(1);
    const [cause] = json.rootCauses;
    expect([cause!.after, cause!.check, cause!.failed, cause!.knockedOn, cause!.times, cause!.exit, cause!.error]).toEqual(['standby message', 'every-event-answered', ['every-event-answered'], [], 3, 'exit code 1', 'TypeError: entry.messaging is not iterable']);
    expect(['only-candidate', 'reproduced']).toContain(cause!.attributed);
    expect(cause!.stderr).toContain('TypeError: entry.messaging is not iterable');
    expect(cause!.stderr.some((l) => /^\s+at handle \(file:.*bot-kit\.mjs:\d+:\d+\)$/.test(l))).toBe(true);
  });

  it('--bot-command: the drops-batched-events bot fails check 2 and is told which indexes it dropped', async (context) => {
    const { code, stdout } = await conform(context, [...BOT_ARGS, '--only', '2', '--bot-command', 'node examples/bots/drops-batched-events-bot.mjs']);
    expect(stdout.split('\n')).toContain('  FAIL   2  every-event-answered   in a batched POST the bot mishandled 3 events of 6 it handles alone: dropped entry[0].messaging[1] (postback "Get started"); dropped entry[2].messaging[0] (message "hello"); dropped entry[2].messaging[1] (pass_thread_control)');
    expect(code).toBe(1);
  });

  it('a bot that hard-codes graph.facebook.com reaches the fake through the redirect preload in NODE_OPTIONS', async (context) => {
    const { code, stdout } = await conform(context, [...BOT_ARGS, '--only', 'survives', '--bot-command', 'GRAPH_API_URL=https://graph.facebook.com/v19.0 node examples/bots/compliant-bot.mjs']);
    expect(stdout.split('\n')).toContain('  PASS  10  survives               a normal message was answered');
    expect(code).toBe(0);
  });

  it('a bot conform started ends with conform, even when conform is killed', async (context) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/handover-sim.js'), 'conform', ...BOT_ARGS, '--', process.execPath, 'examples/bots/compliant-bot.mjs'], { cwd: ROOT });
    context.onTestFinished(() => void child.kill('SIGKILL'));
    let stdout = '';
    const pid = await new Promise<number>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // Once the first check ran, the bot is up.
        if (stdout.includes('  PASS   1  ')) resolve(Number(/the bot runs as process (\d+)/.exec(stdout)![1]));
      });
    });
    expect(gone(pid)).toBe(false);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    child.kill('SIGTERM');
    expect(await exited).toEqual([143, null]);
    // The bot got SIGTERM as conform exited; it is gone once the kernel has ended it (the test's timeout bounds the wait).
    while (!gone(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('exits 2 when the webhook never comes up, the started bot exits before it does, the command does not exist, or there is neither a webhook nor a command', async (context) => {
    const port = await freePort();
    const base = ['--app-id', APP_ID, '--app-secret', 's', '--verify-token', 'v', '--port', '0'];
    const [never, exits, neither, missing] = await Promise.all([
      conform(context, [...base, '--webhook', `http://127.0.0.1:${port}/webhook`, '--wait', '300']),
      conform(context, [...base, '--bot-command', `node -e "console.error('boom: no PAGE_ACCESS_TOKEN'); process.exit(3)"`]),
      conform(context, base),
      conform(context, [...base, '--', 'no-such-bot-command']),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/\nhandover-sim conform: the bot could not start: spawn no-such-bot-command ENOENT before its webhook http:\/\/127\.0\.0\.1:\d+\/webhook came up; nothing was checked\n$/);
    expect(neither.code).toBe(2);
    expect(neither.stdout).toBe('handover-sim conform: --webhook <url> is required unless conform starts the bot (conform -- <command…>, or --bot-command)\n');
    expect(never.code).toBe(2);
    expect(never.stdout).toContain(`\nhandover-sim conform: the bot's webhook http://127.0.0.1:${port}/webhook did not come up within 300 ms; nothing was checked\n`);
    expect(never.stdout).not.toMatch(/PASS|FAIL/);
    expect(exits.code).toBe(2);
    expect(exits.stdout).toMatch(/\nhandover-sim conform: the bot exited \(exit code 3\) before its webhook http:\/\/127\.0\.0\.1:\d+\/webhook came up; nothing was checked\n  the bot ended with exit code 3; its stderr shows:\n    \| boom: no PAGE_ACCESS_TOKEN\n$/);
  });
});
