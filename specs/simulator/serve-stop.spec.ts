import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Answer, type Receiver } from '../fake-graph-api/webhooks/fixtures/receiver.js';

/**
 * Issue 13, point 3, against the real `handover-sim serve` process: Ctrl-C while the bot's receiver is
 * down refuses new requests at once, gives up at the drain deadline, lists every undelivered event and
 * exits non-zero; a second Ctrl-C quits at once.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'handover-sim-stop-'));
const children: ChildProcess[] = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGE = '1000000001';
const BOT = '2000000001';
const ANN = '3000000001';

/** Answers the handshake; a POST gets `post` (down: 503 after a while; hung: never). */
const receiverThat = (post: Answer): Answer => (req, i, res) => {
  if (req.method === 'POST') return post(req, i, res);
  res.writeHead(200).end(new URL(req.url, 'http://x').searchParams.get('hub.challenge') ?? '');
};

async function startServe(receiver: Receiver, flags: string[]) {
  const worldFile = join(dir, `world-${children.length}.json`);
  writeFileSync(worldFile, JSON.stringify({
    pages: [{
      id: PAGE, name: 'Acme',
      apps: [{ id: BOT, name: 'Bot', role: 'primary', accessToken: 'tok-bot', appSecret: 's',
        webhook: { url: receiver.url, verifyToken: 'vt', fields: ['messages', 'message_echoes'] } }],
      users: [{ psid: ANN, name: 'Ann' }],
    }],
  }));
  const child = spawn(process.execPath, ['bin/handover-sim.js', 'serve', '--world', worldFile, '--port', '0', '--quiet', ...flags], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = pattern.exec(out);
      if (match) { clearInterval(timer); resolve(match); }
    }, 20);
    void exited.then(() => { clearInterval(timer); const m = pattern.exec(out); if (m) resolve(m); else reject(new Error(`exited without ${pattern}: ${out}`)); });
  });
  const url = (await waitFor(/listening on (http:\/\/\S+)/))[1]!;
  await waitFor(/Press Ctrl-C to stop/);
  return { child, exited, url, out: () => out, waitFor };
}

const userWrites = (url: string, text: string) =>
  fetch(`${url}/__admin/pages/${PAGE}/users/${ANN}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }) });

const notDelivered = (out: string) => out.split('\n').filter((l) => l.startsWith('webhooks: not delivered:'));

describe('serve: a stop that tells the truth', () => {
  it('receiver down: requests during the stop are refused (503), every undelivered event is listed, exit status 1', async () => {
    const down = await startReceiver(receiverThat((_req, _i, res) => void setTimeout(() => res.writeHead(503).end(), 300)));
    receivers.push(down);
    const serve = await startServe(down, ['--drain-timeout', '10000']);
    for (const text of ['one', 'two', 'three']) expect((await userWrites(serve.url, text)).status).toBe(200);
    await down.seen(2); // the handshake and the first POST: the first event is being retried

    serve.child.kill('SIGINT');
    await serve.waitFor(/handover-sim: stopping/);
    const during = await userWrites(serve.url, 'during the stop');
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ error: {
      message: '(#2) The server is stopping: it accepts no new requests.', type: 'OAuthException', code: 2, error_subcode: 2018954, fbtrace_id: expect.any(String),
    } });

    expect(await serve.exited).toBe(1);
    const listed = notDelivered(serve.out());
    expect(listed.map((l) => /\(event (\d+),/.exec(l)?.[1])).toEqual(['0', '1', '2']);
    expect(listed.every((l) => l.includes(`Bot messaging message psid=${ANN}`) && l.endsWith(': stopped before delivery'))).toBe(true);
    expect(serve.out()).toContain('webhooks: 3 event(s) left undelivered');
    expect(serve.out()).toContain('handover-sim: stopped with 3 event(s) undelivered');
  }, 30_000);

  it('a receiver that never answers: the drain deadline ends the flush (the webhook timeout is a minute), and says so', async () => {
    const hung = await startReceiver(receiverThat(() => {}));
    receivers.push(hung);
    const serve = await startServe(hung, ['--drain-timeout', '300', '--webhook-timeout', '60000']);
    expect((await userWrites(serve.url, 'one')).status).toBe(200);
    await hung.seen(2);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(1);
    expect(notDelivered(serve.out())).toEqual([
      `webhooks: not delivered: Bot messaging message psid=${ANN} (event 0, 1 attempt(s)): stopped before delivery (drain deadline of 300 ms passed)`,
    ]);
  }, 30_000);

  it('everything delivered: exit status 0', async () => {
    const up = await startReceiver(receiverThat((_req, _i, res) => void res.writeHead(200).end()));
    receivers.push(up);
    const serve = await startServe(up, []);
    expect((await userWrites(serve.url, 'one')).status).toBe(200);
    await up.seen(2);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
    expect(notDelivered(serve.out())).toEqual([]);
  }, 30_000);

  it('a second signal quits at once, saying what it abandons', async () => {
    const hung = await startReceiver(receiverThat(() => {}));
    receivers.push(hung);
    const serve = await startServe(hung, ['--drain-timeout', '600000', '--webhook-timeout', '600000']);
    expect((await userWrites(serve.url, 'one')).status).toBe(200);
    await hung.seen(2);
    serve.child.kill('SIGINT');
    await serve.waitFor(/handover-sim: stopping/);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(130);
    expect(serve.out()).toContain('handover-sim: SIGINT again: quitting now, 1 delivery(ies) abandoned');
  }, 30_000);
});
