import { describe, expect, it } from 'vitest';
import { startFakeGraphApi } from 'handover-sim';

/** `startFakeGraphApi({ channel })`, as `serve --channel`: the built-in page with its Instagram account. */
describe('startFakeGraphApi({ channel })', () => {
  it('instagram: the bot is the Instagram account\'s default app, and sends to an IGSID with the Page token', async () => {
    const api = await startFakeGraphApi({ channel: 'instagram', bot: { appId: '1234567890' } });
    try {
      expect(api.world.pages[0]!.instagram).toMatchObject({ id: '1784140000000001', username: 'acme.shoes', defaultApp: '1234567890', apps: [{ id: '1234567890', takeControl: true }] });
      const sent = await fetch(`${api.url}/v19.0/me/messages?access_token=${api.accessToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { id: '7000000001' }, messaging_type: 'RESPONSE', message: { text: 'hi' } }),
      });
      expect([sent.status, await sent.json()]).toEqual([200, { recipient_id: '7000000001', message_id: expect.stringMatching(/^m_/) }]);
      // Under Conversation Routing a thread nobody took is idle: no owner.
      const owner = await fetch(`${api.url}/v19.0/me/thread_owner?recipient=7000000001&access_token=${api.accessToken}`);
      expect([owner.status, await owner.json()]).toEqual([200, { data: [] }]);
    } finally {
      await api.close();
    }
  });

  it('messenger, or no channel: the Page alone, as before', async () => {
    for (const channel of ['messenger', undefined] as const) {
      const api = await startFakeGraphApi(channel ? { channel } : {});
      try {
        expect(api.world.pages[0]!.instagram).toBeUndefined();
      } finally {
        await api.close();
      }
    }
  });
});
