import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startStatelyInspector, type StatelyInspector } from '../../simulator/inspect/stately.js';

/**
 * Issue 13, point 4: the --inspect relay streams PSIDs and metadata, so a page of another site (its
 * Origin) or a rebound name (its Host) gets no WebSocket and no bridge page; this machine's pages and
 * non-browser clients (no Origin) still do.
 */
let running: StatelyInspector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Opens a WebSocket with the given headers; resolves 'open' or the HTTP status of the refusal. */
function connect(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.close(); resolve('open'); });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('the inspector relay checks Origin and Host', () => {
  it('refuses WebSockets from another site or a rebound name, accepts its own page and plain clients', async () => {
    running = await startStatelyInspector();
    const port = new URL(running.url).port;
    const results = {
      foreignOrigin: await connect(running.relayUrl, { Origin: 'https://evil.example' }),
      nullOrigin: await connect(running.relayUrl, { Origin: 'null' }),
      reboundHost: await connect(running.relayUrl, { Host: `rebind.evil.example:${port}` }),
      ownPage: await connect(running.relayUrl, { Origin: `http://127.0.0.1:${port}` }),
      localhostPage: await connect(running.relayUrl, { Origin: `http://localhost:${port}` }),
      noOrigin: await connect(running.relayUrl, {}),
    };
    expect(results).toEqual({ foreignOrigin: 401, nullOrigin: 401, reboundHost: 401, ownPage: 'open', localhostPage: 'open', noOrigin: 'open' });
  });

  it('serves the bridge page only to this machine', async () => {
    running = await startStatelyInspector();
    const own = await fetch(running.url);
    expect(own.status).toBe(200);
    const foreign = await fetch(running.url, { headers: { Origin: 'https://evil.example' } });
    expect([foreign.status, await foreign.text()]).toEqual([403, 'refused: origin https://evil.example is not this machine\n']);
  });
});
