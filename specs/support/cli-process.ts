import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository's root: where a user runs the command line. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  out(): string;
  err(): string;
}

/**
 * `handover-sim …` as a user runs it, a child process per call: `bin` is the `handover-sim` bin shim itself
 * (one process, so a signal reaches it), `npx` is `npx tsx simulator/cli.ts`. Every child still running
 * when the spec file ends is killed.
 */
export function cliRunner(): (args: string[], via?: 'npx' | 'bin') => CliRun {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (args, via = 'npx') => {
    const [command, prefix] = via === 'npx' ? ['npx', ['tsx', 'simulator/cli.ts']] : [process.execPath, ['bin/handover-sim.js']];
    const child = spawn(command, [...prefix, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr };
  };
}

/** Waits for a line of the output; rejects when the process exits first. */
export function outputMatching(run: CliRun, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = pattern.exec(run.out());
      if (match) {
        clearInterval(timer);
        resolve(match);
      }
    }, 50);
    void run.exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited: ${run.err()}`));
    });
  });
}
