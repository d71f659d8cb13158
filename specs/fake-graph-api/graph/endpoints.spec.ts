import { describe, expect, it } from 'vitest';
import { events, ev, metaError, post, setup, thread } from './fixtures/harness.js';
import { ACME, ANN, BO, BOT, DESK, HELP, INBOX, NOW, SOLO, SOLO_USER, TOKENS } from './fixtures/world.js';

describe('POST pass_thread_control', () => {
  it('the primary passes to a secondary: {"success":true}, the new owner gets pass_thread_control', async () => {
    const fake = setup();
    const res = await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK, metadata: 'agent please' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([ev.messaging(DESK, ACME, ev.pass(ACME, ANN, BOT, DESK, 'agent please'))]);
    expect(await thread(fake)).toEqual({
      owner: DESK,
      history: [{ time: NOW, event: 'pass_thread_control', from: BOT, to: DESK, metadata: 'agent please', owner: DESK }],
    });
  });

  it('without metadata the webhook carries none', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200, { success: true });
    expect(await events(fake)).toEqual([ev.messaging(DESK, ACME, ev.pass(ACME, ANN, BOT, DESK))]);
  });

  it('the owning secondary passes back without target_app_id: control goes to the primary', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200);
    const res = await post(fake, 'pass_thread_control', TOKENS.desk, { recipient: { id: ANN }, metadata: 'done' });
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([
      ev.messaging(DESK, ACME, ev.pass(ACME, ANN, BOT, DESK)),
      ev.messaging(BOT, ACME, ev.pass(ACME, ANN, DESK, BOT, 'done')),
    ]);
    expect((await thread(fake)).owner).toBe(BOT);
  });

  it('the owning secondary passes to another secondary', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200);
    await post(fake, 'pass_thread_control', TOKENS.desk, { recipient: { id: ANN }, target_app_id: HELP }).expect(200, { success: true });
    // Helpdesk has no webhook: it hears every field.
    expect((await events(fake))[1]).toEqual(ev.messaging(HELP, ACME, ev.pass(ACME, ANN, DESK, HELP)));
    expect((await thread(fake)).owner).toBe(HELP);
  });

  it('the primary passes a thread a secondary owns to another secondary', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200);
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: INBOX }).expect(200, { success: true });
    expect((await events(fake))[1]).toEqual(ev.messaging(INBOX, ACME, ev.pass(ACME, ANN, DESK, INBOX)));
    expect((await thread(fake)).owner).toBe(INBOX);
  });

  it('metadata of exactly 1000 characters is accepted', async () => {
    const fake = setup();
    const metadata = 'x'.repeat(1000);
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK, metadata }).expect(200, { success: true });
    expect(await events(fake)).toEqual([ev.messaging(DESK, ACME, ev.pass(ACME, ANN, BOT, DESK, metadata))]);
  });
});

describe('POST take_thread_control', () => {
  it('the primary takes from a secondary: the previous owner gets take_thread_control', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200);
    const res = await post(fake, 'take_thread_control', TOKENS.bot, { recipient: { id: ANN }, metadata: 'bot again' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([
      ev.messaging(DESK, ACME, ev.pass(ACME, ANN, BOT, DESK)),
      ev.messaging(DESK, ACME, ev.take(ACME, ANN, DESK, BOT, 'bot again')),
    ]);
    expect(await thread(fake)).toEqual({
      owner: BOT,
      history: [
        { time: NOW, event: 'pass_thread_control', from: BOT, to: DESK, owner: DESK },
        { time: NOW, event: 'take_thread_control', from: DESK, to: BOT, metadata: 'bot again', owner: BOT },
      ],
    });
  });
});

describe('POST request_thread_control', () => {
  it('a secondary requests: the primary gets request_thread_control, the owner does not change', async () => {
    const fake = setup();
    const res = await post(fake, 'request_thread_control', TOKENS.desk, { recipient: { id: ANN }, metadata: 'may I?' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true });
    expect(await events(fake)).toEqual([ev.messaging(BOT, ACME, ev.request(ACME, ANN, Number(DESK), 'may I?'))]);
    expect(await thread(fake)).toEqual({
      owner: BOT,
      history: [{ time: NOW, event: 'request_thread_control', requester: DESK, metadata: 'may I?', owner: BOT }],
    });
  });

  it('a secondary may request a thread another secondary owns: the primary decides', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: HELP }).expect(200);
    await post(fake, 'request_thread_control', TOKENS.desk, { recipient: { id: ANN } }).expect(200, { success: true });
    expect((await events(fake))[1]).toEqual(ev.messaging(BOT, ACME, ev.request(ACME, ANN, Number(DESK))));
    expect((await thread(fake)).owner).toBe(HELP);
  });
});

