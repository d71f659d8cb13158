import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// By package name, as a user's test suite imports it (in development the name is the source: vitest.config.ts, tsconfig.json).
import { PAGE_INBOX_APP_ID, startFakeGraphApi, type FakeGraphApi } from 'handover-sim';
import { APP_ID, APP_SECRET, VERIFY_TOKEN, startExampleBot } from './example-bots.js';

/** The README's example: a user's own vitest suite testing their bot's hand-off against the fake. */
describe('startFakeGraphApi in a test suite', () => {
  let api: FakeGraphApi;
  let bot: Awaited<ReturnType<typeof startExampleBot>>;

  beforeAll(async () => {
    bot = await startExampleBot('compliant-bot');
    api = await startFakeGraphApi({ bot: { appId: APP_ID, appSecret: APP_SECRET, webhook: { url: bot.webhook, verifyToken: VERIFY_TOKEN } } });
    bot.settings.graphApiUrl = `${api.url}/v19.0`;
    bot.settings.accessToken = api.accessToken!;
    await bot.bot.subscribed;
  });
  afterAll(async () => {
    await api.close();
    await bot.bot.close();
  });
  beforeEach(() => api.reset());

  it('hands the user to the Page Inbox on "agent" and greets them when the inbox marks the thread Done', async () => {
    const psid = '3000000001';
    api.user(psid).says('I want an agent');
    await api.waitFor(() => api.thread(psid).owner() === PAGE_INBOX_APP_ID);

    api.inbox.done(psid);
    const greeting = await api.waitFor(() => api.sent().find((m) => m.psid === psid && m.message.text === 'Welcome back! How can I help?'));
    expect(greeting.appId).toBe(APP_ID);
    expect(api.thread(psid).owner()).toBe(APP_ID);
  });

  it('shows what the bot received and what it called', async () => {
    const psid = '3000000002';
    const { mid } = api.user(psid).says('hello');
    await api.waitFor(() => api.sent().some((m) => m.psid === psid));
    expect(api.events().filter((e) => e.appId === APP_ID).map((e) => [e.channel, (e.event['message'] as { mid?: string } | undefined)?.mid])).toContainEqual(['messaging', mid]);
    const call = api.calls().find((c) => c.edge === 'messages' && c.psid === psid)!;
    expect([call.method, call.path, call.status, call.params['message']]).toEqual(['POST', '/v19.0/me/messages', 200, { text: 'You said: hello' }]);
  });

  it('reset() forgets owners, events, calls and messages', async () => {
    api.user('3000000003').says('agent');
    await api.waitFor(() => api.thread('3000000003').owner() === PAGE_INBOX_APP_ID);
    api.reset();
    expect([api.thread('3000000003').owner(), api.events().length, api.calls().length, api.sent().length]).toEqual([APP_ID, 0, 0, 0]);
  });

  it('refusals of the platform are errors in the test', () => {
    expect(() => api.inbox.reply('3000000004', 'hi')).toThrow("the Page Inbox's reply was refused: send_not_owner");
  });

  it('waitFor gives up with a message', async () => {
    await expect(api.waitFor(() => false, { timeoutMs: 50 })).rejects.toThrow('waitFor: the condition did not hold within 50 ms');
  });
});
