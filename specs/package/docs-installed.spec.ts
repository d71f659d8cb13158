import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botProjectFor } from '../docs/support/contexts.js';
import { commandCount, docsBlocks, repeats } from '../docs/support/pages.js';
import { runBlock } from '../docs/support/run-block.js';
import { packedPackage, type PackedPackage } from './fixture.js';

/**
 * The docs' commands whose text places them in a bot's project, with the package installed from its tarball
 * (`<!-- docs-spec: installed -->`; the clone's run in specs/docs/commands.spec.ts). They run in a project of
 * their own (package.json, `start` running my-bot.js) on the node_modules of the run's one install
 * (fixture.ts), each block on a loopback network of its own when the machine allows it.
 */
const INSTALL_MS = 900_000;
const BLOCK_MS = 90_000;
const blocks = docsBlocks().filter((b) => b.needs.context === 'installed');
const repeated = repeats(docsBlocks());

describe('the commands of README.md and docs/ that run in a bot\'s project, with the packed tarball installed', () => {
  let fixture: PackedPackage;
  const dirs: string[] = [];
  let ran = 0;

  beforeAll(async () => {
    fixture = await packedPackage();
  }, INSTALL_MS);

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    console.log(`docs commands in the installed project: ${ran} of ${commandCount(blocks)} lines ran, in ${blocks.length} blocks`);
  });

  for (const block of blocks) {
    it(`${block.file}:${block.line}: ${block.commands.map((c) => c.text.split('\n')[0]).join(' · ').slice(0, 160)}`, async () => {
      const context = botProjectFor(join(fixture.project, 'node_modules'), fixture.tarball);
      dirs.push(context.dir);
      const run = await runBlock(block, context, BLOCK_MS, repeated.get(block));
      expect(run.failures, `${run.output}\n${run.report.join('\n')}`).toEqual([]);
      ran += run.ran.length;
    }, BLOCK_MS * 2);
  }
});
