// A mocha suite: CommonJS, node:assert.
const assert = require('node:assert/strict');
const { startFakeGraphApi, DEFAULT_BOT_APP_ID } = require('handover-sim');

describe('handover-sim under mocha', () => {
  let api;
  before(async () => {
    api = await startFakeGraphApi();
  });
  after(() => api.close());

  it('the fake answers thread_owner', async () => {
    const response = await fetch(`${api.url}/v19.0/me/thread_owner?recipient=3000000001&access_token=${api.accessToken}`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { data: [{ thread_owner: { app_id: DEFAULT_BOT_APP_ID } }] });
  });
});