describe('GET thread_owner', () => {
  it('a new thread belongs to the primary', async () => {
    const fake = setup();
    const res = await fake.http().get('/v19.0/me/thread_owner').query({ recipient: BO, access_token: TOKENS.bot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
  });

  it('a secondary sees itself as owner', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200);
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.desk });
    expect(res.body).toEqual({ data: [{ thread_owner: { app_id: DESK } }] });
  });

  it('a secondary sees the primary as owner', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.help });
    expect(res.body).toEqual({ data: [{ thread_owner: { app_id: BOT } }] });
  });

  it('the primary sees a secondary as owner', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: HELP }).expect(200);
    const res = await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot });
    expect(res.body).toEqual({ data: [{ thread_owner: { app_id: HELP } }] });
  });

  it('with handover inactive there is no owner: {"data":[]}', async () => {
    const fake = setup();
    const res = await fake.http().get(`/v19.0/${SOLO}/thread_owner`).query({ recipient: SOLO_USER, access_token: TOKENS.soloBot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });

  it('reading the owner produces no event', async () => {
    const fake = setup();
    await fake.http().get('/me/thread_owner').query({ recipient: ANN, access_token: TOKENS.bot }).expect(200);
    expect(await events(fake)).toEqual([]);
  });
});

describe('GET secondary_receivers', () => {
  it('fields=id,name lists every secondary with its name, in role order', async () => {
    const fake = setup();
    const res = await fake.http().get('/v19.0/me/secondary_receivers').query({ fields: 'id,name', access_token: TOKENS.bot });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ id: DESK, name: 'LiveDesk' }, { id: HELP, name: 'Helpdesk' }, { id: INBOX, name: 'Page Inbox' }] });
  });

  it('without fields, only ids', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/secondary_receivers').query({ access_token: TOKENS.bot });
    expect(res.body).toEqual({ data: [{ id: DESK }, { id: HELP }, { id: INBOX }] });
  });

  it('on a page without secondaries: an empty list', async () => {
    const fake = setup();
    const res = await fake.http().get('/me/secondary_receivers').query({ fields: 'id,name', access_token: TOKENS.soloBot });
    expect(res.body).toEqual({ data: [] });
  });
});

describe('POST messages (Send API)', () => {
  it('the owner sends: recipient_id and message_id, and an echo to every app subscribed to message_echoes', async () => {
    const fake = setup();
    const res = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'hello' }, messaging_type: 'RESPONSE' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: ANN, message_id: expect.stringMatching(/^m_[A-Za-z0-9_-]{22}$/) });
    const mid = (res.body as { message_id: string }).message_id;
    const echo = ev.echo(ACME, ANN, Number(BOT), mid, 'hello');
    // Every app but Stats (subscribed to `messages` only); Helpdesk and the Page Inbox have no webhook and hear all.
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, ACME, echo),
      ev.messaging(DESK, ACME, echo),
      ev.messaging(HELP, ACME, echo),
      ev.messaging(INBOX, ACME, echo),
    ]);
  });

  it('the echo keeps the message metadata', async () => {
    const fake = setup();
    const res = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'hi', metadata: 'tag' } });
    const mid = (res.body as { message_id: string }).message_id;
    expect((await events(fake))[0]).toEqual(ev.messaging(BOT, ACME, {
      sender: { id: ACME }, recipient: { id: ANN }, timestamp: NOW, message: { is_echo: true, app_id: Number(BOT), metadata: 'tag', mid, text: 'hi' },
    }));
  });

  it('a secondary that owns the thread sends', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', TOKENS.bot, { recipient: { id: ANN }, target_app_id: DESK }).expect(200);
    const res = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, message: { text: 'agent here' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: ANN, message_id: expect.any(String) });
  });

  it('a sender action is allowed to the owner, gets no message id and no echo', async () => {
    const fake = setup();
    const res = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, sender_action: 'typing_on' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: ANN });
    expect(await events(fake)).toEqual([]);
  });

  it('with handover inactive any app of the page may send, even one without a role', async () => {
    const fake = setup();
    for (const token of [TOKENS.soloBot, TOKENS.soloTool]) {
      const res = await fake.http().post(`/v19.0/${SOLO}/messages`).query({ access_token: token }).send({ recipient: { id: SOLO_USER }, message: { text: 'hi' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ recipient_id: SOLO_USER, message_id: expect.any(String) });
    }
  });

  it('the message ids of two sends differ', async () => {
    const fake = setup();
    const a = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: '1' } });
    const b = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: '2' } });
    expect((a.body as { message_id: string }).message_id).not.toBe((b.body as { message_id: string }).message_id);
  });

  it('Stats (no role) is refused with 2018300 while handover is active', async () => {
    const fake = setup();
    const res = await post(fake, 'messages', TOKENS.stats, { recipient: { id: ANN }, message: { text: 'hi' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300));
  });
});

describe('the seeded ids are deterministic', () => {
  it('the same requests on two fresh fakes give the same message ids and fbtrace ids', async () => {
    const run = async () => {
      const fake = setup();
      const sent = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'x' } });
      const refused = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, message: { text: 'x' } });
      return [sent.body, refused.body];
    };
    expect(await run()).toEqual(await run());
  });
});

