import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * One crowd run of the simulator found at ROOT, in a process of its own so that its peak RSS is its own:
 * `node --import tsx bench/simulator-scale.run.ts ROOT USERS SEED` prints one JSON line. It only uses what
 * both today's tree and commit 63417b1 export (crowdScenario, runScenario, protocolEvents), so the same
 * driver measures both.
 */
const [root, users, seed] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const load = async <T>(file: string) => (await import(pathToFileURL(join(root, file)).href)) as T;

type Counters = { webhookEvents: number; apiCalls: number; userMessages: number };
const { crowdScenario } = await load<{ crowdScenario(users: number, seed: number): unknown }>('simulator/crowd.ts');
const { runScenario } = await load<{
  runScenario(s: unknown, o: { seed: number; trace: boolean }): Promise<{ counters: Counters; checks: number; violations: unknown[]; ok: boolean }>;
}>('simulator/run-scenario.ts');
const { protocolEvents } = await load<{ protocolEvents(c: Counters): number }>('simulator/runtime/conductor.ts');

const scenario = crowdScenario(users, seed);
const started = performance.now();
// The same options as `simulate --users N` (a crowd above 200 users keeps no trace).
const result = await runScenario(scenario, { seed, trace: false });
const seconds = (performance.now() - started) / 1000;
const { webhookEvents, apiCalls, userMessages } = result.counters;
console.log(JSON.stringify({
  events: protocolEvents(result.counters),
  webhookEvents, apiCalls, userMessages,
  checks: result.checks,
  violations: result.violations.length,
  ok: result.ok,
  seconds,
  // resourceUsage().maxRSS is in KiB: the process's peak resident set, scenario building included.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
}));
