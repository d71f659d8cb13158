import type { AddressInfo } from 'node:net';
import express from 'express';
import { handleGraphRequest, parseWorld, Platform, startServer } from '../fake-graph-api/index.js';
import { median } from './median.js';

/**
 * Requests per second of the fake's `GET thread_owner` and `POST pass_thread_control`/`take_thread_control`
 * over real HTTP on loopback, against a bare express route answering the same JSON with no middleware,
 * measured in the same run. The machine is shared and noisy: read the ratios, not the absolute figures.
 *
 * Each round sends REQUESTS requests with CONCURRENCY in flight (Node's fetch, keep-alive). For the
 * thread-control figure each in-flight worker owns one user's thread and alternates pass (primary → the
 * secondary) and take (back to the primary), so every call succeeds and none races another.
 */
const REQUESTS = 2000; // a multiple of 2 × CONCURRENCY
const CONCURRENCY = 10;
const ROUNDS = 5;

const PAGE = '1000000001';
const PRIMARY = { id: '2000000001', token: 'tok-primary' };
const SECONDARY = { id: '2000000002', token: 'tok-secondary' };
const users = Array.from({ length: CONCURRENCY }, (_, i) => String(3000000001 + i));

const world = parseWorld({
  pages: [{
    id: PAGE, name: 'Bench',
    apps: [
      { id: PRIMARY.id, name: 'Primary', role: 'primary', accessToken: PRIMARY.token },
      { id: SECONDARY.id, name: 'Secondary', role: 'secondary', accessToken: SECONDARY.token },
    ],
    users: users.map((psid) => ({ psid, name: `U${psid}` })),
  }],
});

const OWNER_BODY = { data: [{ thread_owner: { app_id: PRIMARY.id } }] };

function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.get('/v19.0/me/thread_owner', (_req, res) => { res.json(OWNER_BODY); });
  // The body is not parsed: the route answers as soon as the request is in, as a bare route would.
  app.post('/v19.0/me/pass_thread_control', (_req, res) => { res.json({ success: true }); });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}

/**
 * Runs `total` calls of `call(worker, i)`, `total / CONCURRENCY` per worker (an even number, so every
 * pass has its take); returns requests per second and the number of non-200 answers.
 */
async function measure(call: (worker: number, i: number) => Promise<Response>, total = REQUESTS): Promise<{ rps: number; failed: number }> {
  const perWorker = total / CONCURRENCY;
  let failed = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, worker) => {
    for (let i = 0; i < perWorker; i++) {
      const res = await call(worker, i);
      await res.arrayBuffer();
      if (res.status !== 200) failed++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { rps: total / seconds, failed };
}

const json = { 'content-type': 'application/json' };

/** The Graph dispatcher without HTTP: what the fake itself costs per call (µs), same calls as over HTTP. */
function inProcess(): { ownerMicros: number; passTakeMicros: number } {
  const platform = new Platform(world, { retainEvents: false });
  const time = (fn: (i: number) => void, n = 20_000) => {
    for (let i = 0; i < 2_000; i++) fn(i); // warm-up, even count
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    return Number(process.hrtime.bigint() - start) / 1e3 / n;
  };
  const query = { access_token: PRIMARY.token };
  const ownerMicros = time((i) => {
    handleGraphRequest(platform, { method: 'GET', path: '/v19.0/me/thread_owner', query: { ...query, recipient: users[i % CONCURRENCY] } });
  });
  const passTakeMicros = time((i) => {
    const psid = users[i % CONCURRENCY]!;
    const pass = Math.floor(i / CONCURRENCY) % 2 === 0;
    const res = handleGraphRequest(platform, {
      method: 'POST', path: `/v19.0/me/${pass ? 'pass' : 'take'}_thread_control`, query,
      body: pass ? { recipient: { id: psid }, target_app_id: SECONDARY.id } : { recipient: { id: psid } },
    });
    if (res.status !== 200) throw new Error(`in-process ${pass ? 'pass' : 'take'} failed: ${JSON.stringify(res.body)}`);
  });
  return { ownerMicros, passTakeMicros };
}

export async function run(): Promise<void> {
  const { ownerMicros, passTakeMicros } = inProcess();
  const fake = await startServer(world, { port: 0, retainEvents: false });
  const bare = await startBare();
  const ownerUrl = (base: string, psid: string, token: string) => `${base}/v19.0/me/thread_owner?recipient=${psid}&access_token=${token}`;

  const calls = {
    bareGet: (w: number) => fetch(ownerUrl(bare.url, users[w]!, PRIMARY.token)),
    fakeGet: (w: number) => fetch(ownerUrl(fake.url, users[w]!, PRIMARY.token)),
    barePost: (w: number) => fetch(`${bare.url}/v19.0/me/pass_thread_control?access_token=${PRIMARY.token}`, {
      method: 'POST', headers: json, body: JSON.stringify({ recipient: { id: users[w] }, target_app_id: SECONDARY.id }),
    }),
    // Even calls pass to the secondary, odd calls take back: each worker's thread ends where it began.
    fakePassTake: (w: number, i: number) => fetch(`${fake.url}/v19.0/me/${i % 2 === 0 ? 'pass' : 'take'}_thread_control?access_token=${PRIMARY.token}`, {
      method: 'POST', headers: json,
      body: JSON.stringify(i % 2 === 0 ? { recipient: { id: users[w] }, target_app_id: SECONDARY.id } : { recipient: { id: users[w] } }),
    }),
  };
  type Name = keyof typeof calls;
  const results: Record<Name, number[]> = { bareGet: [], fakeGet: [], barePost: [], fakePassTake: [] };
  let failures = 0;

  try {
    // Warm-up: JIT, sockets, lazy imports.
    for (const name of Object.keys(calls) as Name[]) await measure(calls[name], CONCURRENCY * 50);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(calls) as Name[]) {
        const { rps, failed } = await measure(calls[name]);
        results[name].push(rps);
        failures += failed;
      }
    }
  } finally {
    await fake.close();
    await bare.close();
  }

  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<Name, number>;
  const fmt = (x: number) => x.toFixed(0).padStart(7);
  console.log(`${REQUESTS} requests × ${ROUNDS} rounds, ${CONCURRENCY} in flight, Node fetch over loopback; medians (req/s):`);
  console.log(`  GET thread_owner            fake ${fmt(m.fakeGet)}   bare express ${fmt(m.bareGet)}   fake/bare ${(m.fakeGet / m.bareGet).toFixed(2)}`);
  console.log(`  POST pass/take_thread_control fake ${fmt(m.fakePassTake)}   bare express ${fmt(m.barePost)}   fake/bare ${(m.fakePassTake / m.barePost).toFixed(2)}`);
  console.log(`  all rounds (req/s): ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map((x) => Math.round(x))])))}`);
  console.log(`  non-200 answers: ${failures}`);
  console.log(`  in process (handleGraphRequest, no HTTP): thread_owner ${ownerMicros.toFixed(1)} µs/call, pass/take ${passTakeMicros.toFixed(1)} µs/call`);
  if (failures > 0) throw new Error(`${failures} requests failed during the benchmark`);
}
