// A jest suite as most bot projects write one: CommonJS, no transform, no experimental flag.
const { startFakeGraphApi, DEFAULT_BOT_APP_ID } = require('handover-sim');

let api;
beforeAll(async () => {
  api = await startFakeGraphApi();
});
afterAll(() => api.close());

test('the fake answers thread_owner under jest', async () => {
  const response = await fetch(`${api.url}/v19.0/me/thread_owner?recipient=3000000001&access_token=${api.accessToken}`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: [{ thread_owner: { app_id: DEFAULT_BOT_APP_ID } }] });
});
