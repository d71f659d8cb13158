import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { userEnv } from '../../support/user-env.js';
import type { Block } from './blocks.js';
import { writeBot, type Context } from './contexts.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const HELPER = fileURLToPath(new URL('./helper.mjs', import.meta.url));

export interface BlockRun {
  /** Command lines run to the end with the status expected of them. */
  ran: number[];
  /** Command lines checked without running (`not run` or a synopsis). */
  checked: number[];
  /** Command lines an earlier block holds word for word, in the same setting, and runs. */
  repeated: number[];
  /** Why the block fails; empty when it passes. */
  failures: string[];
  /** Everything the block wrote, stdout and stderr together, and the helper's reports. */
  output: string;
  report: string[];
  /** How long the block took, from its start to its end, and each line that ran. */
  ms: number;
  lineMs: Map<number, number>;
}

/**
 * Each block runs in a network namespace of its own (`unshare --net`, loopback only) when this machine allows
 * it, so that the ports the docs name (3000, 4000, 8080) are free for it as written, whatever else runs here,
 * and two blocks can run at once. Without it, blocks run one at a time on this machine's network.
 */
export const OWN_NETWORK = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;

const q = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The block as one bash script: each command line eval'd in turn (so variables, `&` and traps carry over), its status checked. */
export function scriptFor(block: Block, context: Context, repeated: Map<number, string> = new Map()): string {
  const at = (line: number) => `${block.file}:${line}`;
  const lines = [
    `# ${block.file}:${block.line}, written by specs/docs/support/run-block.ts`,
    `__docs_spec_report() { printf '%s\\n' "$*" >> "$DOCS_SPEC_REPORT"; }`,
    // `npx handover-sim …` runs the project's node_modules/.bin/handover-sim, the file npx runs there (npx
    // itself costs a second of CPU per start; the specs run the real one once per context). What serves or
    // waits for a bot goes through the helper.
    `npx() {`,
    `  if [ "$1" != handover-sim ]; then command npx "$@"; return; fi`,
    `  shift`,
    `  case " $* " in`,
    `    *" --help "*|*" -h "*) "$DOCS_SPEC_CLI" "$@" ;;`,
    `    " serve "*|*" --inspect "*|" conform "*) node "$DOCS_SPEC_HELPER" npx handover-sim "$@" ;;`,
    `    *) "$DOCS_SPEC_CLI" "$@" ;;`,
    `  esac`,
    `}`,
    // An example whose request gets an HTTP error is a broken example: curl exits 22 for it.
    `curl() { command curl --fail-with-body --silent --show-error "$@"; }`,
  ];
  if (context.name === 'clone') {
    lines.push(
      `npm() { if [ "$*" = ci ]; then echo "docs-spec: npm ci: done when this clone was made (the checkout's installed packages, then npm run prepare)" >&2; else command npm "$@"; fi; }`,
    );
  }
  for (const command of block.commands) {
    const expected = block.needs.exits.get(command.line) ?? 0;
    if (block.needs.synopsis || block.needs.notRun.has(command.line)) {
      lines.push(`__docs_spec_report checked ${command.line}`);
      continue;
    }
    if (repeated.has(command.line)) {
      lines.push(`__docs_spec_report repeats ${command.line}`);
      continue;
    }
    const answersAt = block.needs.answers.get(command.line);
    lines.push(
      `__docs_spec_report start ${command.line}`,
      `__docs_spec_t=$(date +%s%3N)`,
      answersAt === undefined ? `eval ${q(command.text)}` : `node "$DOCS_SPEC_HELPER" answers ${q(answersAt)} ${q(command.text)}`,
      `__docs_spec_status=$?`,
      `__docs_spec_report end ${command.line} $__docs_spec_status $(( $(date +%s%3N) - __docs_spec_t ))`,
      `[ "$__docs_spec_status" -eq ${expected} ] || { echo "docs-spec: ${at(command.line)} exited $__docs_spec_status, not ${expected}" >&2; exit 97; }`,
    );
  }
  lines.push('__docs_spec_report done');
  return `${lines.join('\n')}\n`;
}

