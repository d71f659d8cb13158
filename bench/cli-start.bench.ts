import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

/**
 * How long the installed package's `handover-sim --help` takes, from process start to exit, against
 * `node -e 0` (a Node start doing nothing) measured in the same run. It runs dist/handover-sim.mjs, the very
 * file the tarball's bin points at, with the package's dependencies resolved from node_modules as an
 * installed package resolves them; the build comes first so the figure is never of a stale dist/.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'dist', 'handover-sim.mjs');
const ROUNDS = 15;
const TARGET_MS = 500;
/**
 * The child reports the CPU time it used (user + system) as it exits: on a machine shared by many, the wall
 * time mostly measures the wait for a core, the CPU time what the start itself costs.
 */
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('cpu:'+(u.user+u.system))})`;

interface Start {
  wallMs: number;
  cpuMs: number;
}

function start(args: string[]): Start {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', REPORT_CPU, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = result.stderr.toString();
  const cpu = /cpu:(\d+)/.exec(stderr);
  if (result.status !== 0 || !cpu) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${stderr}`);
  return { wallMs, cpuMs: Number(cpu[1]) / 1000 };
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

export async function run(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  const help: Start[] = [];
  const bare: Start[] = [];
  // Interleaved, so that a burst of load on the shared machine hits both alike.
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(start(['-e', '0']));
    help.push(start([BIN, '--help']));
  }
  const wall = { help: median(help.map((s) => s.wallMs)), bare: median(bare.map((s) => s.wallMs)) };
  const cpu = { help: median(help.map((s) => s.cpuMs)), bare: median(bare.map((s) => s.cpuMs)) };
  console.log(`handover-sim --help (dist/handover-sim.mjs), median of ${ROUNDS} starts: wall ${ms(wall.help)} (min ${ms(Math.min(...help.map((s) => s.wallMs)))}), CPU ${ms(cpu.help)}`);
  console.log(`baseline node -e 0 in the same run:                      wall ${ms(wall.bare)} (min ${ms(Math.min(...bare.map((s) => s.wallMs)))}), CPU ${ms(cpu.bare)}`);
  console.log(`ratio x${(wall.help / wall.bare).toFixed(2)} wall, x${(cpu.help / cpu.bare).toFixed(2)} CPU; the CLI's own share ${ms(wall.help - wall.bare)} wall, ${ms(cpu.help - cpu.bare)} CPU`);
  // What the package ran before it was compiled: the TypeScript CLI through tsx's loader (fewer rounds: slow).
  const tsx = median(Array.from({ length: 5 }, () => start([join(ROOT, 'bin', 'handover-sim.js'), '--help']).wallMs));
  console.log(`for scale, the development shim through tsx (bin/handover-sim.js --help): wall ${ms(tsx)}, x${(tsx / wall.help).toFixed(1)} the compiled CLI`);
  console.log(`target: --help under ${TARGET_MS} ms wall: ${wall.help < TARGET_MS ? 'met' : 'NOT met'} in this run`);
}
