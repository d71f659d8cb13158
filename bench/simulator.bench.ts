import { createActor } from 'xstate';
import { threadControlMachine } from '../machines/platform/thread-control.machine.js';
import { crowdScenario } from '../simulator/crowd.js';
import { runsUnder } from '../simulator/scenario-profiles.js';
import { runScenario } from '../simulator/run-scenario.js';
import { protocolEvents } from '../simulator/runtime/conductor.js';
import type { AppStep } from '../simulator/runtime/app-host.js';

/**
 * `--users N` on the in-process transport: simulated protocol events per second and peak heap, against a
 * baseline measured in the same run: one live XState actor taking the same number of events (the cost
 * floor of "an XState machine per event", with no platform, routing, Graph API or apps around it).
 */
const USERS = Number(process.env['BENCH_USERS'] ?? 100_000);
const SEED = 7;

function baseline(events: number): number {
  const page = { roles: { primary: 'P', secondaries: ['S'] }, apps: ['P', 'S'] };
  const actor = createActor(threadControlMachine, { input: { page } }).start();
  const started = performance.now();
  for (let i = 0; i < events; i++) actor.send({ type: 'send', page, caller: i % 2 ? 'P' : 'S' });
  const seconds = (performance.now() - started) / 1000;
  actor.stop();
  return events / seconds;
}

export async function run(): Promise<void> {
  const scenario = crowdScenario(USERS, SEED);

  // A small crowd first, so that the timed runs below all start on compiled code (the first one used to pay the JIT).
  await runScenario(crowdScenario(Math.min(USERS, 5_000), SEED + 1), { seed: SEED, trace: false });

  // Throughput: one run with nothing but the simulator in it.
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = await runScenario(scenario, { seed: SEED, trace: false });
  const seconds = (performance.now() - wall) / 1000;
  const cpuUsed = process.cpuUsage(cpu);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;

  // The same crowd under the later generations (issue 11): their rule books beside HOP v1's, same run.
  const underProfiles = [];
  for (const profile of ['hop-v2', 'conversation-routing'] as const) {
    const under = runsUnder(scenario, profile);
    const started = performance.now();
    const r = await runScenario(under, { seed: SEED, trace: false });
    underProfiles.push({ profile, seconds: (performance.now() - started) / 1000, events: protocolEvents(r.counters), ok: r.ok });
  }

  // The same run with every app-machine step computed: what the app hosts' transition tables give.
  const plainWall = performance.now();
  await runScenario(scenario, { seed: SEED, trace: false, stepMemo: false });
  const plainSeconds = (performance.now() - plainWall) / 1000;

  // Peak heap: a second run of the same scenario. heapUsed counts garbage not yet collected; with --expose-gc
  // (npm run bench passes it) the heap is measured after a forced collection every 20 000 steps: the live heap
  // the threads really hold. Those collections take seconds on a big heap, so they stay out of the timed run.
  const gc = (globalThis as { gc?: () => void }).gc;
  let peakHeap = 0;
  const sample = () => {
    gc?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  // The same run counts the app machines' steps, and how many distinct ones their transition tables learned.
  let appSteps = 0;
  const hosts = new Set<AppStep['host']>();
  const countStep = ({ host }: AppStep) => {
    appSteps++;
    hosts.add(host);
  };
  sample();
  const again = await runScenario(scenario, { seed: SEED, trace: false, observe: { app: countStep }, onStep: (done) => done % 20_000 === 0 && sample() });
  sample();

  const { webhookEvents, apiCalls, userMessages } = result.counters;
  const events = protocolEvents(result.counters);
  const same = protocolEvents(again.counters) === events;
  const bare = baseline(events);
  console.log(`crowd of ${USERS} users (seed ${SEED}), in-process, ${scenario.steps.length} steps, ${(result.virtualMs / 60_000).toFixed(0)} virtual minutes, ok=${result.ok}`);
  console.log(`  protocol events: ${events} (${webhookEvents} webhook events, ${apiCalls} Graph API calls, ${userMessages} user messages)`);
  console.log(`  wall ${seconds.toFixed(1)} s → ${Math.round(events / seconds)} events/s (${Math.round(webhookEvents / seconds)} webhook events/s); CPU ${cpuSeconds.toFixed(1)} s → ${Math.round(events / cpuSeconds)} events per CPU-second`);
  for (const u of underProfiles) {
    const rate = u.events / u.seconds;
    console.log(`  under ${u.profile}: ${u.events} protocol events in ${u.seconds.toFixed(1)} s → ${Math.round(rate)} events/s (x${(rate / (events / seconds)).toFixed(2)} HOP v1's), ok=${u.ok}`);
  }
  console.log(`  without the app hosts' transition tables (every app-machine step computed): ${plainSeconds.toFixed(1)} s → ${Math.round(events / plainSeconds)} events/s (the tables: x${(plainSeconds / seconds).toFixed(2)})`);
  console.log(`  peak ${gc ? 'live ' : ''}heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB for ${USERS} threads (${((peakHeap / USERS) / 1024).toFixed(1)} KiB per thread, 5 machines each)${gc ? '' : ' (no --expose-gc: garbage included)'}, measured in a second run${same ? ' with the same events' : ' THAT DIFFERED'}`);
  const distinctSteps = [...hosts].reduce((n, host) => n + host.learnedSteps, 0);
  console.log(`  app-machine steps: ${appSteps}, of which ${distinctSteps} distinct (learned once by the transition tables, the rest shared)`);
  console.log(`  baseline, one live XState actor taking ${events} events: ${Math.round(bare)} events/s → the simulator runs at ${((events / seconds) / bare * 100).toFixed(1)}% of it`);
  console.log(`  invariant checks: ${result.checks}, violations: ${result.violations.length}`);
}
