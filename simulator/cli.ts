#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { WorldError } from '../fake-graph-api/world/world-error.js';
import { registerConform } from './commands/conform.command.js';
import { registerDiagram } from './commands/diagram.command.js';
import { registerDoctor } from './commands/doctor.command.js';
import { registerScenarios } from './commands/scenarios.command.js';
import { registerServe } from './commands/serve.command.js';
import { registerSimulate } from './commands/simulate.command.js';
import { RemoteBindRefused } from './serve-defaults.js';

/**
 * The `handover-sim` command line: one file per command under simulator/commands/. Each registers its options
 * only and loads what it runs when it runs, so `handover-sim --help` loads commander and little else
 * (measured by `npm run bench`).
 */
const COMMANDS = [registerServe, registerSimulate, registerScenarios, registerDiagram, registerConform, registerDoctor];

export function buildCli(): Command {
  const program = new Command('handover-sim')
    .description("A local fake of Meta's Messenger Handover Protocol: Graph API server, app actors, simulator and checks.")
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

/**
 * `handover-sim scenarios | head`: once the reader has gone, stop as a Unix tool stopped by SIGPIPE does,
 * quietly and with status 141 (128 + SIGPIPE, what a shell reports for `git log | head` under pipefail),
 * not with Node's stack for an unhandled EPIPE. Any other error on stdout is still thrown.
 */
export function stopQuietlyWhenStdoutCloses(stdout: NodeJS.EventEmitter = process.stdout, exit: (code: number) => void = process.exit): void {
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    exit(128 + 13);
  });
}

/** Runs the CLI; a bad world file or a busy port is a one-line message and exit status 2, never a stack. */
export async function main(argv: string[]): Promise<void> {
  stopQuietlyWhenStdoutCloses();
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof WorldError || err instanceof RemoteBindRefused) {
      console.error(`handover-sim: ${err.message}`);
    } else if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      console.error(`handover-sim: cannot listen: ${(err as Error).message}`);
    } else {
      throw err;
    }
    process.exit(2);
  }
}

/** Whether this module is the script node was started with, followed through symlinks (npm's bin links). */
function isMainScript(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false; // not a file (node -e, a REPL)
  }
}

// Run when started as a script: `tsx simulator/cli.ts …` in development, and the installed package's
// `handover-sim` (this file compiled to dist/handover-sim.mjs). The dev shim bin/handover-sim.js imports it
// and calls main itself.
if (isMainScript()) {
  await main(process.argv);
}
