import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stopQuietlyWhenStdoutCloses } from '../../simulator/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `handover-sim scenarios | head`: the reader goes away before the command has written everything. */
describe('a command line whose stdout is closed by its reader', () => {
  it('stops with status 141 (128 + SIGPIPE) and writes nothing to stderr: no EPIPE stack', async () => {
    const child = spawn(process.execPath, ['bin/handover-sim.js', 'scenarios'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the command starts writing (its start takes far longer than this), as `head` that has
    // read its lines closes the pipe before the rest is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect({ status, stderr }).toEqual({ status: 141, stderr: '' });
  });

  it('exits 141 on EPIPE and still throws any other error of stdout', () => {
    const stdout = new EventEmitter();
    const exits: number[] = [];
    stopQuietlyWhenStdoutCloses(stdout, (code) => exits.push(code));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([141]);
    expect(() => stdout.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('write EIO');
    expect(exits).toEqual([141]);
  });
});
