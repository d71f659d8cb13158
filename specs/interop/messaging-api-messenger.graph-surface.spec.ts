import messengerApi from 'messaging-api-messenger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, parseWorld, startServer, type RunningServer } from '../../fake-graph-api/index.js';
import { NOW, PAGE, PSID } from './default-page.js';

/**
 * messaging-api-messenger 1.1 (bottender's client) against the Graph surface around handover, with only its
 * `origin` pointed at the fake: it reads a user profile, sets Get Started and a persistent menu, uploads
 * attachments (by URL and multipart), creates a persona, and batches calls with a handover among them.
 * The library camelCases every answer and signs every call with appsecret_proof.
 */
const { MessengerClient, MessengerBatch } = messengerApi;

const PRIMARY = '2000000001';
const SECONDARY = '2000000002';
const FIRST_OBJECT = '10000000000000001';

let server: RunningServer;
beforeEach(async () => {
  server = await startServer(parseWorld(DEFAULT_WORLD), { port: 0, clock: { now: () => NOW } });
});
afterEach(async () => {
  await server.close();
});

const client = () => new MessengerClient({ accessToken: 'tok-primary', appSecret: 'sec-primary', origin: server.url, version: '19.0' });

describe('messaging-api-messenger: the Graph surface around handover', () => {
  it('getUserProfile (its default fields id,name,first_name,last_name,profile_pic)', async () => {
    expect(await client().getUserProfile(PSID)).toEqual({
      id: PSID, name: 'Ann', firstName: 'Ann', lastName: '', profilePic: `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${PSID}`,
    });
  });

  it('setGetStarted + setPersistentMenu, read back with getMessengerProfile', async () => {
    const bot = client();
    expect(await bot.setGetStarted('GET_STARTED')).toEqual({ result: 'success' });
    expect(await bot.setPersistentMenu([{ type: 'postback', title: 'Talk to a person', payload: 'HUMAN' }])).toEqual({ result: 'success' });
    expect(await bot.getMessengerProfile(['get_started', 'persistent_menu'])).toEqual([{
      getStarted: { payload: 'GET_STARTED' },
      persistentMenu: [{ locale: 'default', composerInputDisabled: false, callToActions: [{ type: 'postback', title: 'Talk to a person', payload: 'HUMAN' }] }],
    }]);
  });

  it('setPersistentMenu alone: the library surfaces 2018145 as Meta sends it', async () => {
    const err = await client().setPersistentMenu([{ type: 'postback', title: 'Menu', payload: 'M' }]).then(() => null, (e: { message: string }) => e.message);
    expect(err).toBe('Messenger API - 100 OAuthException (#100) You must set a Get Started button if you also wish to use persistent menu.');
  });

  it('uploadAttachment by URL and as a multipart buffer; sendImage by the attachment id', async () => {
    const bot = client();
    expect(await bot.uploadAttachment('image', 'https://example.com/shoe.jpg', { isReusable: true })).toEqual({ attachmentId: FIRST_OBJECT });
    expect(await bot.uploadAttachment('file', Buffer.from('%PDF-1.4'), { isReusable: true, filename: 'receipt.pdf' })).toEqual({ attachmentId: '10000000000000002' });
    expect(server.platform.assets.attachment(PAGE, '10000000000000002')).toEqual({ id: '10000000000000002', type: 'file', filename: 'receipt.pdf' });
    expect(await bot.sendImage(PSID, { attachmentId: FIRST_OBJECT })).toEqual({ recipientId: PSID, messageId: expect.stringMatching(/^m_/) });
  });

  it('createPersona, then a send as the persona', async () => {
    const bot = client();
    expect(await bot.createPersona({ name: 'Jo Agent', profilePictureUrl: 'https://example.com/jo.png' })).toEqual({ id: FIRST_OBJECT });
    expect(await bot.getPersona(FIRST_OBJECT)).toEqual({ name: 'Jo Agent', profilePictureUrl: 'https://example.com/jo.png', id: FIRST_OBJECT });
    expect(await bot.sendText(PSID, 'Jo here', { personaId: FIRST_OBJECT })).toEqual({ recipientId: PSID, messageId: expect.any(String) });
  });

  it('sendBatch with a handover call: the pass succeeds, the send after it is refused with 2018300 inside the batch', async () => {
    const answers = await client().sendBatch([
      MessengerBatch.getUserProfile(PSID, { fields: ['first_name'] }),
      MessengerBatch.passThreadControl(PSID, Number(SECONDARY), 'to an agent'),
      MessengerBatch.sendText(PSID, 'still the bot?'),
      MessengerBatch.getThreadOwner(PSID),
    ]);
    const headers = [{ name: 'Content-Type', value: 'text/javascript; charset=UTF-8' }];
    expect(answers).toEqual([
      { code: 200, headers, body: { firstName: 'Ann', id: PSID } },
      { code: 200, headers, body: { success: true } },
      { code: 400, headers, body: { error: { message: '(#10) Message failed to send because another app is controlling this thread now.', type: 'OAuthException', code: 10, errorSubcode: 2018300, fbtraceId: expect.any(String) } } },
      { code: 200, headers, body: { appId: SECONDARY } },
    ]);
    expect(server.platform.events()).toEqual([{
      appId: SECONDARY, pageId: PAGE, channel: 'messaging',
      event: { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: NOW, pass_thread_control: { previous_owner_app_id: PRIMARY, new_owner_app_id: SECONDARY, metadata: 'to an agent' } },
    }]);
  });

  it('an endpoint the fake does not model: Meta\'s error, and the response says not-modelled', async () => {
    const res = await fetch(`${server.url}/v19.0/me/custom_labels?access_token=tok-primary`);
    expect(res.headers.get('x-handover-sim')).toBe('not-modelled');
    const err = await client().getLabelList().then(() => null, (e: { message: string }) => e.message);
    expect(err).toBe('Messenger API - 100 OAuthException (#100) Tried accessing nonexisting field (custom_labels) on node type (Page)');
  });
});
