import { describe, expect, it } from 'vitest';
import { events, getOwner, metaError, passTo, post, setup, thread, type Fake } from './fixtures/harness.js';
import { ANN, BO, BOT, DESK, HELP, INBOX, SOLO, SOLO_BOT, SOLO_USER, STATS, TOKENS } from './fixtures/world.js';

/** Every refusal of the error catalogue (docs/errors.md), reached through the Graph API, with Meta's exact envelope. */

/** A refused call changes nothing: no event, the same thread. */
async function expectRefused(fake: Fake, res: { status: number; body: unknown }, expected: object, before: { events: unknown[]; thread: unknown }) {
  expect(res.status).toBe(400);
  expect(res.body).toEqual(expected);
  expect(await events(fake)).toEqual(before.events);
  expect(await thread(fake)).toEqual(before.thread);
}
const snapshot = async (fake: Fake) => ({ events: await events(fake), thread: await thread(fake) });

describe('Send API', () => {
  it('send_not_owner: a secondary sends while the primary owns the thread → (#10) 2018300', async () => {
    const fake = setup();
    const before = await snapshot(fake);
    const res = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, message: { text: 'hi' } });
    await expectRefused(fake, res, {
      error: {
        message: '(#10) Message failed to send because another app is controlling this thread now.',
        type: 'OAuthException', code: 10, error_subcode: 2018300, fbtrace_id: expect.any(String),
      },
    }, before);
  });

  it('send_not_owner: the primary sends while a secondary owns the thread', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const before = await snapshot(fake);
    const res = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'hi' } });
    await expectRefused(fake, res, metaError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300), before);
  });

  it('send_not_owner: a sender action by a non-owner too', async () => {
    const fake = setup();
    const res = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, sender_action: 'typing_on' });
    expect(res.body).toEqual(metaError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300));
  });
});

describe('thread_owner', () => {
  it('owner_not_visible: a secondary reads a thread another secondary owns → (#100) 2018234', async () => {
    const fake = setup();
    await passTo(fake, HELP);
    const res = await getOwner(fake, TOKENS.desk);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) Denying visibility of any secondary receiver to another secondary receiver other than itself.', 100, 2018234));
  });

  it('no_role: an installed app without a role reads the owner → (#10) 2018171', async () => {
    const fake = setup();
    const res = await getOwner(fake, TOKENS.stats);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#10) Only available to Primary and Secondary Receivers.', 10, 2018171));
  });

  it('no_role while handover is inactive as well', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: SOLO_USER, access_token: TOKENS.soloTool });
    expect(res.body).toEqual(metaError('(#10) Only available to Primary and Secondary Receivers.', 10, 2018171));
  });

  it('no_matching_user: an unknown PSID → (#100) 2018001', async () => {
    const fake = setup();
    const res = await getOwner(fake, TOKENS.bot, '3999999999');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) No matching user found', 100, 2018001));
  });

  it("no_matching_user: a user of another page is unknown on this one", async () => {
    const fake = setup();
    const res = await getOwner(fake, TOKENS.bot, SOLO_USER);
    expect(res.body).toEqual(metaError('(#100) No matching user found', 100, 2018001));
  });
});

describe('secondary_receivers', () => {
  it('secondary_receivers_primary_only: a secondary asks → (#10) 2018910', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/secondary_receivers').query({ fields: 'id,name', access_token: TOKENS.desk });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#10) Only the Primary Receiver can read the list of secondary receivers.', 10, 2018910));
  });

  it('no_role: an app without a role asks → 2018171', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/secondary_receivers').query({ fields: 'id,name', access_token: TOKENS.stats });
    expect(res.body).toEqual(metaError('(#10) Only available to Primary and Secondary Receivers.', 10, 2018171));
  });
});

describe('pass_thread_control', () => {
  it.each([
    ['no_role: an app without a role passes', TOKENS.stats, { target_app_id: DESK }, '(#10) Only available to Primary and Secondary Receivers.', 10, 2018171],
    ['incorrect_app_id: the target is not installed on the page', TOKENS.bot, { target_app_id: SOLO_BOT }, '(#100) Incorrect App ID.', 100, 2018164],
    ['incorrect_app_id: the target does not exist at all', TOKENS.bot, { target_app_id: '12345' }, '(#100) Incorrect App ID.', 100, 2018164],
    ['pass_by_non_owner: a secondary passes a thread it does not own', TOKENS.desk, { target_app_id: HELP }, '(#10) Only the thread owner or the Primary Receiver can pass thread control.', 10, 2018902],
    ['target_app_id_required: the primary passes without a target', TOKENS.bot, {}, '(#100) The parameter target_app_id is required', 100, undefined],
    ['target_has_no_role: the target is installed without a role', TOKENS.bot, { target_app_id: STATS }, '(#100) target_app_id must be the Primary Receiver or a Secondary Receiver of this page.', 100, 2018903],
    ['pass_to_self: the primary names itself', TOKENS.bot, { target_app_id: BOT }, '(#100) An app cannot pass thread control to itself.', 100, 2018904],
    ['metadata_too_long: 1001 characters', TOKENS.bot, { target_app_id: DESK, metadata: 'x'.repeat(1001) }, '(#100) metadata must be at most 1000 characters.', 100, 2018909],
  ])('%s', async (_name, token, extra, message, code, subcode) => {
    const fake = setup();
    const before = await snapshot(fake);
    const res = await post(fake, 'pass_thread_control', token, { recipient: { id: ANN }, ...extra });
    await expectRefused(fake, res, metaError(message, code, subcode), before);
  });

  it('pass_to_self: the owning secondary names itself', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const before = await snapshot(fake);
    const res = await post(fake, 'pass_thread_control', TOKENS.desk, { recipient: { id: ANN }, target_app_id: DESK });
    await expectRefused(fake, res, metaError('(#100) An app cannot pass thread control to itself.', 100, 2018904), before);
  });

  it('target_already_owner: the primary passes to the secondary that already owns the thread', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const before = await snapshot(fake);
    const res = await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK });
    await expectRefused(fake, res, metaError('(#100) The target app already controls this thread.', 100, 2018905), before);
  });

  it('handover_inactive: the primary of a page without secondaries passes → 2018901', async () => {
    const fake = setup();
    const res = await post(fake, 'pass_thread_control', TOKENS.soloBot, { recipient: { id: SOLO_USER }, target_app_id: SOLO_BOT }, SOLO);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.', 10, 2018901));
  });

  it('no_matching_user: an unknown PSID', async () => {
    const fake = setup();
    const res = await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: '3999999999' }, target_app_id: DESK });
    expect(res.body).toEqual(metaError('(#100) No matching user found', 100, 2018001));
    expect(await events(fake)).toEqual([]);
  });
});

