import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../simulator/cli.js';
import { packedPackage, run, type PackedPackage } from './fixture.js';

/**
 * The package people install, tried as a new user would: build, `npm pack`, install the tarball into an empty
 * project beside jest, vitest, mocha, TypeScript and @arethetypeswrong/cli (one `npm install`, from the
 * npm cache when it holds them), then use it from each. Nothing here reads the repository's sources at run
 * time: only the tarball is installed. The build, pack and install are the run's one fixture (fixture.ts),
 * shared with the installed docs' commands (docs-installed.spec.ts).
 */
/** Generous: two cores shared by many; npm may have to fetch jest and mocha the first time. */
const INSTALL_MS = 900_000;
const STEP_MS = 180_000;

describe('the package people install', () => {
  let project: string;
  let tarball: string;
  let packed: PackedPackage['packed'];

  beforeAll(async () => {
    ({ project, tarball, packed } = await packedPackage());
  }, INSTALL_MS);

  it('the tarball holds dist/, the README, the licence, the examples and the sources its declaration maps point at; no specs, benches or fixtures, and no index.ts at its root (a node10 resolver would take it for the entry)', () => {
    const paths = packed.files.map((f) => f.path);
    const top = [...new Set(paths.map((p) => p.split('/')[0]))].sort();
    expect(top).toEqual(['LICENSE', 'README.md', 'dist', 'examples', 'fake-graph-api', 'machines', 'package.json', 'simulator']);
    for (const file of ['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.mts', 'dist/index.d.cts', 'dist/index.d.mts.map', 'dist/index.d.cts.map', 'dist/handover-sim.mjs', 'dist/inspector.html']) {
      expect(paths).toContain(file);
    }
    expect(paths.filter((p) => /(^|\/)(specs|bench|fixtures)\//.test(p) || p.endsWith('.spec.ts'))).toEqual([]);
  });

  it('installs no tsx: the installed command line and library run compiled JavaScript', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/handover-sim/package.json'), 'utf8')) as { dependencies: Record<string, string>; bin: Record<string, string> };
    expect(Object.keys(installed.dependencies)).not.toContain('tsx');
    expect(installed.bin).toEqual({ 'handover-sim': './dist/handover-sim.mjs' });
    expect(existsSync(join(project, 'node_modules/tsx'))).toBe(false);
  });

  const answer = { status: 200, body: { data: [{ thread_owner: { app_id: '1234567890' } }] }, inspector: [200, '<!DOCTYPE html>'] };

  it('a Node ESM script imports it, starts the fake, calls thread_owner and closes it', async () => {
    const { stdout } = await run(process.execPath, ['start-and-call.mjs'], project);
    expect(JSON.parse(stdout)).toEqual(answer);
  }, STEP_MS);

  it('a CommonJS script requires it and does the same', async () => {
    const { stdout } = await run(process.execPath, ['start-and-call.cjs'], project);
    expect(JSON.parse(stdout)).toEqual(answer);
  }, STEP_MS);

  it('a jest suite (CommonJS, no transform, no experimental flag) uses startFakeGraphApi', async () => {
    const { stderr } = await run('npx', ['jest', '--ci', '--colors=false', 'fake.jest.test.cjs'], project);
    expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  }, STEP_MS);

  it('a vitest suite uses startFakeGraphApi', async () => {
    const { stdout } = await run('npx', ['vitest', 'run', '--reporter=verbose', 'fake.vitest.test.mjs'], project);
    expect(stdout).toContain('the fake answers thread_owner under vitest');
    expect(stdout).toMatch(/Tests\s+1 passed \(1\)/);
  }, STEP_MS);

  it('a mocha suite uses startFakeGraphApi', async () => {
    const { stdout } = await run('npx', ['mocha', '--no-colors', 'fake.mocha.test.cjs'], project);
    expect(stdout).toContain('1 passing');
    expect(stdout).not.toContain('failing');
  }, STEP_MS);

  it('tsc --noEmit type-checks an ESM and a CommonJS consumer against the exported types (libraries checked too)', async () => {
    const { stdout } = await run('npx', ['tsc', '--noEmit', '-p', '.'], project);
    expect(stdout).toBe('');
  }, STEP_MS);

  it('npx handover-sim --help prints the same help as the development command line', async () => {
    const { stdout } = await run('npx', ['handover-sim', '--help'], project);
    // Piped, commander wraps at 80 columns.
    expect(stdout).toBe(buildCli().configureHelp({ helpWidth: 80 }).helpInformation());
  }, STEP_MS);

  it('the installed command line runs a crowd on two worker threads from dist/ (its own worker module, no esbuild bundled in)', async () => {
    const dist = join(project, 'node_modules/handover-sim/dist');
    // crowd-run.ts bundles the worker with esbuild only when it runs from the TypeScript source.
    const bundledEsbuild = readdirSync(dist).filter((f) => f.endsWith('js') && readFileSync(join(dist, f), 'utf8').includes('The esbuild JavaScript API cannot be bundled'));
    expect(bundledEsbuild).toEqual([]);
    const { stdout } = await run('npx', ['handover-sim', 'simulate', '--users', '2000', '--workers', '2', '--seed', '7', '--quiet'], project);
    // The same counts as the development command line (and as one thread: specs/simulator/crowd-shards.spec.ts).
    expect(stdout).toMatch(/crowd-2000 +in-process +4617 +33952 +7619 +2166 +412 +0 +64641 \(8 invariants\) +ok/);
    expect(stdout).toContain('1 scenario(s) passed, every invariant held');
  }, STEP_MS);

  it('@arethetypeswrong/cli finds no problem, and every resolution mode reaches its types and its JavaScript', async () => {
    const { stdout } = await run('npx', ['attw', tarball, '--format', 'json'], project);
    const { analysis } = JSON.parse(stdout) as {
      analysis: {
        problems: unknown[];
        entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string }; implementationResolution?: { fileName: string } }> }>;
      };
    };
    expect(analysis.problems).toEqual([]);
    const resolved = Object.fromEntries(
      Object.entries(analysis.entrypoints['.']!.resolutions).map(([mode, r]) => [mode, [r.resolution?.fileName, r.implementationResolution?.fileName]]),
    );
    const at = (file: string) => `/node_modules/handover-sim/dist/${file}`;
    expect(resolved).toEqual({
      node10: [at('index.d.cts'), at('index.cjs')],
      'node16-cjs': [at('index.d.cts'), at('index.cjs')],
      'node16-esm': [at('index.d.mts'), at('index.mjs')],
      bundler: [at('index.d.mts'), at('index.mjs')],
    });
  }, STEP_MS);
});
