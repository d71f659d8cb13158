import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ProfileName } from '../machines/platform/profile-names.js';
import { PROFILES } from '../machines/platform/profiles.js';
import { crowdOutline, crowdScenario, LARGEST_CROWD_WITH_BROADCAST, type CrowdShard } from './crowd.js';
import type { Scenario } from './scenario.js';
import { homeProfile, runsUnder } from './scenario-profiles.js';
import { runScenario, type RunResult } from './run-scenario.js';
import type { RunCounters } from './runtime/conductor.js';
import { Trace } from './runtime/trace.js';
import type { Violation } from './invariants.js';

/**
 * `simulate --users N`: the crowd on both cores. A crowd's threads never meet (no role change, no broadcast
 * above LARGEST_CROWD_WITH_BROADCAST users), so each worker thread runs one shard of the users on a
 * platform of its own, and the results are added up in shard order: the same seed and worker count give
 * the same result, and the counts are the whole crowd's whatever the worker count
 * (specs/simulator/crowd-shards.spec.ts). Every invariant is checked in each shard by its own monitor.
 * Nothing is traced: a crowd this big keeps no trace (simulate's rule above 200 users).
 */
export interface CrowdRunOptions {
  /** Worker threads; 1 runs in this thread. Default: `defaultCrowdWorkers(users)`. */
  workers?: number;
  /** The protocol generation to run the crowd under (its own, HOP v1, when absent). */
  protocol?: ProfileName;
  /** Steps done so far across the shards, and the total, now and then (progress bars). */
  onStep?: (done: number, total: number) => void;
}

/** Sharding pays from this many users (a worker costs ~0.3 s to start and load the simulator). */
export const SHARD_FROM_USERS = 50_000;

/** Both cores for a big crowd: as many workers as the machine has cores, at most 4; one for a small crowd. */
export function defaultCrowdWorkers(users: number, cores = availableParallelism()): number {
  return users >= SHARD_FROM_USERS ? Math.max(1, Math.min(cores, 4)) : 1;
}

/**
 * Each shard's old generation is capped to what its users need: uncapped, V8 let the heap grow to 4x its
 * live set before collecting (a million users: 2.9 GB peak RSS for 0.75 GB live). A cap makes it collect
 * sooner. Live at the end of a crowd (docs/scale.md): ~770 B a user where threads share their snapshots
 * (an untimed profile, HOP v1), ~1 270 B where each thread's snapshot holds its own deadlines (timed:
 * HOP v2, CR). The budgets leave a third or more above that.
 */
export const HEAP_BYTES_PER_USER = { untimed: 1024, timed: 2048 } as const;
export const HEAP_BASE_MB = 160;

export function shardHeapMb(usersInShard: number, timed: boolean): number {
  return Math.ceil(HEAP_BASE_MB + (usersInShard * HEAP_BYTES_PER_USER[timed ? 'timed' : 'untimed']) / 2 ** 20);
}

/** What a shard sends back: its run's result without the scenario and the (empty) trace. */
export interface ShardResult {
  counters: Omit<RunCounters, 'refusedSends' | 'refusals'> & { refusedSends: [string, number][]; refusals: [string, number][] };
  checks: number;
  violations: Violation[];
  failedExpectations: string[];
  virtualMs: number;
  ok: boolean;
}

export type ShardMessage = { type: 'steps'; total: number } | { type: 'progress'; done: number } | { type: 'done'; result: ShardResult };

export function shardResultOf(result: RunResult): ShardResult {
  const { refusedSends, refusals, ...counts } = result.counters;
  return {
    counters: { ...counts, refusedSends: [...refusedSends], refusals: [...refusals] },
    checks: result.checks,
    violations: result.violations,
    failedExpectations: result.failedExpectations,
    virtualMs: result.virtualMs,
    ok: result.ok,
  };
}

/** A crowd, or one shard of it, under a protocol generation (the crowd's own, HOP v1, when absent). */
export function crowdUnder(users: number, seed: number, protocol: ProfileName | undefined, shard?: CrowdShard): Scenario {
  const crowd = shard === undefined ? crowdOutline(users, seed) : crowdScenario(users, seed, shard);
  return protocol === undefined ? crowd : runsUnder(crowd, protocol);
}

