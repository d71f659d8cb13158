import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../../support/cli-process.js';

/** `handover-sim serve --world FILE` as a user runs it: a child process. */
const dir = mkdtempSync(join(tmpdir(), 'handover-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** `npx tsx simulator/cli.ts …`, or the `handover-sim` bin shim itself (one process: signals reach it). */
const cli = cliRunner();

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
