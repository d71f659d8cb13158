#!/usr/bin/env node
// The `prepare` script. npm links a package's `bin` for the projects that install it, never inside the
// package's own checkout, so in a clone `npx handover-sim` found no command (dist/ exists only after a
// build, and would show the code as of that build). This links the dev shim bin/handover-sim.js, which runs
// simulator/cli.ts through tsx, as node_modules/.bin/handover-sim: after `npm ci`, `npx handover-sim` runs
// the checkout's TypeScript as it is now.
//
// npm runs `prepare` after `npm ci`/`npm install` in the checkout, before `npm pack`/`npm publish`, and in the
// temporary clone it makes when a project installs this package from git. In each, this only touches that
// checkout's node_modules/.bin, which is never packed; the installed package keeps its own `bin`
// (dist/handover-sim.mjs, linked by the installing project's npm). It needs no build and no network.
// npm does not run `prepare` when it installs the packed tarball (which holds no bin/).
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, 'handover-sim');
const target = relative(binDir, join(root, 'bin', 'handover-sim.js'));

if (!existsSync(join(root, 'node_modules', 'tsx'))) {
  // `npm ci --omit=dev`: without tsx the shim cannot run; say so rather than link a command that fails.
  console.log('handover-sim prepare: tsx is not installed (dev dependencies omitted), so no dev command is linked; use `npm run build` and node dist/handover-sim.mjs');
  process.exit(0);
}

const current = lstatOrNull(link);
if (current?.isSymbolicLink() && readlinkSync(link) === target) process.exit(0);
mkdirSync(binDir, { recursive: true });
if (current) rmSync(link, { force: true });
symlinkSync(target, link);

function lstatOrNull(path) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
