import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Platform, createWebhookDispatcher, parseWorld, webhookHeaders, type BatchOptions } from '../fake-graph-api/index.js';
import { median } from './median.js';

/**
 * Webhook deliveries per second to a local receiver on loopback, against a bare loop of HTTP POSTs
 * (same client, same body size, one at a time) measured in the same run. Rounds are interleaved and
 * the medians compared: the machine is shared and noisy, so read the ratios.
 */
const EVENTS = 2_000;
const ROUNDS = 5;
const PAGE = '1000000001';
const BOT = '2000000001';
const PSID = '3000000001';


async function startReceiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('EVENT_RECEIVED');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received: () => received,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function world(url: string) {
  return parseWorld({
    pages: [{
      id: PAGE,
      name: 'Bench',
      apps: [{ id: BOT, name: 'Bot', role: 'primary', accessToken: 'tok', appSecret: 'secret',
        webhook: { url, verifyToken: 'vt', fields: ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby', 'message_echoes'] } }],
      users: [{ psid: PSID, name: 'Ann' }],
    }],
  });
}

/** N sequential POSTs of a ready body: the floor any delivery layer on this client stands on. */
async function bareLoop(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const res = await fetch(url, { method: 'POST', headers, body });
    await res.arrayBuffer();
  }
  return performance.now() - started;
}

/** N user messages through the platform, delivered by the dispatcher, until drained. */
async function dispatched(url: string, batch: BatchOptions | undefined): Promise<number> {
  const platform = new Platform(world(url), { retainEvents: false });
  const dispatcher = createWebhookDispatcher(platform, batch ? { batch } : {});
  dispatcher.start();
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) platform.userWrites(PAGE, PSID, { text: `message ${i} äöå 🎉` });
  await dispatcher.drain();
  const elapsed = performance.now() - started;
  const failed = dispatcher.deliveries({ state: 'failed' }).length;
  await dispatcher.stop();
  if (failed > 0) throw new Error(`${failed} deliveries failed`);
  return elapsed;
}

/** The platform alone producing the same events, no delivery: what the dispatcher's figure includes. */
function platformOnly(url: string): number {
  const platform = new Platform(world(url), { retainEvents: false });
  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) platform.userWrites(PAGE, PSID, { text: `message ${i} äöå 🎉` });
  return performance.now() - started;
}

export async function run(): Promise<void> {
  const receiver = await startReceiver();
  // a body of the size the dispatcher sends for one event
  const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid: 'm_0123456789012345678901', text: 'message 1000 \\u00e4\\u00f6\\u00e5 \\ud83c\\udf89' } }] }] });
  const plain = { 'Content-Type': 'application/json' };
  // Meta's four headers, computed once: what the dispatcher's POSTs carry, without the work of making them
  const signed = webhookHeaders('secret', body);
  const times = { bare: [] as number[], bareSigned: [] as number[], off: [] as number[], batch10: [] as number[], batch100: [] as number[], platform: [] as number[] };
  await bareLoop(receiver.url, body, plain); // warm-up: connections, JIT
  await dispatched(receiver.url, undefined);
  for (let round = 0; round < ROUNDS; round++) {
    times.bare.push(await bareLoop(receiver.url, body, plain));
    times.bareSigned.push(await bareLoop(receiver.url, body, signed));
    times.off.push(await dispatched(receiver.url, undefined));
    times.batch10.push(await dispatched(receiver.url, { maxEvents: 10 }));
    times.batch100.push(await dispatched(receiver.url, { maxEvents: 100 }));
    times.platform.push(platformOnly(receiver.url));
  }
  await receiver.close();
  const rate = (ms: number) => Math.round((EVENTS / ms) * 1000);
  const bare = median(times.bare);
  console.log(`webhook delivery, ${EVENTS} events per round, median of ${ROUNDS} interleaved rounds, one receiver on loopback`);
  console.log(`  baseline: bare loop of sequential fetch POSTs   ${bare.toFixed(0).padStart(6)} ms  ${String(rate(bare)).padStart(6)} POSTs/s`);
  const bareSigned = median(times.bareSigned);
  console.log(`  same loop, with Meta's 4 headers precomputed    ${bareSigned.toFixed(0).padStart(6)} ms  ${String(rate(bareSigned)).padStart(6)} POSTs/s  ×${(bareSigned / bare).toFixed(2)} the baseline's time`);
  for (const [name, label] of [['off', 'dispatcher, batching off (1 event/POST)'], ['batch10', 'dispatcher, batch maxEvents 10'], ['batch100', 'dispatcher, batch maxEvents 100']] as const) {
    const t = median(times[name]);
    console.log(`  ${label.padEnd(47)} ${t.toFixed(0).padStart(6)} ms  ${String(rate(t)).padStart(6)} events/s  ×${(t / bare).toFixed(2)} the baseline's time`);
  }
  const p = median(times.platform);
  console.log(`  (of which the platform producing the events, no delivery: ${p.toFixed(1)} ms)`);
}