/** Runs `block` in `context` (a directory of its own) and says what ran and what failed. */
export async function runBlock(block: Block, context: Context, timeoutMs: number, repeated: Map<number, string> = new Map()): Promise<BlockRun> {
  for (const { name, from } of block.needs.files) copyFileSync(join(ROOT, from), join(context.dir, name));
  for (const name of block.needs.bots) writeBot(context, name);
  const script = join(context.dir, '.docs-spec-block.sh');
  const config = join(context.dir, '.docs-spec-block.json');
  const reportFile = join(context.dir, '.docs-spec-report');
  writeFileSync(script, scriptFor(block, context, repeated));
  writeFileSync(config, JSON.stringify({ script, serve: block.needs.serve }));
  writeFileSync(reportFile, '');
  const env = {
    ...userEnv(),
    ...block.needs.env,
    DOCS_SPEC_REPORT: reportFile,
    DOCS_SPEC_HELPER: HELPER,
    DOCS_SPEC_CLI: context.cli,
    DOCS_SPEC_EXAMPLES: context.examples,
    DOCS_SPEC_BOT_FOR_CONFORM: block.needs.botForConform ? '1' : '0',
  };
  const [command, args] = OWN_NETWORK
    ? ['unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, HELPER, 'block', config]]
    : [process.execPath, [HELPER, 'block', config]];
  const started = Date.now();
  const child = spawn(command, args, { cwd: context.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let timedOut = false;
  // The helper ends what the block started when told to stop.
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  const report = readFileSync(reportFile, 'utf8').split('\n').filter(Boolean);
  return { ...judge(block, context, { status, timedOut, output, report, timeoutMs }), ms: Date.now() - started };
}

function judge(block: Block, context: Context, run: { status: number | null; timedOut: boolean; output: string; report: string[]; timeoutMs: number }): Omit<BlockRun, 'ms'> {
  const at = (line: number) => `${block.file}:${line}`;
  const failures: string[] = [];
  const ran: number[] = [];
  const checked: number[] = [];
  const repeated: number[] = [];
  const lineMs = new Map<number, number>();
  for (const command of block.commands) {
    if (run.report.includes(`repeats ${command.line}`)) {
      repeated.push(command.line);
      continue;
    }
    if (run.report.includes(`checked ${command.line}`)) {
      checked.push(command.line);
      failures.push(...staticChecks(context, command.text).map((f) => `${at(command.line)} (not run): ${f}`));
      continue;
    }
    const end = run.report.find((r) => r.startsWith(`end ${command.line} `))?.split(' ');
    const expected = block.needs.exits.get(command.line) ?? 0;
    if (end?.[2] === `${expected}`) {
      ran.push(command.line);
      lineMs.set(command.line, Number(end[3]));
    } else if (end) failures.push(`${at(command.line)} exited ${end[2]}, not ${expected}: ${command.text}`);
    else if (run.report.includes(`start ${command.line}`)) failures.push(`${at(command.line)} did not finish (${run.timedOut ? `the block was stopped after ${run.timeoutMs} ms` : `the shell ended with status ${run.status}`}): ${command.text}`);
    else if (failures.length === 0) failures.push(`${at(command.line)} never ran (the shell ended with status ${run.status}): ${command.text}`);
  }
  if (failures.length === 0 && (run.status !== 0 || !run.report.includes('done'))) failures.push(`${at(block.line)}: the block's shell ended with status ${run.status}`);
  return { ran, checked, repeated, lineMs, failures, output: run.output, report: run.report };
}

/** What can be checked of a line that is not run: the npm scripts it names exist, and so do the paths it names. */
export function staticChecks(context: Context, text: string): string[] {
  const manifest = JSON.parse(readFileSync(join(context.dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const problems: string[] = [];
  for (const m of text.matchAll(/\bnpm (?:run (\S+)|(test)\b)/g)) {
    const script = m[1] ?? m[2]!;
    if (!manifest.scripts?.[script]) problems.push(`package.json has no script "${script}"`);
  }
  for (const m of text.matchAll(/\bnpm run bench (\w[\w-]*)/g)) {
    if (!readdirSync(join(context.dir, 'bench')).some((f) => f.endsWith('.bench.ts') && f.includes(m[1]!))) problems.push(`no bench/*.bench.ts is named after "${m[1]}"`);
  }
  for (const m of text.matchAll(/(?<![\w./-])((?:specs|examples|bench|docs|simulator)\/[\w./-]*)/g)) {
    if (!existsSync(join(context.dir, m[1]!))) problems.push(`${m[1]} does not exist`);
  }
  return problems;
}
