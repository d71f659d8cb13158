import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * One crowd run of the simulator found at ROOT, in a process of its own so that its peak RSS is its own:
 * `node --import tsx bench/simulator-scale.run.ts ROOT USERS SEED` prints one JSON line. It runs what
 * `simulate --users N --seed S` runs in that tree: `runCrowd` (simulator/crowd-run.ts: the crowd sharded on
 * both cores) where the tree has it, else what commit 63417b1 exports (crowdScenario, then runScenario).
 * Peak RSS is the process's, so it counts the worker threads too.
 */
const [root, users, seed] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const load = async <T>(file: string) => (await import(pathToFileURL(join(root, file)).href)) as T;

type Counters = { webhookEvents: number; apiCalls: number; userMessages: number };
type Result = { counters: Counters; checks: number; violations: unknown[]; ok: boolean };
const { protocolEvents } = await load<{ protocolEvents(c: Counters): number }>('simulator/runtime/conductor.ts');

async function crowdRun(): Promise<() => Promise<Result>> {
  if (existsSync(join(root, 'simulator', 'crowd-run.ts'))) {
    const { runCrowd } = await load<{ runCrowd(users: number, seed: number): Promise<Result> }>('simulator/crowd-run.ts');
    return () => runCrowd(users, seed);
  }
  const { crowdScenario } = await load<{ crowdScenario(users: number, seed: number): unknown }>('simulator/crowd.ts');
  const { runScenario } = await load<{ runScenario(s: unknown, o: { seed: number; trace: boolean }): Promise<Result> }>('simulator/run-scenario.ts');
  // The same options as `simulate --users N` (a crowd above 200 users keeps no trace).
  return () => runScenario(crowdScenario(users, seed), { seed, trace: false });
}

const run = await crowdRun();
const started = performance.now();
const result = await run();
const seconds = (performance.now() - started) / 1000;
const { webhookEvents, apiCalls, userMessages } = result.counters;
console.log(JSON.stringify({
  events: protocolEvents(result.counters),
  webhookEvents, apiCalls, userMessages,
  checks: result.checks,
  violations: result.violations.length,
  ok: result.ok,
  seconds,
  // CPU seconds of the whole process (worker threads included): what a run costs whatever the machine's load.
  cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  // resourceUsage().maxRSS is in KiB: the process's peak resident set, scenario building included.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
}));
