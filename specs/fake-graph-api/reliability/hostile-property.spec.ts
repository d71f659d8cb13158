import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../fake-graph-api/index.js';
import { serveWithReceivers } from './fixtures.js';
import { expectEveryDeliverySettled, hostileProperty } from './hostile-requests.js';

/**
 * Issue 13, "keep it proven": generated hostile requests against a running server whose apps have real
 * webhook receivers (the bot answers 200, the desk 500 so its events retry and fail with a reason).
 */
let server: RunningServer;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ server, close } = await serveWithReceivers({ desk: (_req, _i, res) => void res.writeHead(500).end() }, {
    webhooks: { retry: { quickRetries: 1, quickDelayMs: 20, backoffMs: 20, maxBackoffMs: 20, unsubscribeAfterMs: 200 } },
  }));
});
afterAll(() => close());

describe('hostile requests against serve with webhook receivers', () => {
  it('no 5xx, the server alive, refused calls change nothing, every event delivered or failed with a reason', async () => {
    await fc.assert(hostileProperty(() => server), { numRuns: Number(process.env['HOSTILE_RUNS'] ?? 150) });
    await expectEveryDeliverySettled(server);
    expect(server.dispatcher!.deliveries().length).toBeGreaterThan(0);
  }, 120_000);
});
