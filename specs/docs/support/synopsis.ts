import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { userEnv } from '../../support/user-env.js';
import type { Context } from './contexts.js';

const exec = promisify(execFile);

/**
 * A `synopsis` block shows a command's usage, not a command to run (`[--role primary|secondary]`): every
 * option it names must be one of the command's, as its `--help` lists them.
 */
export async function synopsisProblems(context: Context, text: string): Promise<string[]> {
  const command = /handover-sim\s+([a-z]+)/.exec(text)?.[1];
  if (!command) return [`a synopsis names no handover-sim command: ${text}`];
  const { stdout } = await exec(context.cli, [command, '--help'], { cwd: context.dir, env: userEnv() });
  const known = new Set([...stdout.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
  const named = [...new Set([...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))];
  return named.filter((o) => !known.has(o)).map((o) => `${o} is not an option of handover-sim ${command} (its --help does not list it)`);
}
