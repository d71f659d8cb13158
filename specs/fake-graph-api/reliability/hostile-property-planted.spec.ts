import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../../fake-graph-api/index.js';
import { serveWithReceivers } from './fixtures.js';
import { expectEveryDeliverySettled, hostileProperty } from './hostile-requests.js';

/**
 * The planted bug: the depth limit gone (every body measures 0 deep). The hostile property must then find
 * the deep Send API body whose echo cannot be serialized for the webhook: without the queue's guard that
 * was the crash of issue 13; with it, a delivery failed with "internal error", which the property refuses.
 */
vi.mock('../../../fake-graph-api/http/json-depth.js', () => ({ MAX_JSON_DEPTH: 64, jsonDepth: () => 0 }));

let server: RunningServer;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ server, close } = await serveWithReceivers());
});
afterAll(() => close());

describe('planted bug: no depth limit', () => {
  it('the hostile property catches it (a delivery fails with an internal error), and the server survives it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const result = await fc.check(hostileProperty(() => server), { numRuns: 300, seed: 13 });
      const caught = result.failed || (await expectEveryDeliverySettled(server).then(() => false, () => true));
      expect(caught).toBe(true);
      expect(server.dispatcher!.deliveries().some((d) => d.reason?.startsWith('internal error: the webhook body could not be built'))).toBe(true);
      expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
    } finally {
      errors.mockRestore();
    }
  }, 120_000);
});