/** The shards' results as one run's: counts added, maps merged by key in sorted order, violations in shard order. */
export function mergeShards(scenario: Scenario, seed: number, shards: readonly ShardResult[]): RunResult {
  const sum = (pick: (c: ShardResult['counters']) => number) => shards.reduce((n, s) => n + pick(s.counters), 0);
  const merged = (pick: (c: ShardResult['counters']) => [string, number][]) => {
    const totals = new Map<string, number>();
    for (const s of shards) for (const [key, n] of pick(s.counters)) totals.set(key, (totals.get(key) ?? 0) + n);
    return new Map([...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  return {
    scenario,
    transport: 'in-process',
    seed,
    counters: {
      userMessages: sum((c) => c.userMessages),
      webhookEvents: sum((c) => c.webhookEvents),
      apiCalls: sum((c) => c.apiCalls),
      handovers: sum((c) => c.handovers),
      requests: sum((c) => c.requests),
      refusedSends: merged((c) => c.refusedSends),
      refusedCalls: sum((c) => c.refusedCalls),
      refusals: merged((c) => c.refusals),
    },
    checks: shards.reduce((n, s) => n + s.checks, 0),
    violations: shards.flatMap((s) => s.violations),
    failedExpectations: shards.flatMap((s) => s.failedExpectations),
    trace: new Trace(false),
    protocolEvents: [],
    virtualMs: Math.max(0, ...shards.map((s) => s.virtualMs)),
    ok: shards.every((s) => s.ok),
  };
}

/**
 * The worker beside this module: the built `.mjs` in dist/; from the TypeScript source (tsx, vitest), which a
 * worker thread cannot load by itself (Node 20 gives workers no `--import` hooks), one esbuild bundle of the
 * worker, made once per process. Registering tsx in each worker instead cost ~1 s a worker (every module of
 * the simulator, zod's 231 among them, through tsx's hooks); a run of 2 000 users on two workers took 1.9-2.2 s
 * that way, 1.36-1.45 s with the bundle (docs/scale.md).
 */
function shardWorker(module: URL, workerData: unknown, heapMb: number): Worker {
  return new Worker(module, { workerData, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
}

/** The shards' module for one run, and what to do when the run is over. */
async function shardModule(): Promise<{ module: URL; dispose(): void }> {
  if (!import.meta.url.endsWith('.ts')) return { module: new URL('./crowd-shard.worker.mjs', import.meta.url), dispose: () => {} };
  // A file of the run's own (a `data:` URL of the same bundle loaded ~0.2 s slower a worker), removed after it.
  const dir = mkdtempSync(join(tmpdir(), 'handover-sim-shard-'));
  const file = join(dir, 'crowd-shard.worker.mjs');
  writeFileSync(file, await sourceBundle());
  return { module: pathToFileURL(file), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

let bundle: Promise<Uint8Array> | undefined;
function sourceBundle(): Promise<Uint8Array> {
  bundle ??= (async () => {
    // esbuild is what tsx compiles with (a dev dependency): present wherever the TypeScript source runs.
    const { build } = await import('esbuild');
    const entry = fileURLToPath(new URL('./crowd-shard.worker.ts', import.meta.url));
    const { outputFiles } = await build({ entryPoints: [entry], write: false, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
    return outputFiles[0]!.contents;
  })();
  return bundle;
}

function runShard(module: URL, users: number, seed: number, protocol: ProfileName | undefined, timed: boolean, index: number, count: number, onMessage: (m: ShardMessage) => void): Promise<ShardResult> {
  const heapMb = shardHeapMb(Math.ceil(users / count), timed);
  const worker = shardWorker(module, { users, seed, protocol, shard: { index, count } }, heapMb);
  return new Promise((resolve, reject) => {
    let result: ShardResult | undefined;
    worker.on('message', (m: ShardMessage) => {
      if (m.type === 'done') result = m.result;
      else onMessage(m);
    });
    worker.once('error', (err: Error & { code?: string }) =>
      reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`crowd shard ${index + 1}/${count} outgrew its heap budget of ${heapMb} MB (HEAP_BYTES_PER_USER in simulator/crowd-run.ts)`) : err));
    worker.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`crowd shard ${index + 1}/${count} stopped with code ${code} before its result`))));
  });
}

export async function runCrowd(users: number, seed: number, options: CrowdRunOptions = {}): Promise<RunResult> {
  const workers = Math.min(options.workers ?? defaultCrowdWorkers(users), users);
  if (workers <= 1 || users <= LARGEST_CROWD_WITH_BROADCAST) {
    const scenario = crowdUnder(users, seed, options.protocol, { index: 0, count: 1 });
    return runScenario(scenario, { seed, trace: false, ...(options.onStep && { onStep: options.onStep }) });
  }
  const totals = new Array<number>(workers).fill(0);
  const done = new Array<number>(workers).fill(0);
  const progress = (i: number) => (m: ShardMessage) => {
    if (m.type === 'steps') totals[i] = m.total;
    if (m.type === 'progress') done[i] = m.done;
    options.onStep?.(done.reduce((a, b) => a + b, 0), totals.reduce((a, b) => a + b, 0));
  };
  const outline = crowdUnder(users, seed, options.protocol); // a crowd that means nothing under the protocol fails here, before any worker starts
  const { timed } = PROFILES[homeProfile(outline)];
  const { module, dispose } = await shardModule();
  try {
    const shards = await Promise.all(Array.from({ length: workers }, (_, i) => runShard(module, users, seed, options.protocol, timed, i, workers, progress(i))));
    return mergeShards(outline, seed, shards);
  } finally {
    dispose();
  }
}
