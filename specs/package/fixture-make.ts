import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { userEnv } from '../support/user-env.js';

/**
 * The package people install, made once per test run for every packaging check (specs/package/*.spec.ts):
 * build, `npm pack`, and one `npm install` of the tarball into an empty project beside jest, vitest, mocha,
 * TypeScript and @arethetypeswrong/cli. specs/package/global-setup.ts starts it in a process of its own at
 * the start of the run, at the lowest CPU priority, so that it overlaps the other specs without slowing them;
 * the packaging specs run after those and wait for it (fixture.ts).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONSUMER = fileURLToPath(new URL('./consumer', import.meta.url));
const exec = promisify(execFile);

export interface PackedFile {
  path: string;
}

export interface PackedPackage {
  tarball: string;
  /** The consumer project the tarball is installed in. */
  project: string;
  packed: { files: PackedFile[]; size: number; unpackedSize: number };
}

export interface FixtureHandle {
  workdir: string;
  pid: number;
}

export const RESULT = 'fixture.json';
export const FAILURE = 'fixture-error.txt';
export const LOG = 'fixture.log';

export async function run(command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** Builds, packs and installs into `workdir`, then writes the result (or the failure) where the specs look for it. */
export async function makePackedPackage(workdir: string): Promise<void> {
  try {
    const project = join(workdir, 'project');
    // What `npm pack` runs as prepack; run apart so that pack's --json output is the only thing on stdout.
    await run('npm', ['run', 'build'], ROOT);
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workdir], ROOT);
    const [info] = JSON.parse(stdout) as [{ filename: string; files: PackedFile[]; size: number; unpackedSize: number }];
    const tarball = join(workdir, info.filename);

    mkdirSync(project);
    for (const file of readdirSync(CONSUMER)) if (file !== 'consumer-package.json') cpSync(join(CONSUMER, file), join(project, file));
    const manifest = JSON.parse(readFileSync(join(CONSUMER, 'consumer-package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    manifest.dependencies = { 'handover-sim': `file:${tarball}` };
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project);

    const result: PackedPackage = { tarball, project, packed: { files: info.files, size: info.size, unpackedSize: info.unpackedSize } };
    // Written whole, then renamed: a spec never reads half a file.
    writeFileSync(join(workdir, `${RESULT}.tmp`), JSON.stringify(result));
    renameSync(join(workdir, `${RESULT}.tmp`), join(workdir, RESULT));
  } catch (err) {
    writeFileSync(join(workdir, FAILURE), (err as Error).stack ?? String(err));
  }
}

