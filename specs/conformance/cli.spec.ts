import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import type { ConformanceReport } from '../../simulator/conformance/types.js';
import { APP_ID, APP_SECRET, PROCESSES_TIMEOUT_MS, VERIFY_TOKEN } from './example-bots.js';

/** The real command line, as a user runs it: the bot in one process, `handover-sim conform` in another. */
const ROOT = join(import.meta.dirname, '../..');
/** Every child is killed when its test ends (tests run concurrently: each keeps its own). */
const killAtEnd = (context: TestContext, child: ChildProcess) => context.onTestFinished(() => void child.kill());

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Starts an example bot as its own process; resolves with its webhook URL once it listens. */
function startBot(context: TestContext, name: string, graphApiUrl: string): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'examples/bots', `${name}.mjs`)], {
    env: { ...process.env, GRAPH_API_URL: graphApiUrl, PAGE_ACCESS_TOKEN: 'conformance-token', APP_SECRET, VERIFY_TOKEN, PORT: '0' },
  });
  killAtEnd(context, child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const url = /listening on (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
  });
}

function conform(context: TestContext, args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/handover-sim.js'), 'conform', ...args], { cwd: ROOT });
  killAtEnd(context, child);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })));
}

describe.concurrent('handover-sim conform (the CLI)', { timeout: PROCESSES_TIMEOUT_MS }, () => {
  it('prints where to point the bot, reports the crash once and the check after it as not run, writes JUnit and JSON, exits 1', async (context) => {
    const port = await freePort();
    const webhook = await startBot(context, 'crashes-on-standby-bot', `http://127.0.0.1:${port}/v19.0`);
    const dir = mkdtempSync(join(tmpdir(), 'conform-'));
    const { code, stdout } = await conform(context, [
      '--webhook', webhook, '--app-id', APP_ID, '--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN,
      '--port', String(port), '--quiet-ms', '250', '--only', '1,every-event-answered,10',
      '--report', `junit:${join(dir, 'conform.xml')}`, '--report', `json:${join(dir, 'conform.json')}`,
    ]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toContain(`handover-sim conform: the fake Graph API listens on http://127.0.0.1:${port}`);
    expect(lines).toContain(`  point the bot at it: Graph API base URL http://127.0.0.1:${port} (any /vNN.N prefix is accepted, e.g. http://127.0.0.1:${port}/v19.0)`);
    expect(lines).toContain('                       page access token  conformance-token');
    expect(lines).toContain('  PASS   1  webhook-verification   challenge echoed for the right token; wrong token refused with HTTP 403');
    // Without `-- <command>` no stack to key on, no restart: one cause for the one time it went down.
    // The echo of the bot's reply to the postback may still have been on its way: then it is "one of" the two.
    const on = /^(one of: (standby message, message_echo|message_echo, standby message)|standby message)$/;
    const failed = lines.find((l) => l.startsWith('  FAIL   2  every-event-answered   the bot went down on '))!;
    expect(failed.replace('  FAIL   2  every-event-answered   the bot went down on ', '').replace(/: root cause 1$/, '')).toMatch(on);
    const down = "not run: the bot is down since root cause 1; conform did not start it, so it cannot start it again (give the bot's command after --)";
    expect(lines).toContain(`  DOWN  10  survives               ${down}`);
    expect(lines).toContain('root cause: one distinct reason the bot went down (1 time in all)');
    expect(lines).toContain('  1. the bot stopped answering');
    expect(lines).toContain('     failed: every-event-answered');
    expect(stdout).toMatch(/\n1 passed, 1 failed, 0 warned, 1 not run \(the bot is down\) in [0-9.]+ s under conversation-routing: the bot does NOT conform\n/);
    const junit = readFileSync(join(dir, 'conform.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="handover-sim conform" tests="3" failures="1" errors="0" skipped="1" time="[0-9.]+">/);
    expect(junit).toContain(`<failure message="${failed.slice("  FAIL   2  every-event-answered   ".length)}" type="conformance">`);
    expect(junit).toContain(`<skipped message="${down}"/>`);
    const json = JSON.parse(readFileSync(join(dir, 'conform.json'), 'utf8')) as ConformanceReport;
    expect(json.ok).toBe(false);
    expect(json.results.map((r) => [r.id, r.status, r.rootCause])).toEqual([
      ['webhook-verification', 'pass', undefined],
      ['every-event-answered', 'fail', 1],
      ['survives', 'not-run', undefined],
    ]);
    expect(json.rootCauses.map(({ after, ...c }) => c)).toEqual([{ attributed: json.rootCauses[0]!.after === 'standby message' ? 'only-candidate' : 'ambiguous', check: 'every-event-answered', failed: ['every-event-answered'], knockedOn: [], times: 1, frames: [], stderr: [] }]);
    expect(json.rootCauses[0]!.after).toMatch(on);
  });

  it('exits 0 for a conforming bot, with a contract file run in the same report', async (context) => {
    const port = await freePort();
    const webhook = await startBot(context, 'compliant-bot', `http://127.0.0.1:${port}`);
    const { code, stdout } = await conform(context, [
      '--webhook', webhook, '--app-id', APP_ID, '--app-secret', APP_SECRET, '--verify-token', VERIFY_TOKEN,
      '--port', String(port), '--quiet-ms', '250', '--only', 'forged-signature,survives', '--scenario', 'examples/contracts/agent-handoff.yaml',
    ]);
    const lines = stdout.split('\n');
    expect(lines).toContain('  PASS   8  forged-signature       no call followed the forged event (the bot answered HTTP 403)');
    expect(lines).toContain('  PASS   •  scenario: the user asks for an agent, the Page Inbox hands back all 4 steps held');
    expect(lines).toContain('  PASS   •  scenario: the bot stays quiet while the Page Inbox has the thread all 4 steps held');
    expect(stdout).toMatch(/\n4 passed, 0 failed, 0 warned in [0-9.]+ s under conversation-routing: the bot conforms\n/);
    expect(code).toBe(0);
  });

  it('exits 2 on an unknown check, report format or a non-numeric app id, before running anything', async (context) => {
    const base = ['--webhook', 'http://127.0.0.1:9/webhook', '--app-id', APP_ID, '--app-secret', 's', '--verify-token', 'v', '--port', '0'];
    const [unknown, format, appId] = await Promise.all([
      conform(context, [...base, '--only', 'teleport']),
      conform(context, [...base, '--report', 'xml:r.xml']),
      conform(context, [...base.slice(0, 2), '--app-id', 'my-bot', ...base.slice(4)]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('handover-sim conform: unknown check(s): teleport; known: 1 webhook-verification, 2 every-event-answered, 3 only-owner-sends, 4 keeps-listening, 5 control-returned, 6 request-handling, 7 pass-target, 8 forged-signature, 9 redelivery, 10 survives, 11 survives-quick-reply, 12 survives-attachment, 13 survives-read, 14 survives-delivery, 15 survives-app-roles, 16 survives-referral\n');
    expect(format.code).toBe(2);
    expect(format.stdout).toBe('handover-sim conform: --report must be junit:FILE or json:FILE, got xml:r.xml\n');
    expect(appId.code).toBe(2);
    expect(appId.stdout).toBe('handover-sim conform: --app-id must be a numeric app id, got my-bot\n');
  });
});
