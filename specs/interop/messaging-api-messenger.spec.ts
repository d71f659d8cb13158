import messengerApi from 'messaging-api-messenger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, parseWorld, startServer, type RunningServer } from '../../fake-graph-api/index.js';
import { graphError, libraryError } from './library-error.js';
import { messagingItem, NOW, PAGE, PAGE_INBOX, PSID, recordedEvents, threadOwner } from './default-page.js';

/**
 * A real client library against the fake over HTTP: messaging-api-messenger 1.1 (bottender's), pointed at
 * the fake with its `origin` option. It signs every call with appsecret_proof, sends JSON bodies with
 * snake_cased keys and camelCases every answer, errors included.
 */
const { MessengerClient } = messengerApi;

const PRIMARY = '2000000001';
const SECONDARY = '2000000002';

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
const owner = () => threadOwner(server);
const events = () => recordedEvents(server);

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
    expect(events()).toEqual([messagingItem(SECONDARY, { pass_thread_control: { previous_owner_app_id: PRIMARY, new_owner_app_id: SECONDARY, metadata: 'to an agent' } })]);
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
    expect(events()[1]).toEqual(messagingItem(SECONDARY, { take_thread_control: { previous_owner_app_id: SECONDARY, new_owner_app_id: PRIMARY, metadata: 'bot resumes' } }));
  });

  it('requestThreadControl: success, the primary gets request_thread_control, the owner stays', async () => {
    expect(await secondary().requestThreadControl(PSID, 'may I?')).toEqual({ success: true });
    expect(await owner()).toBe(PRIMARY);
    expect(events()).toEqual([messagingItem(PRIMARY, { request_thread_control: { requested_owner_app_id: Number(SECONDARY), metadata: 'may I?' } })]);
  });

  it('sendText by the owner: recipientId and messageId', async () => {
    const sent = await primary().sendText(PSID, 'Hello!');
    expect(sent).toEqual({ recipientId: PSID, messageId: expect.stringMatching(/^m_/) });
  });

  it('sendText by a non-owner: the library surfaces (#10) 2018300 as Meta sends it', async () => {
    await primary().passThreadControl(PSID, Number(SECONDARY));
    expect(await libraryError(primary().sendText(PSID, 'Hello?'))).toEqual(
      graphError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300),
    );
    expect(await secondary().sendText(PSID, 'Agent here')).toEqual({ recipientId: PSID, messageId: expect.any(String) });
  });

  it('getThreadOwner by a secondary while the Page Inbox owns: 2018234', async () => {
    await primary().passThreadControlToPageInbox(PSID);
    expect(await libraryError(secondary().getThreadOwner(PSID))).toEqual(
      graphError('(#100) Denying visibility of any secondary receiver to another secondary receiver other than itself.', 100, 2018234),
    );
  });

  it('takeThreadControl by a secondary: our 2018906', async () => {
    expect(await libraryError(secondary().takeThreadControl(PSID))).toEqual(graphError('(#10) Only the Primary Receiver can take thread control.', 10, 2018906));
  });

  it('a wrong appSecret: the fake rejects the library\'s appsecret_proof', async () => {
    expect(await libraryError(client('tok-primary', 'not-the-secret').getThreadOwner(PSID))).toEqual(
      graphError('(#100) Invalid appsecret_proof provided in the API argument', 100),
    );
  });

  it('an unknown token: 190', async () => {
    expect(await libraryError(client('tok-nobody', 'x').getThreadOwner(PSID))).toEqual(graphError('Invalid OAuth access token.', 190));
  });
});
