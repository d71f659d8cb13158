/** What `handover-sim simulate` does once its options are parsed; loaded only when that command runs. */
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { crowdOutline, crowdScenario } from '../crowd.js';
import { runCrowd } from '../crowd-run.js';
import { formatSummary } from '../report/summary.js';
import { formatTimeline } from '../report/timeline.js';
import { traceToMermaid } from '../report/trace-diagram.js';
import { runScenario, type RunResult } from '../run-scenario.js';
import { protocolEvents } from '../runtime/conductor.js';
import { openHttpTransport } from '../runtime/http.transport.js';
import type { TransportName } from '../runtime/transport.js';
import type { Scenario } from '../scenario.js';
import { DEFAULT_SCENARIO, SCENARIOS, findScenario } from '../scenarios/index.js';
import { startStatelyInspector, type StatelyInspector } from '../inspect/stately.js';
import { inspectRun } from '../report/inspect-run.js';
import { catalogueUnder, runsUnder } from '../scenario-profiles.js';
import type { ProfileName } from '../../machines/platform/profile-names.js';

export interface SimulateOptions {
  all?: boolean;
  seed: number;
  transport: TransportName;
  users?: number;
  /** Worker threads for a crowd that keeps no trace (crowd-run.ts); its own default when absent. */
  workers?: number;
  trace?: string;
  mermaid?: string;
  echoes?: boolean;
  quiet?: boolean;
  inspect?: number | true;
  /** Run the scenarios under this protocol generation (each scenario's own when absent). */
  protocol?: ProfileName;
}

/** Timelines longer than this are summarized: use --trace for the whole story. */
const TIMELINE_LIMIT = 400;

/** A crowd that keeps no trace, in process and uninspected, is run by runCrowd: its shards build their own users. */
function crowdRun(opts: SimulateOptions, keepTrace: boolean): boolean {
  return opts.users !== undefined && !keepTrace && opts.transport === 'in-process' && opts.inspect === undefined;
}

function pickScenarios(names: string[], opts: SimulateOptions, keepTrace: boolean): Scenario[] {
  if (opts.users !== undefined) {
    if (opts.users < 1) throw new Error('--users must be at least 1');
    if (opts.workers !== undefined && opts.workers < 1) throw new Error('--workers must be at least 1');
    const crowd = crowdRun(opts, keepTrace) ? crowdOutline(opts.users, opts.seed) : crowdScenario(opts.users, opts.seed);
    return [opts.protocol === undefined ? crowd : runsUnder(crowd, opts.protocol)];
  }
  const { protocol } = opts;
  if (opts.all) return protocol === undefined ? [...SCENARIOS] : catalogueUnder(SCENARIOS, protocol).runs.map((r) => r.scenario);
  const wanted = names.length > 0 ? names : [DEFAULT_SCENARIO];
  return wanted.map((name) => {
    const scenario = findScenario(name);
    if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return protocol === undefined ? scenario : runsUnder(scenario, protocol);
  });
}

export async function simulate(names: string[], opts: SimulateOptions, write: (line: string) => void = console.log): Promise<number> {
  const big = opts.users !== undefined && opts.users > 200;
  const keepTrace = !big || opts.trace !== undefined || opts.mermaid !== undefined;
  let scenarios: Scenario[];
  try {
    scenarios = pickScenarios(names, opts, keepTrace);
  } catch (err) {
    console.error(`handover-sim: ${(err as Error).message}`);
    return 2;
  }
  const results: RunResult[] = [];
  let inspector: StatelyInspector | undefined;
  if (opts.inspect !== undefined) {
    inspector = await startStatelyInspector({ port: opts.inspect === true ? 0 : opts.inspect });
    write(`Stately inspector: open ${inspector.url}`);
    write('  (the inspector UI loads from stately.ai and needs the internet; the event stream stays on this machine)');
  }
  for (const scenario of scenarios) {
    if (!opts.quiet) write(`\n▶ ${scenario.name}: ${scenario.title}\n  ${scenario.story}\n`);
    const bar = big ? new cliProgress.SingleBar({ format: '  {bar} {percentage}% | {value}/{total} steps | {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    bar?.start(scenario.steps.length, 0);
    const started = performance.now();
    const result = opts.users !== undefined && crowdRun(opts, keepTrace)
      ? await runCrowd(opts.users, opts.seed, {
        ...(opts.workers !== undefined && { workers: opts.workers }),
        ...(opts.protocol !== undefined && { protocol: opts.protocol }),
        ...(bar && { onStep: (done: number, total: number) => done % 1000 === 0 && (bar.setTotal(total), bar.update(done)) }),
      })
      : await runScenario(scenario, {
        seed: opts.seed,
        transport: opts.transport,
        trace: keepTrace,
        openHttpTransport,
        ...(inspector && { observe: inspectRun(inspector, scenario.name) }),
        ...(bar ? { onStep: (done: number) => done % 1000 === 0 && bar.update(done) } : {}),
      });
    bar?.update(bar.getTotal());
    bar?.stop();
    results.push(result);
    if (!opts.quiet) {
      const entries = result.trace.entries;
      if (entries.length > 0 && entries.length <= TIMELINE_LIMIT) for (const line of formatTimeline(entries, { echoes: opts.echoes ?? false })) write(line);
      else if (entries.length > TIMELINE_LIMIT) write(`  (${entries.length} trace entries: use --trace FILE.jsonl to keep them)`);
      const seconds = (performance.now() - started) / 1000;
      if (big) {
        const { webhookEvents, apiCalls, userMessages } = result.counters;
        const events = protocolEvents(result.counters);
        write(`  ${events} protocol events (${webhookEvents} webhook events, ${apiCalls} Graph API calls, ${userMessages} user messages) in ${seconds.toFixed(1)} s: ${Math.round(events / seconds)} events/s, ${(result.virtualMs / 60000).toFixed(0)} virtual minutes`);
      }
    }
  }

  if (opts.trace) {
    writeFileSync(opts.trace, results.map((r) => r.trace.toJsonl().split('\n').filter(Boolean).map((l) => `{"scenario":${JSON.stringify(r.scenario.name)},${l.slice(1)}`).join('\n')).join('\n') + '\n');
    write(`\ntrace written to ${opts.trace}`);
  }
  if (opts.mermaid) {
    writeFileSync(opts.mermaid, results.map((r) => `## ${r.scenario.name}\n\n${r.scenario.story}\n\n\`\`\`mermaid\n${traceToMermaid(r)}\`\`\`\n`).join('\n'));
    write(`sequence diagrams written to ${opts.mermaid}`);
  }

  const platformNames = new Map<string, string>();
  for (const s of scenarios) for (const p of s.world.pages) for (const a of p.apps) platformNames.set(a.id, a.name);
  write('');
  for (const line of formatSummary(results, (id) => platformNames.get(id) ?? id)) write(line);
  const failed = results.filter((r) => !r.ok);
  if (inspector) {
    // The relay stays up until Ctrl-C, so a browser can still open the run.
    write(`\nthe run is in the Stately inspector at ${inspector.url}; Ctrl-C to stop`);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  await inspector?.stop();
  write(failed.length === 0 ? `\n${results.length} scenario(s) passed, every invariant held` : `\n${failed.length} of ${results.length} scenario(s) FAILED: ${failed.map((r) => r.scenario.name).join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}
