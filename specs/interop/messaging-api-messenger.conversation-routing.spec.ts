import messengerApi from 'messaging-api-messenger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, parseWorld, startServer, type RunningServer } from '../../fake-graph-api/index.js';
import { graphError, libraryError } from './library-error.js';
import { messagingItem, NOW, PAGE_INBOX, PSID, recordedEvents, threadOwner } from './default-page.js';
import { worldUnder } from '../../fake-graph-api/world/world-under.js';

/**
 * The same real client library (messaging-api-messenger 1.1, only `origin` changed) on a Conversation Routing
 * page, the rules every Page runs since 2025 (protocol.md §0): the built-in world under CR, where the primary
 * is the default application and the secondary has the take permission. Written in 2020 for HOP v1, the
 * library meets idle threads and retired endpoints here; each answer is Meta's, and where the library
 * stumbles on it the spec says so (the fake is right, the library is not: docs/library.md).
 */
const { MessengerClient } = messengerApi;

const DEFAULT_APP = '2000000001';
const LIVE_CHAT = '2000000002';
const A_DAY_LATER_S = (NOW + 24 * 3600 * 1000) / 1000;

// The built-in page, plus a third app with a token of its own: one that neither owns the thread nor is the default app.
const [page] = DEFAULT_WORLD.pages;
const WORLD = { ...DEFAULT_WORLD, pages: [{ ...page!, apps: [...page!.apps, { id: '2000000003', name: 'Analytics', role: 'secondary' as const, accessToken: 'tok-third', appSecret: 'sec-third' }] }] };

let server: RunningServer;
beforeEach(async () => {
  server = await startServer(worldUnder(parseWorld(WORLD), 'conversation-routing'), { port: 0, clock: { now: () => NOW } });
});
afterEach(async () => {
  await server.close();
});

const client = (accessToken: string, appSecret: string) => new MessengerClient({ accessToken, appSecret, origin: server.url, version: '19.0' });
const defaultApp = () => client('tok-primary', 'sec-primary');
const liveChat = () => client('tok-secondary', 'sec-secondary');
const owner = () => threadOwner(server);
const events = () => recordedEvents(server);

describe('messaging-api-messenger on a Conversation Routing page (protocol.md §1, §3)', () => {
  it('getThreadOwner on an idle thread: the fake answers {"data":[]} (§1.6) and the library throws a TypeError reading data[0]', async () => {
    const raw = await fetch(`${server.url}/v19.0/me/thread_owner?recipient=${PSID}&access_token=tok-primary`);
    expect(await raw.json()).toEqual({ data: [] });
    expect(await libraryError(defaultApp().getThreadOwner(PSID))).toEqual({
      name: 'TypeError', message: "Cannot read properties of undefined (reading 'threadOwner')", status: undefined, data: undefined,
    });
  });

  it('takeThreadControl with the take permission, from idle: no webhook; thread_owner shows app_id and expiration to the owner and the default app, only expiration to others (§1.2, §1.6)', async () => {
    expect(await liveChat().takeThreadControl(PSID, 'an agent is here')).toEqual({ success: true });
    expect(await owner()).toBe(LIVE_CHAT);
    expect(events()).toEqual([]);
    expect(await liveChat().getThreadOwner(PSID)).toEqual({ appId: LIVE_CHAT, expiration: A_DAY_LATER_S });
    expect(await defaultApp().getThreadOwner(PSID)).toEqual({ appId: LIVE_CHAT, expiration: A_DAY_LATER_S });
    expect(await client('tok-third', 'sec-third').getThreadOwner(PSID)).toEqual({ expiration: A_DAY_LATER_S });
  });

  it('sendText into an idle thread: the default app may (the thread stays idle), the live-chat app is refused with our 2018929 (§3)', async () => {
    expect(await defaultApp().sendText(PSID, 'Hello!')).toEqual({ recipientId: PSID, messageId: expect.stringMatching(/^m_/) });
    expect(await owner()).toBe(null);
    expect(await libraryError(liveChat().sendText(PSID, 'Hi'))).toEqual(graphError(
      '(#10) Message failed to send because the thread is idle: only the default application can send into it.', 10, 2018929,
    ));
  });

  it('passThreadControl without a target returns the thread to the default app, which gets pass_thread_control (§1.1)', async () => {
    await liveChat().takeThreadControl(PSID);
    // The library's types require a target (HOP v1 did); a JavaScript bot leaves it out, as CR allows (§1.1).
    expect(await liveChat().passThreadControl(PSID, undefined as unknown as number, 'back to the bot')).toEqual({ success: true });
    expect(await owner()).toBe(DEFAULT_APP);
    expect(events()).toEqual([messagingItem(DEFAULT_APP, { pass_thread_control: { previous_owner_app_id: LIVE_CHAT, new_owner_app_id: DEFAULT_APP, metadata: 'back to the bot' } })]);
  });

  it('passThreadControlToPageInbox still works: the inbox owns the thread and hears pass_thread_control, previous owner null from idle (§1.1)', async () => {
    expect(await defaultApp().passThreadControlToPageInbox(PSID, 'a human please')).toEqual({ success: true });
    expect(await owner()).toBe(PAGE_INBOX);
    expect(events()).toEqual([messagingItem(PAGE_INBOX, { pass_thread_control: { previous_owner_app_id: null, new_owner_app_id: PAGE_INBOX, metadata: 'a human please' } })]);
  });

  it('the HOP-only calls are refused with Meta\'s codes: requestThreadControl with a default app (2018928), getSecondaryReceivers (our 2018931)', async () => {
    expect(await libraryError(liveChat().requestThreadControl(PSID, 'please'))).toEqual(graphError(
      '(#10) request_thread_control is only available when conversation routing is not enabled (default message routing behavior).', 10, 2018928,
    ));
    expect(await libraryError(defaultApp().getSecondaryReceivers())).toEqual(graphError('(#10) Handover Protocol APIs disabled for this page.', 10, 2018931));
  });
});
