import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../simulator/cli.js';
import { userEnv } from '../support/user-env.js';
import { extractBlocks, type Block } from './support/blocks.js';
import { cloneFor, makeClone } from './support/contexts.js';
import { commandCount, docsBlocks, limiter, repeats, ROOT } from './support/pages.js';
import { OWN_NETWORK, runBlock } from './support/run-block.js';
import { synopsisProblems } from './support/synopsis.js';

/**
 * The README tells the truth: every command line of a ```sh block of README.md and docs/ runs, in the place
 * its text gives, as written (docs/testing.md: how a block says what it needs). This file runs the clone's
 * blocks; the installed project's run in specs/package/docs-installed.spec.ts, after the package specs' one
 * build and install.
 */
const BLOCK_MS = 90_000;
const blocks = docsBlocks();
const inClone = blocks.filter((b) => b.needs.context === 'clone');
const installed = blocks.filter((b) => b.needs.context === 'installed');
const repeated = repeats(blocks);
// Each block has a network of its own when the machine allows it, so that two can run at once.
const slot = limiter(OWN_NETWORK ? 3 : 1);
const tally = { ran: 0, checked: 0, repeated: 0, notRun: new Map<string, string>(), ms: new Map<string, number>(), lineMs: new Map<string, number>() };
const where = (b: Block, line = b.line) => `${b.file}:${line}`;
const longest = (times: Map<string, number>, n: number) =>
  [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([at, ms]) => `${at} ${ms} ms`)
    .join(', ');

describe('the commands of README.md and docs/, run in a fresh clone', () => {
  let clone: string;
  const dirs: string[] = [];

  beforeAll(() => {
    clone = makeClone(ROOT);
  }, BLOCK_MS);

  afterAll(() => {
    for (const dir of [clone, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
    const reasons = [...tally.notRun].map(([at, why]) => `  ${at}: ${why}`);
    console.log(
      [
        `docs commands: ${blocks.length} blocks, ${commandCount(blocks)} command lines in README.md and docs/`,
        `  in a clone: ${tally.ran} ran${OWN_NETWORK ? ' (each block on a loopback network of its own)' : ' (on this machine\'s network: unshare --net is not available)'}, ${tally.repeated} repeat a line that ran earlier in the same setting, ${tally.checked} checked without running`,
        `  in the installed project: ${commandCount(installed)} lines of ${installed.length} blocks (${installed.map((b) => where(b)).join(', ')}), run by specs/package/docs-installed.spec.ts`,
        ...(reasons.length > 0 ? ['  not run, as the docs say:', ...reasons] : []),
        `  the blocks took ${[...tally.ms.values()].reduce((a, b) => a + b, 0)} ms in all; the longest: ${longest(tally.ms, 4)}; the longest lines: ${longest(tally.lineMs, 8)}`,
      ].join('\n'),
    );
  });

  it('finds the blocks of the front page and the reference pages, each with a command and each in a clone or the installed project', () => {
    const files = new Set(blocks.map((b) => b.file));
    for (const page of ['README.md', 'docs/simulator.md', 'docs/conformance.md', 'docs/graph-api.md', 'docs/visualisation.md']) expect(files).toContain(page);
    expect(blocks.filter((b) => b.commands.length === 0).map((b) => where(b))).toEqual([]);
    expect(inClone.length + installed.length).toBe(blocks.length);
    expect(installed.length).toBeGreaterThan(0);
  });

  // The blocks' `npx handover-sim` runs node_modules/.bin/handover-sim directly (docs/testing.md); this is npx itself.
  it('npx handover-sim --help works in the fresh clone, with no build: it prints the help of the clone\'s own command line', async () => {
    const context = cloneFor(clone);
    dirs.push(context.dir);
    const { stdout } = await promisify(execFile)('npx', ['handover-sim', '--help'], { cwd: context.dir, env: userEnv() });
    // Piped, commander wraps at 80 columns.
    expect(stdout).toBe(buildCli().configureHelp({ helpWidth: 80 }).helpInformation());
  }, BLOCK_MS);

  it('the world file docs/world.md shows is examples/world.json, the my-world.json the blocks are given', () => {
    const shown = /```json\n([\s\S]*?)\n```/.exec(readFileSync(join(ROOT, 'docs/world.md'), 'utf8'))![1]!;
    expect(JSON.parse(readFileSync(join(ROOT, 'examples/world.json'), 'utf8'))).toEqual(JSON.parse(shown));
  });

  it('fails on a command broken on purpose in a scratch copy of the README, naming its line', async () => {
    const written = 'npx handover-sim simulate --all --transport http';
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(written);
    const broken = extractBlocks('README.md (scratch copy)', readme.replace(written, 'npx handover-sim simulate --all --transport carrier-pigeon'));
    const block = broken.find((b) => b.text.includes('carrier-pigeon'))!;
    const context = cloneFor(clone);
    dirs.push(context.dir);
    const run = await runBlock(block, context, BLOCK_MS);
    const line = block.commands.find((c) => c.text.includes('carrier-pigeon'))!;
    // The block stops at its first failure: the lines after it are not run, and not reported again.
    expect(run.failures).toEqual([`README.md (scratch copy):${line.line} exited 1, not 0: ${line.text}`]);
    expect(run.output).toContain("error: option '--transport <name>' argument 'carrier-pigeon' is invalid");
  }, BLOCK_MS);

  for (const block of inClone) {
    it.concurrent(`${where(block)}: ${block.commands.map((c) => c.text.split('\n')[0]).join(' · ').slice(0, 160)}`, async () => {
      await slot(async () => {
        const context = cloneFor(clone);
        dirs.push(context.dir);
        const run = await runBlock(block, context, BLOCK_MS, repeated.get(block));
        const failures = [...run.failures];
        if (block.needs.synopsis) for (const c of block.commands) failures.push(...(await synopsisProblems(context, c.text)).map((p) => `${where(block, c.line)}: ${p}`));
        expect(failures, `${run.output}\n${run.report.join('\n')}`).toEqual([]);
        tally.ms.set(where(block), run.ms);
        for (const [line, ms] of run.lineMs) tally.lineMs.set(where(block, line), ms);
        tally.ran += run.ran.length;
        tally.checked += run.checked.length;
        tally.repeated += run.repeated.length;
        for (const [line, why] of block.needs.notRun) tally.notRun.set(where(block, line), why);
        if (block.needs.synopsis) tally.notRun.set(where(block), 'a synopsis: every option it names is in the command\'s --help');
      });
    }, BLOCK_MS * 2);
  }
});