describe('take_thread_control', () => {
  it('take_by_non_primary: a secondary takes → 2018906', async () => {
    const fake = setup();
    const before = await snapshot(fake);
    const res = await post(fake, 'take_thread_control', TOKENS.desk, { recipient: { id: ANN } });
    await expectRefused(fake, res, metaError('(#10) Only the Primary Receiver can take thread control.', 10, 2018906), before);
  });

  it('take_by_non_primary: even the owning secondary', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const res = await post(fake, 'take_thread_control', TOKENS.desk, { recipient: { id: ANN } });
    expect(res.body).toEqual(metaError('(#10) Only the Primary Receiver can take thread control.', 10, 2018906));
  });

  it('already_thread_owner: the primary takes a thread it owns → 2018907', async () => {
    const fake = setup();
    const before = await snapshot(fake);
    const res = await post(fake, 'take_thread_control', TOKENS.bot, { recipient: { id: ANN } });
    await expectRefused(fake, res, metaError('(#10) Your app already controls this thread.', 10, 2018907), before);
  });

  it('metadata_too_long on take', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const res = await post(fake, 'take_thread_control', TOKENS.bot, { recipient: { id: ANN }, metadata: 'x'.repeat(1001) });
    expect(res.body).toEqual(metaError('(#100) metadata must be at most 1000 characters.', 100, 2018909));
  });

  it('no_role on take', async () => {
    const fake = setup();
    const res = await post(fake, 'take_thread_control', TOKENS.stats, { recipient: { id: ANN } });
    expect(res.body).toEqual(metaError('(#10) Only available to Primary and Secondary Receivers.', 10, 2018171));
  });

  it('handover_inactive on take', async () => {
    const fake = setup();
    const res = await post(fake, 'take_thread_control', TOKENS.soloBot, { recipient: { id: SOLO_USER } });
    expect(res.body).toEqual(metaError('(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.', 10, 2018901));
  });
});

describe('request_thread_control', () => {
  it('request_by_primary: the primary requests → 2018908', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const before = await snapshot(fake);
    const res = await post(fake, 'request_thread_control', TOKENS.bot, { recipient: { id: ANN } });
    await expectRefused(fake, res, metaError('(#10) The Primary Receiver cannot request thread control: it takes it with take_thread_control.', 10, 2018908), before);
  });

  it('already_thread_owner: the owning secondary requests → 2018907', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const before = await snapshot(fake);
    const res = await post(fake, 'request_thread_control', TOKENS.desk, { recipient: { id: ANN } });
    await expectRefused(fake, res, metaError('(#10) Your app already controls this thread.', 10, 2018907), before);
  });

  it('metadata_too_long on request; 1000 characters pass', async () => {
    const fake = setup();
    const tooLong = await post(fake, 'request_thread_control', TOKENS.desk, { recipient: { id: ANN }, metadata: 'y'.repeat(1001) });
    expect(tooLong.body).toEqual(metaError('(#100) metadata must be at most 1000 characters.', 100, 2018909));
    await post(fake, 'request_thread_control', TOKENS.desk, { recipient: { id: ANN }, metadata: 'y'.repeat(1000) }).expect(200, { success: true });
  });

  it('no_role on request', async () => {
    const fake = setup();
    const res = await post(fake, 'request_thread_control', TOKENS.stats, { recipient: { id: BO } });
    expect(res.body).toEqual(metaError('(#10) Only available to Primary and Secondary Receivers.', 10, 2018171));
  });

  it('handover_inactive on request', async () => {
    const fake = setup();
    const res = await post(fake, 'request_thread_control', TOKENS.soloBot, { recipient: { id: SOLO_USER } });
    expect(res.body).toEqual(metaError('(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.', 10, 2018901));
  });
});

it('the Page Inbox has no token: it cannot be impersonated through the Graph API', async () => {
  const fake = setup();
  const res = await post(fake, 'take_thread_control', INBOX, { recipient: { id: ANN } });
  expect(res.body).toEqual(metaError('Invalid OAuth access token.', 190));
});

it('incorrect_app_id: passing to the Page Inbox on a page that does not list it', async () => {
  const fake = setup({
    pages: [{
      id: '1000000009', name: 'No Inbox',
      apps: [
        { id: '2000000091', name: 'Bot', role: 'primary', accessToken: 'tok-91' },
        { id: '2000000092', name: 'Desk', role: 'secondary', accessToken: 'tok-92' },
      ],
      users: [{ psid: '3000000091', name: 'Ann' }],
    }],
  });
  const res = await post(fake, 'pass_thread_control', 'tok-91', { recipient: { id: '3000000091' }, target_app_id: INBOX });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(metaError('(#100) Incorrect App ID.', 100, 2018164));
});
