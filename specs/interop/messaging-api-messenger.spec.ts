import messengerApi from 'messaging-api-messenger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, parseWorld, startServer, type RunningServer } from '../../fake-graph-api/index.js';
import { libraryError } from './library-error.js';

/**
 * A real client library against the fake over HTTP: messaging-api-messenger 1.1 (bottender's), pointed at
 * the fake with its `origin` option. It signs every call with appsecret_proof, sends JSON bodies with
 * snake_cased keys and camelCases every answer, errors included.
 */
const { MessengerClient } = messengerApi;

const PSID = '3000000001';
const PRIMARY = '2000000001';
const SECONDARY = '2000000002';
const PAGE_INBOX = '263902037430900';
const PAGE = '1000000001';
const NOW = 1_700_000_000_000;

let server: RunningServer;
beforeEach(async () => {
  server = await startServer(parseWorld(DEFAULT_WORLD), { port: 0, clock: { now: () => NOW } });
});
afterEach(async () => {
  await server.close();
});

const client = (accessToken: string, appSecret: string) => new MessengerClient({ accessToken, appSecret, origin: server.url, version: '19.0' });
const primary = () => client('tok-primary', 'sec-primary');
const secondary = () => client('tok-secondary', 'sec-secondary');
const owner = async () => (await fetch(`${server.url}/__admin/pages/${PAGE}/threads/${PSID}`).then((r) => r.json()) as { owner: string }).owner;
const events = () => server.platform.events().map((e) => ({ appId: e.appId, channel: e.channel, event: e.event }));


describe('messaging-api-messenger against the fake', () => {
  it('getThreadOwner: a new thread belongs to the primary', async () => {
    expect(await primary().getThreadOwner(PSID)).toEqual({ appId: PRIMARY });
  });

  it('getSecondaryReceivers (fields=id,name)', async () => {
    expect(await primary().getSecondaryReceivers()).toEqual([{ id: SECONDARY, name: 'LiveDesk' }, { id: PAGE_INBOX, name: 'Page Inbox' }]);
  });

  it('passThreadControl (target as a number): success, the secondary owns and gets pass_thread_control', async () => {
    expect(await primary().passThreadControl(PSID, Number(SECONDARY), 'to an agent')).toEqual({ success: true });
    expect(await owner()).toBe(SECONDARY);
    expect(events()).toEqual([{
      appId: SECONDARY, channel: 'messaging',
      event: { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: NOW, pass_thread_control: { previous_owner_app_id: PRIMARY, new_owner_app_id: SECONDARY, metadata: 'to an agent' } },
    }]);
    expect(await secondary().getThreadOwner(PSID)).toEqual({ appId: SECONDARY });
  });

  it('passThreadControlToPageInbox, then the human marks it Done: back to the primary', async () => {
    expect(await primary().passThreadControlToPageInbox(PSID, 'human please')).toEqual({ success: true });
    expect(await owner()).toBe(PAGE_INBOX);
    await fetch(`${server.url}/__admin/pages/${PAGE}/inbox/${PSID}/done`, { method: 'POST' });
    expect(await primary().getThreadOwner(PSID)).toEqual({ appId: PRIMARY });
  });

  it('takeThreadControl: success, the secondary gets take_thread_control', async () => {
    await primary().passThreadControl(PSID, Number(SECONDARY));
    expect(await primary().takeThreadControl(PSID, 'bot resumes')).toEqual({ success: true });
    expect(await owner()).toBe(PRIMARY);
    expect(events()[1]).toEqual({
      appId: SECONDARY, channel: 'messaging',
      event: { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: NOW, take_thread_control: { previous_owner_app_id: SECONDARY, new_owner_app_id: PRIMARY, metadata: 'bot resumes' } },
    });
  });

  it('requestThreadControl: success, the primary gets request_thread_control, the owner stays', async () => {
    expect(await secondary().requestThreadControl(PSID, 'may I?')).toEqual({ success: true });
    expect(await owner()).toBe(PRIMARY);
    expect(events()).toEqual([{
      appId: PRIMARY, channel: 'messaging',
      event: { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: NOW, request_thread_control: { requested_owner_app_id: Number(SECONDARY), metadata: 'may I?' } },
    }]);
  });

  it('sendText by the owner: recipientId and messageId', async () => {
    const sent = await primary().sendText(PSID, 'Hello!');
    expect(sent).toEqual({ recipientId: PSID, messageId: expect.stringMatching(/^m_/) });
  });

  it('sendText by a non-owner: the library surfaces (#10) 2018300 as Meta sends it', async () => {
    await primary().passThreadControl(PSID, Number(SECONDARY));
    expect(await libraryError(primary().sendText(PSID, 'Hello?'))).toEqual({
      name: 'AxiosError',
      message: 'Messenger API - 10 OAuthException (#10) Message failed to send because another app is controlling this thread now.',
      status: 400,
      data: {
        error: {
          message: '(#10) Message failed to send because another app is controlling this thread now.',
          type: 'OAuthException', code: 10, errorSubcode: 2018300, fbtraceId: expect.any(String),
        },
      },
    });
    expect(await secondary().sendText(PSID, 'Agent here')).toEqual({ recipientId: PSID, messageId: expect.any(String) });
  });

  it('getThreadOwner by a secondary while the Page Inbox owns: 2018234', async () => {
    await primary().passThreadControlToPageInbox(PSID);
    expect(await libraryError(secondary().getThreadOwner(PSID))).toEqual({
      name: 'AxiosError',
      message: 'Messenger API - 100 OAuthException (#100) Denying visibility of any secondary receiver to another secondary receiver other than itself.',
      status: 400,
      data: { error: { message: '(#100) Denying visibility of any secondary receiver to another secondary receiver other than itself.', type: 'OAuthException', code: 100, errorSubcode: 2018234, fbtraceId: expect.any(String) } },
    });
  });

  it('takeThreadControl by a secondary: our 2018906', async () => {
    const err = await libraryError(secondary().takeThreadControl(PSID));
    expect(err.message).toBe('Messenger API - 10 OAuthException (#10) Only the Primary Receiver can take thread control.');
    expect(err.data).toEqual({ error: { message: '(#10) Only the Primary Receiver can take thread control.', type: 'OAuthException', code: 10, errorSubcode: 2018906, fbtraceId: expect.any(String) } });
  });

  it('a wrong appSecret: the fake rejects the library\'s appsecret_proof', async () => {
    const err = await libraryError(client('tok-primary', 'not-the-secret').getThreadOwner(PSID));
    expect(err).toEqual({
      name: 'AxiosError', status: 400,
      message: 'Messenger API - 100 OAuthException (#100) Invalid appsecret_proof provided in the API argument',
      data: { error: { message: '(#100) Invalid appsecret_proof provided in the API argument', type: 'OAuthException', code: 100, fbtraceId: expect.any(String) } },
    });
  });

  it('an unknown token: 190', async () => {
    const err = await libraryError(client('tok-nobody', 'x').getThreadOwner(PSID));
    expect(err.message).toBe('Messenger API - 190 OAuthException Invalid OAuth access token.');
    expect(err.data).toEqual({ error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, fbtraceId: expect.any(String) } });
  });
});
