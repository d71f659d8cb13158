import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../../simulator/conformance/runner.js';

/**
 * Check 1 against hand-written webhooks: Meta subscribes only when the answer's body is the challenge,
 * so a wrong verify token answered 200 without it is refused as surely as one answered 403.
 */
let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => { s.close(() => resolve()); s.closeAllConnections(); });
});

/** A webhook whose handshake answers a wrong token with `status` and `body` (`challenge`: echoes it). */
async function webhook(wrong: { status: number; body: 'challenge' | string }): Promise<string> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const challenge = url.searchParams.get('hub.challenge') ?? '';
    if (url.searchParams.get('hub.verify_token') === 'vt') return void res.writeHead(200).end(challenge);
    res.writeHead(wrong.status).end(wrong.body === 'challenge' ? challenge : wrong.body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
}

const check1 = async (url: string) => {
  const report = await runConformance({ webhook: url, appId: '1234567890', appSecret: 'secret', verifyToken: 'vt', quietMs: 50, only: ['1'] });
  return report.results.map((r) => [r.status, r.summary]);
};

describe('check 1: webhook verification', () => {
  it('a wrong verify token answered 200 without the challenge is refused: pass', async () => {
    expect(await check1(await webhook({ status: 200, body: 'Verification failed' }))).toEqual([
      ['pass', 'challenge echoed for the right token; wrong token refused with HTTP 200 without the challenge'],
    ]);
  });

  it('a wrong verify token answered 403 is refused: pass', async () => {
    expect(await check1(await webhook({ status: 403, body: 'Forbidden' }))).toEqual([['pass', 'challenge echoed for the right token; wrong token refused with HTTP 403']]);
  });

  it('a wrong verify token that gets the challenge back: fail', async () => {
    expect(await check1(await webhook({ status: 200, body: 'challenge' }))).toEqual([['fail', 'a wrong verify token got the challenge back']]);
  });
});
