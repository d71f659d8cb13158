import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `handover-sim serve --world FILE` as a user runs it: a child process. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'handover-sim-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `npx tsx simulator/cli.ts …`, or the `handover-sim` bin shim itself (one process: signals reach it). */
function cli(args: string[], via: 'npx' | 'bin' = 'npx') {
  const [command, prefix] = via === 'npx' ? ['npx', ['tsx', 'simulator/cli.ts']] : [process.execPath, ['bin/handover-sim.js']];
  const child = spawn(command, [...prefix, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('handover-sim serve --world', () => {
  it('a bad world file: exit status 2, the message naming the file and the field, no stack trace', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ pages: [{ id: 'x', name: 'P', apps: [] }] }));
    const run = cli(['serve', '--world', path, '--port', '0']);
    expect(await run.exited).toBe(2);
    expect(run.err()).toBe(`handover-sim: world file ${path} is not a valid world:\n  pages[0].id: must be a numeric id in a string, as Meta writes them\n`);
    expect(run.out()).toBe('');
  });

  it('a missing world file: exit status 2, one line', async () => {
    const path = join(dir, 'missing.json');
    const run = cli(['serve', '--world', path, '--port', '0']);
    expect(await run.exited).toBe(2);
    expect(run.err()).toBe(`handover-sim: world file ${path}: cannot be read (ENOENT)\n`);
  });

  it('a good world through the bin shim: prints the URL and tokens, answers health, stops cleanly on SIGINT', async () => {
    const path = join(dir, 'good.json');
    writeFileSync(path, JSON.stringify({ pages: [{ id: '1', name: 'P', apps: [{ id: '2', name: 'A', role: 'primary', accessToken: 'tok-a' }] }] }));
    const run = cli(['serve', '--world', path, '--port', '0'], 'bin');
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /listening on (http:\/\/\S+)/.exec(run.out());
        if (match) { clearInterval(timer); resolve(match[1]!); }
      }, 50);
      void run.exited.then(() => { clearInterval(timer); reject(new Error(`exited: ${run.err()}`)); });
    });
    const health = await fetch(`${url}/__admin/health`);
    expect([health.status, await health.json()]).toEqual([200, {
      status: 'ok', events: { total: 0, retained: 0, dropped: 0 }, deliveries: { total: 0, retained: 0, dropped: 0, pending: 0 }, incidents: 0,
    }]);
    expect(run.out()).toContain('access_token=tok-a');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('handover-sim: stopped');
  });
});
