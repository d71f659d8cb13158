import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { userEnv } from '../../support/user-env.js';

/** Where a block runs: its working directory, the examples/ it may borrow from, and the `handover-sim` npx runs there. */
export interface Context {
  name: 'clone' | 'installed';
  dir: string;
  examples: string;
  cli: string;
}

/**
 * A fresh clone, as the README's Quick start leaves it after `npm ci`: the checkout's files (tracked, and new
 * ones not ignored, so that a change being written is the one tried), a node_modules whose entries are the
 * checkout's installed packages, and then `npm run prepare`, the script npm ci runs last. A real `npm ci` would
 * take longer than every block together; it is what the checkout had.
 */
export function makeClone(root: string): string {
  const clone = mkdtempSync(join(tmpdir(), 'handover-sim-docs-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(clone, file));
    } catch (err) {
      // A file deleted in the working tree but not yet in git: the clone would not have it either.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const modules = join(root, 'node_modules');
  mkdirSync(join(clone, 'node_modules', '.bin'), { recursive: true });
  for (const entry of readdirSync(modules)) if (entry !== '.bin') symlinkSync(join(modules, entry), join(clone, 'node_modules', entry));
  for (const entry of readdirSync(join(modules, '.bin'))) {
    if (entry !== 'handover-sim') symlinkSync(join(modules, '.bin', entry), join(clone, 'node_modules', '.bin', entry));
  }
  execFileSync('npm', ['run', 'prepare', '--silent'], { cwd: clone, env: userEnv(), stdio: 'ignore' });
  return clone;
}

/**
 * The clone as one block sees it: a directory of its own, where what the block writes (diagrams/,
 * conform.xml) is not another block's, whose entries are links to the clone's (examples/ aside). The clone's files are one
 * set of paths for every block, so tsx compiles each module once for the whole run, not once per block.
 */
export function cloneFor(clone: string): Context {
  const dir = mkdtempSync(join(tmpdir(), 'handover-sim-docs-block-'));
  for (const entry of readdirSync(clone)) {
    // The example bots start only when run as the main script, by their own path (bot-kit.mjs compares
    // process.argv[1] with import.meta.url, which Node has followed through links): they are copies.
    if (entry === 'examples') cpSync(join(clone, entry), join(dir, entry), { recursive: true });
    else symlinkSync(join(clone, entry), join(dir, entry));
  }
  return { name: 'clone', dir, examples: join(dir, 'examples'), cli: join(dir, 'node_modules', '.bin', 'handover-sim') };
}

/**
 * A bot's project with the packed tarball installed: `my-bot.js` beside a package.json whose `start` runs it,
 * and the node_modules of the package specs' one install (handover-sim from the tarball; its `.bin` link).
 */
export function botProjectFor(installedModules: string, tarball: string): Context {
  const dir = mkdtempSync(join(tmpdir(), 'handover-sim-docs-project-'));
  const manifest = { name: 'my-bot', private: true, type: 'module', scripts: { start: 'node my-bot.js' }, devDependencies: { 'handover-sim': `file:${tarball}` } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  symlinkSync(installedModules, join(dir, 'node_modules'));
  const examples = join(installedModules, 'handover-sim', 'examples');
  return { name: 'installed', dir, examples, cli: join(dir, 'node_modules', '.bin', 'handover-sim') };
}

/** `bot NAME`: the block's "your bot", played by handover-sim's compliant example bot (settings from the environment). */
export function writeBot(context: Context, name: string): void {
  const kit = pathToFileURL(join(context.examples, 'bots', 'bot-kit.mjs')).href;
  // A dynamic import: the file is ESM or CommonJS by its name and the project's "type", and works as either.
  writeFileSync(join(context.dir, name), `// Your bot: the docs spec writes handover-sim's compliant example bot here.\nimport(${JSON.stringify(kit)}).then(({ startBot }) => startBot());\n`);
}
