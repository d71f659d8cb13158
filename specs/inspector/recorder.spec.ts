import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, Platform } from '../../fake-graph-api/index.js';
import { recordTimeline } from '../../fake-graph-api/inspector/recorder.js';
import { DEFAULT_WORLD } from '../../fake-graph-api/world/default-world.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';

const PAGE = '1000000001';
const ANN = '3000000001';

describe('the timeline recorder', () => {
  it('keeps a bounded number of steps, the newest', () => {
    const platform = new Platform(parseWorld(DEFAULT_WORLD));
    const recorder = recordTimeline(platform, { limit: 40 });
    for (let i = 0; i < 200; i++) platform.userWrites(PAGE, ANN, { text: `m${i}` });
    const steps = recorder.steps();
    expect(steps.length).toBeGreaterThanOrEqual(40);
    expect(steps.length).toBeLessThanOrEqual(50);
    expect(steps.at(-4)).toMatchObject({ kind: 'message', label: '"m199"' });
    expect(recorder.records().length).toBeLessThanOrEqual(50);
    recorder.close();
    platform.userWrites(PAGE, ANN, { text: 'after close' });
    expect(recorder.steps().at(-4)).toMatchObject({ label: '"m199"' });
  });

  it('starts again after POST /__admin/reset', async () => {
    const platform = new Platform(parseWorld(DEFAULT_WORLD));
    const app = createApp(platform);
    platform.userWrites(PAGE, ANN, { text: 'before' });
    await request(app).post('/__admin/reset').expect(200);
    platform.userWrites(PAGE, ANN, { text: 'after' });
    const res = await request(app).get(`/__inspector/threads/${PAGE}/${ANN}`).expect(200);
    expect(res.body.steps.slice(0, 2).map((s: { label: string }) => s.label)).toEqual(['new thread · owner: ManyChat', '"after"']);
    expect(res.body.steps.filter((s: { kind: string }) => s.kind === 'message').map((s: { label: string }) => s.label)).toEqual(['"after"']);
  });
});
