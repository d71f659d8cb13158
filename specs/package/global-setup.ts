import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { userEnv } from '../support/user-env.js';
import { LOG } from './fixture-make.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixture-process.ts', import.meta.url));

/**
 * The packaging project's global setup: vitest calls it at the start of a run that includes a packaging
 * spec, before any spec runs. It starts the one build, pack and install those specs share
 * (specs/package/fixture.ts) without waiting for it, and removes it all when the run ends.
 */
export default function setup(project: TestProject): () => Promise<void> {
  const workdir = mkdtempSync(join(tmpdir(), 'handover-sim-package-'));
  const log = openSync(join(workdir, LOG), 'w');
  // A process group of its own, so that a run that ends early ends npm and tsdown too.
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, workdir], { cwd: ROOT, env: userEnv(), stdio: ['ignore', log, log], detached: true });
  project.provide('packageFixture', { workdir, pid: child.pid! });
  const ended = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await ended;
    }
    // A node_modules of some 450 packages.
    rmSync(workdir, { recursive: true, force: true });
  };
}
