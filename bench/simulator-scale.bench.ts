import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The simulator at scale (issue 15): `simulate --users N --seed 7` on today's tree and on commit 63417b1
 * (the baseline), each in a child process of its own so that peak RSS is that run's alone, in the
 * same bench so that both see the same load. Reports events/s, peak RSS and today/baseline ratios, and
 * checks both runs counted the same events. `--users N` (default 200 000; the 1 M run is opt-in:
 * `npm run bench -- scale --users 1000000`). `--runs K` pairs, alternating (default 3 up to 200 000 users, else 1):
 * the machine is shared, one pair can swing by 10 % either way, so the verdict is the ratio of the medians.
 *
 * The old commit is extracted with `git archive` into a temporary folder (no new worktree in the shared
 * repository) and removed at the end, failure or not. Its node_modules is a symlink to today's when every
 * package it locks is locked at the same version today (so the old code runs on the libraries it was
 * written for); otherwise `npm ci --prefer-offline` installs its own.
 */
export const BASELINE_COMMIT = '63417b1';
const SEED = 7;
const exec = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function usersFromArgv(argv: readonly string[]): number {
  const i = argv.indexOf('--users');
  if (i < 0) return 200_000;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--users needs a positive integer, got ${argv[i + 1]}`);
  return n;
}

export function runsFromArgv(argv: readonly string[], users: number): number {
  const i = argv.indexOf('--runs');
  if (i < 0) return users <= 200_000 ? 3 : 1;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${argv[i + 1]}`);
  return n;
}

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

type Lock = { packages: Record<string, { version?: string }> };

/** Packages the old lockfile pins at a version today's lockfile does not (empty: today's node_modules fits). */
export function lockDifferences(old: Lock, now: Lock): string[] {
  return Object.entries(old.packages)
    .filter(([path, p]) => path !== '' && p.version !== now.packages[path]?.version)
    .map(([path, p]) => `${path}@${p.version ?? '?'}`);
}

interface Measure { events: number; webhookEvents: number; apiCalls: number; userMessages: number; checks: number; violations: number; ok: boolean; seconds: number; cpuSeconds: number; peakRssBytes: number }

async function measure(tree: string, users: number): Promise<Measure> {
  const driver = join(root, 'bench', 'simulator-scale.run.ts');
  // cwd is today's tree so that tsx (the loader) is today's; the driver imports the simulator from `tree`.
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', driver, tree, String(users), String(SEED)], { cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Measure;
}

function extractBaseline(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handover-sim-63417b1-'));
  execFileSync('sh', ['-c', `git archive ${BASELINE_COMMIT} | tar -x -C "${dir}"`], { cwd: root });
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Lock;
  const differ = lockDifferences(read(join(dir, 'package-lock.json')), read(join(root, 'package-lock.json')));
  if (differ.length === 0 && existsSync(join(root, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  else execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
  return dir;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

export async function runBench(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const users = usersFromArgv(argv);
  const runs = runsFromArgv(argv, users);
  const old = extractBaseline();
  try {
    const line = (name: string, m: Measure) =>
      `  ${name}: ${m.events} protocol events in ${m.seconds.toFixed(1)} s (${m.cpuSeconds.toFixed(1)} s CPU) → ${Math.round(m.events / m.seconds)} events/s, peak RSS ${mib(m.peakRssBytes)}, ${m.checks} invariant checks, ${m.violations} violations`;
    const rate = (m: Measure) => m.events / m.seconds;
    console.log(`crowd of ${users} users, seed ${SEED}, in-process, each run in its own process, ${runs} pair(s)`);
    const pairs: { before: Measure; now: Measure }[] = [];
    for (let r = 0; r < runs; r++) {
      // One after the other, never at once: two runs on two shared cores would measure each other.
      const before = await measure(old, users);
      const now = await measure(root, users);
      pairs.push({ before, now });
      console.log(line(`baseline ${BASELINE_COMMIT}`, before));
      console.log(line('today', now));
      console.log(`  today / baseline: events/s x${(rate(now) / rate(before)).toFixed(2)}, CPU time x${(now.cpuSeconds / before.cpuSeconds).toFixed(2)}, peak RSS x${(now.peakRssBytes / before.peakRssBytes).toFixed(2)}`);
    }
    if (runs > 1) {
      const of = (side: 'before' | 'now', f: (m: Measure) => number) => median(pairs.map((p) => f(p[side])));
      const cpu = (m: Measure) => m.cpuSeconds;
      const peak = (side: 'before' | 'now') => Math.max(...pairs.map((p) => p[side].peakRssBytes));
      console.log(
        `  medians of ${runs}: baseline ${Math.round(of('before', rate))} events/s, today ${Math.round(of('now', rate))} events/s → x${(of('now', rate) / of('before', rate)).toFixed(2)} ` +
          `(median of the pairs' own ratios x${median(pairs.map((p) => rate(p.now) / rate(p.before))).toFixed(2)}); ` +
          `CPU time x${(of('now', cpu) / of('before', cpu)).toFixed(2)}; highest peak RSS ${mib(peak('now'))} against ${mib(peak('before'))}`,
      );
    }
    const counts = ['events', 'webhookEvents', 'apiCalls', 'userMessages'] as const;
    const same = pairs.every(({ before, now }) => counts.every((k) => now[k] === before[k] && now[k] === pairs[0]!.now[k]));
    console.log(same ? `  same counts in all ${runs * 2} runs` : `  COUNTS DIFFER: ${JSON.stringify(pairs)}`);
    if (!same || pairs.some(({ now }) => !now.ok)) process.exitCode = 1;
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}

export const run = (): Promise<void> => runBench();
