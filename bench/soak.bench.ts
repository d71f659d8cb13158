import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/**
 * Soak: at least a million events through the real `handover-sim serve` (a child process on 127.0.0.1;
 * a world of one page whose primary and nine secondaries hear each user message, so one request makes ten
 * events; no webhooks), with the server's RSS read from /proc every 10,000 events. Reported:
 * RSS and its growth per 10,000 events at the start and at the end, with the default retention (100,000)
 * and, as the same-run baseline, with `--retain-events all` (the old behaviour) over a shorter run.
 * Then /__admin/health's latency (p50/p99) while a full dump of 300,000 kept events streams, against
 * its latency with nothing else going on. Stops by itself; SOAK_EVENTS=N changes the main run's size.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = '1000000001';
const USERS = ['3000000001', '3000000002', '3000000003'];
const SECONDARIES = 9;
const EVENTS_PER_MESSAGE = 1 + SECONDARIES; // the primary on messaging, each secondary on standby

function worldFile(dir: string): string {
  const file = join(dir, 'soak-world.json');
  writeFileSync(file, JSON.stringify({
    pages: [{
      id: PAGE,
      name: 'Soak',
      apps: [
        { id: '2000000000', name: 'Bot', role: 'primary', accessToken: 'tok-bot' },
        ...Array.from({ length: SECONDARIES }, (_, i) => ({ id: String(2000000001 + i), name: `Agent ${i + 1}`, role: 'secondary', accessToken: `tok-${i}` })),
      ],
      users: USERS.map((psid, i) => ({ psid, name: `User ${i}` })),
    }],
  }));
  return file;
}
const SAMPLE_EVERY = 10_000;
const CONCURRENCY = 16;

interface Serve { child: ChildProcess; port: number; stop(): Promise<void> }

async function startServe(world: string, flags: string[]): Promise<Serve> {
  const child = spawn(process.execPath, ['bin/handover-sim.js', 'serve', '--world', world, '--port', '0', '--host', '127.0.0.1', '--quiet', ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m && out.includes('Press Ctrl-C')) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    child,
    port,
    stop: () => new Promise((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGINT');
    }),
  };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function call(agent: Agent, port: number, method: string, path: string, body?: string, accept = 'application/json'): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const headers = { accept, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) };
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Drives `events` events (user messages) with CONCURRENCY requests in flight; samples RSS every 10,000 events. */
async function drive(serve: Serve, events: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const messages = Math.ceil(events / EVENTS_PER_MESSAGE);
  const samples: number[] = [rssMiB(serve.child.pid!)];
  let sent = 0;
  let done = 0;
  let nextSample = SAMPLE_EVERY;
  const worker = async () => {
    while (sent < messages) {
      const i = sent++;
      const { status } = await call(agent, serve.port, 'POST', `/__admin/pages/${PAGE}/users/${USERS[i % USERS.length]}/messages`, `{"text":"soak message ${i}"}`);
      if (status !== 200) throw new Error(`message ${i}: HTTP ${status}`);
      done++;
      while (done * EVENTS_PER_MESSAGE >= nextSample) {
        samples.push(rssMiB(serve.child.pid!));
        nextSample += SAMPLE_EVERY;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return samples;
}

/** Growth per 10,000 events over a window of samples (least squares slope would hide the same thing less plainly). */
const perStep = (samples: number[]) => (samples[samples.length - 1]! - samples[0]!) / (samples.length - 1);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** Sequential health calls, as a dashboard polling it would make, until `until` resolves. */
async function healthLatencies(port: number, until: Promise<unknown>, min = 200): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let finished = false;
  void until.then(() => { finished = true; });
  while (!finished || times.length < min) {
    const started = performance.now();
    const { status } = await call(agent, port, 'GET', '/__admin/health');
    if (status !== 200) throw new Error(`health: HTTP ${status}`);
    times.push(performance.now() - started);
    if (finished && times.length >= min) break;
  }
  agent.destroy();
  return times;
}

export async function run(): Promise<void> {
  const total = Number(process.env['SOAK_EVENTS'] ?? 1_000_000);
  const row = (label: string, samples: number[]) => {
    const n = samples.length;
    const start = samples.slice(1, 11);
    const end = samples.slice(n - 10);
    console.log(`  ${label}`);
    console.log(`    RSS at 10k…100k events: ${start.map((x) => x.toFixed(0)).join(' ')} MiB  (+${perStep(samples.slice(0, 11)).toFixed(2)} MiB per 10,000 events)`);
    console.log(`    RSS over the last 100k: ${end.map((x) => x.toFixed(0)).join(' ')} MiB  (+${perStep(end).toFixed(2)} MiB per 10,000 events)`);
  };

  const dir = mkdtempSync(join(tmpdir(), 'handover-sim-soak-'));
  const world = worldFile(dir);
  console.log(`soak: ${total.toLocaleString('en')} events through \`serve\` (${EVENTS_PER_MESSAGE} events per user message, no webhooks), ${CONCURRENCY} requests in flight, RSS from /proc every 10,000 events`);
  const kept = await startServe(world, []);
  const started = performance.now();
  const samples = await drive(kept, total);
  const seconds = (performance.now() - started) / 1000;
  await kept.stop();
  row(`default retention (100,000): ${seconds.toFixed(0)} s, ${Math.round(total / seconds).toLocaleString('en')} events/s`, samples);
  const plateau = samples[Math.min(20, samples.length - 1)]!; // once 100,000 events are kept and 100,000 more have gone by
  const last = samples[samples.length - 1]!;
  console.log(`    flat: RSS at ${(samples.length - 1) * 10}k events ${last.toFixed(0)} MiB vs ${plateau.toFixed(0)} MiB at 200k: ${((last / plateau - 1) * 100).toFixed(1)}% (${Math.abs(last / plateau - 1) <= 0.1 ? 'within' : 'NOT within'} 10%)`);

  const baselineEvents = Number(process.env['SOAK_BASELINE_EVENTS'] ?? 300_000);
  const all = await startServe(world, ['--retain-events', 'all']);
  const baseline = await drive(all, baselineEvents);
  row(`baseline, --retain-events all, ${baselineEvents.toLocaleString('en')} events`, baseline);

  // /__admin/health while the whole log streams, against health alone. One dump first, unmeasured (JIT,
  // first-touch of the log); then JSON and NDJSON alternately, twice each.
  const idle = await healthLatencies(all.port, Promise.resolve(), 500);
  const agent = new Agent({ keepAlive: true });
  const dumpOf = (accept: string) => call(agent, all.port, 'GET', '/__admin/events', undefined, accept);
  await dumpOf('application/json');
  const runs: { format: string; ms: number; bytes: number; times: number[] }[] = [];
  for (const format of ['application/json', 'application/x-ndjson', 'application/json', 'application/x-ndjson']) {
    const started = performance.now();
    const dump = dumpOf(format);
    const times = await healthLatencies(all.port, dump);
    runs.push({ format, ms: performance.now() - started, bytes: (await dump).bytes, times });
  }
  agent.destroy();
  await all.stop();
  rmSync(dir, { recursive: true, force: true });
  const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(1)} ms  p99 ${pct(xs, 0.99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms  (${xs.length} calls)`;
  console.log(`  GET /__admin/health, one call at a time (same server, ${baselineEvents.toLocaleString('en')} events kept)`);
  console.log(`    baseline, nothing else running:                       ${fmt(idle)}`);
  for (const r of runs) {
    const label = `while the whole log streams as ${r.format === 'application/json' ? 'JSON  ' : 'NDJSON'} (${(r.bytes / 2 ** 20).toFixed(0)} MiB in ${(r.ms / 1000).toFixed(1)} s):`;
    console.log(`    ${label.padEnd(53)} ${fmt(r.times)}  ${pct(r.times, 0.99) < 50 ? 'under' : 'NOT under'} 50 ms at p99`);
  }
}
