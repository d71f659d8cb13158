import { describe, expect, it } from 'vitest';
import { ANN, BOT, CR, DAY, DESK, ERR, HOUR, INBOX, NOW, SHOP, T, ZERO, advance, ev, events, owner, post, setup, thread, userWrites } from './fixtures.js';

const to = { recipient: { id: ANN } };
const text = (t: string) => ({ ...to, message: { text: t } });

describe('Conversation Routing: idle threads and routing (protocol.md §2.4, §4.3–4.4)', () => {
  it('§4.4 a new thread is idle: thread_owner answers {"data":[]} to every app', async () => {
    const fake = setup();
    for (const token of [T.crBot, T.crDesk, T.crShop]) expect((await owner(fake, token)).body).toEqual({ data: [] });
  });

  it('§2.4 idle + default app: the user\'s message goes to the default app on messaging, the others on standby, no webhook for the routing', async () => {
    const fake = setup();
    const { mid } = (await userWrites(fake, CR, { text: 'hi' })).body;
    const message = ev.text(CR, mid, 'hi');
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, CR, message), ev.standby(DESK, CR, message), ev.standby(SHOP, CR, message), ev.standby(INBOX, CR, message),
    ]);
    expect(await thread(fake, CR)).toEqual({
      owner: BOT, expiresAt: NOW + DAY, lastUserMessageAt: NOW,
      history: [{ time: NOW, event: 'control_routed', to: BOT, owner: BOT, expiresAt: NOW + DAY }],
    });
  });

  it('§2.4 zero-config: every connected app hears an idle thread on messaging, and any app may answer', async () => {
    const fake = setup();
    const { mid } = (await userWrites(fake, ZERO, { text: 'hi' })).body;
    expect(await events(fake)).toEqual([ev.messaging(BOT, ZERO, ev.text(ZERO, mid, 'hi')), ev.messaging(DESK, ZERO, ev.text(ZERO, mid, 'hi'))]);
    expect((await post(fake, 'messages', T.zeroDesk, text('me')).expect(200)).body).toEqual({ recipient_id: ANN, message_id: expect.stringMatching(/^m_/) });
    expect((await post(fake, 'messages', T.zeroBot, text('me too')).expect(200)).body.recipient_id).toBe(ANN);
  });

  it('§4.4 an m.me link entry point routes an idle thread to its app', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'help', referral: { ref: 'support' } });
    expect((await thread(fake, CR)).owner).toBe(DESK);
    expect((await owner(fake, T.crDesk)).body).toEqual({ data: [{ thread_owner: { app_id: DESK, expiration: (NOW + DAY) / 1000 } }] });
  });

  it('§4.3 an ad entry point gives its app control for its controlExpirationDays', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'I saw your ad', referral: { ad_id: '6001' } });
    expect(await thread(fake, CR)).toMatchObject({ owner: SHOP, expiresAt: NOW + 7 * DAY });
    await advance(fake, 6 * DAY);
    expect((await thread(fake, CR)).owner).toBe(SHOP);
    await advance(fake, DAY);
    expect((await thread(fake, CR)).owner).toBeNull();
  });

  it('§4.3 24 hours without a user message: the thread is idle again, no webhook; the next message goes to the default app again', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'help', referral: { ref: 'support' } });
    await advance(fake, DAY - 1);
    expect((await owner(fake, T.crDesk)).body.data).toHaveLength(1);
    expect((await fake.http().post('/__admin/clock').send({ advanceMs: 1 }).expect(200)).body).toEqual({ now: NOW + DAY });
    const before = (await events(fake)).length;
    expect((await owner(fake, T.crDesk)).body).toEqual({ data: [] });
    expect(await events(fake)).toHaveLength(before);
    await userWrites(fake, CR, { text: 'back' });
    expect((await thread(fake, CR)).owner).toBe(BOT);
  });
});

describe('Conversation Routing: thread_owner visibility (protocol.md §1.6)', () => {
  it('owner and default app see app_id and expiration; another app only the expiration', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'help', referral: { ref: 'support' } });
    const expiration = (NOW + DAY) / 1000;
    expect((await owner(fake, T.crDesk)).body).toEqual({ data: [{ thread_owner: { app_id: DESK, expiration } }] });
    expect((await owner(fake, T.crBot)).body).toEqual({ data: [{ thread_owner: { app_id: DESK, expiration } }] });
    expect((await owner(fake, T.crShop)).body).toEqual({ data: [{ thread_owner: { expiration } }] });
  });
});

describe('Conversation Routing: pass, take, request (protocol.md §1.1–1.3)', () => {
  it('§1.1 pass from an idle thread: previous_owner_app_id is null, the new owner is told', async () => {
    const fake = setup();
    await post(fake, 'pass_thread_control', T.crShop, { ...to, target_app_id: DESK, metadata: 'vip' }).expect(200, { success: true });
    expect(await events(fake)).toEqual([ev.messaging(DESK, CR, ev.pass(CR, null, DESK, NOW, 'vip'))]);
  });

  it('§1.1 pass without target_app_id goes to the default application', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'help', referral: { ref: 'support' } });
    await post(fake, 'pass_thread_control', T.crDesk, to).expect(200, { success: true });
    expect((await events(fake)).at(-1)).toEqual(ev.messaging(BOT, CR, ev.pass(CR, DESK, BOT)));
  });

  it('§1.1 only the owner passes an owned thread; passing to oneself is refused', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'hi' });
    expect((await post(fake, 'pass_thread_control', T.crDesk, { ...to, target_app_id: SHOP }).expect(400)).body).toEqual(ERR.passNotOwner);
    expect((await post(fake, 'pass_thread_control', T.crBot, { ...to, target_app_id: BOT }).expect(400)).body).toEqual(ERR.passToSelf);
  });

  it('§1.2 take from an owned thread: the previous owner is told; from idle no webhook', async () => {
    const fake = setup();
    await post(fake, 'take_thread_control', T.crDesk, to).expect(200, { success: true });
    expect(await events(fake)).toEqual([]);
    expect((await thread(fake, CR)).owner).toBe(DESK);
    await post(fake, 'take_thread_control', T.crBot, to).expect(200, { success: true });
    expect(await events(fake)).toEqual([ev.messaging(DESK, CR, ev.take(CR, DESK, BOT))]);
  });

  it('§1.2 take needs the take permission, a default app, and is refused to the owner', async () => {
    const fake = setup();
    expect((await post(fake, 'take_thread_control', T.crShop, to).expect(400)).body).toEqual(ERR.takeNotPermitted);
    expect((await post(fake, 'take_thread_control', T.zeroDesk, to).expect(400)).body).toEqual(ERR.takeNeedsDefault);
    await post(fake, 'take_thread_control', T.crDesk, to).expect(200);
    expect((await post(fake, 'take_thread_control', T.crDesk, to).expect(400)).body).toEqual(ERR.alreadyOwner);
  });

  it('§1.3 request works only zero-config; on an idle thread the first requester wins with a pass webhook, the second asks the owner', async () => {
    const fake = setup();
    expect((await post(fake, 'request_thread_control', T.crDesk, to).expect(400)).body).toEqual(ERR.requestNeedsZero);
    await post(fake, 'request_thread_control', T.zeroDesk, to).expect(200, { success: true });
    await post(fake, 'request_thread_control', T.zeroBot, to).expect(200, { success: true });
    const { ZERO: page } = { ZERO };
    expect(await events(fake)).toEqual([ev.messaging(DESK, page, ev.pass(page, null, DESK)), ev.messaging(DESK, page, ev.request(page, BOT))]);
    expect((await thread(fake, page)).owner).toBe(DESK);
    expect((await post(fake, 'request_thread_control', T.zeroDesk, to).expect(400)).body).toEqual(ERR.alreadyOwner);
  });
});

describe('Conversation Routing: release and extend (protocol.md §1.4–1.5)', () => {
  it('§1.4 the owner releases: idle at once, no webhook; anyone else (or an idle thread) is refused', async () => {
    const fake = setup();
    expect((await post(fake, 'release_thread_control', T.crBot, to).expect(400)).body).toEqual(ERR.releaseNotOwner);
    await userWrites(fake, CR, { text: 'hi' });
    const before = await events(fake);
    expect((await post(fake, 'release_thread_control', T.crDesk, to).expect(400)).body).toEqual(ERR.releaseNotOwner);
    await post(fake, 'release_thread_control', T.crBot, { ...to, metadata: 'ignored' }).expect(200, { success: true });
    expect(await events(fake)).toEqual(before);
    expect((await owner(fake, T.crBot)).body).toEqual({ data: [] });
  });

  it('§1.5 the owner extends up to 604800 s; longer, or by another app, is refused', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'hi' });
    expect((await post(fake, 'extend_thread_control', T.crBot, { ...to, duration: 604_801 }).expect(400)).body).toEqual(ERR.extendTooLong);
    expect((await post(fake, 'extend_thread_control', T.crDesk, { ...to, duration: 3600 }).expect(400)).body).toEqual(ERR.extendNotOwner);
    await post(fake, 'extend_thread_control', T.crBot, { ...to, duration: '604800' }).expect(200, { success: true });
    expect((await owner(fake, T.crBot)).body).toEqual({ data: [{ thread_owner: { app_id: BOT, expiration: NOW / 1000 + 604_800 } }] });
    await advance(fake, 6 * DAY);
    expect((await thread(fake, CR)).owner).toBe(BOT);
    await advance(fake, DAY);
    expect((await thread(fake, CR)).owner).toBeNull();
  });
});

describe('Conversation Routing: the Send API (protocol.md §3)', () => {
  it('only the owner sends into an owned thread, the default app included; while idle only the default app', async () => {
    const fake = setup();
    expect((await post(fake, 'messages', T.crDesk, text('hello')).expect(400)).body).toEqual(ERR.sendIdle);
    await post(fake, 'messages', T.crBot, text('hello')).expect(200);
    await userWrites(fake, CR, { text: 'help', referral: { ref: 'support' } });
    expect((await post(fake, 'messages', T.crBot, text('me?')).expect(400)).body).toEqual(ERR.sendNotOwner);
    await post(fake, 'messages', T.crDesk, text('agent here')).expect(200);
  });

  it('inline thread_control pass: sends and passes in one call, the target is told', async () => {
    const fake = setup();
    const { mid: userMid } = (await userWrites(fake, CR, { text: 'agent' })).body;
    const res = await post(fake, 'messages', T.crBot, { ...text('one moment'), messaging_type: 'RESPONSE', thread_control: { app_id: DESK, control_type: 'pass' } }).expect(200);
    const mid = res.body.message_id as string;
    expect(res.body).toEqual({ recipient_id: ANN, message_id: mid });
    const after = (await events(fake)).slice(4);
    expect(after).toEqual([
      ev.messaging(DESK, CR, ev.pass(CR, BOT, DESK)),
      ...[BOT, DESK, SHOP, INBOX].map((app) => ev.messaging(app, CR, ev.echo(CR, BOT, mid, 'one moment'))),
    ]);
    expect(userMid).not.toBe(mid);
    expect((await thread(fake, CR)).owner).toBe(DESK);
  });

  it('inline thread_control without control_type releases: idle, no webhook', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'bye' });
    await post(fake, 'messages', T.crBot, { ...text('bye!'), thread_control: {} }).expect(200);
    expect((await thread(fake, CR)).owner).toBeNull();
    expect((await events(fake)).filter((e) => 'pass_thread_control' in (e as { event: object }).event)).toEqual([]);
  });
});

describe('The messaging window (protocol.md §3)', () => {
  it('24 hours after the user\'s last message a send is refused with (#10) 2018278; HUMAN_AGENT extends it to 7 days', async () => {
    const fake = setup();
    await userWrites(fake, ZERO, { text: 'hi' });
    await advance(fake, DAY + 1);
    expect((await post(fake, 'messages', T.zeroBot, text('late')).expect(400)).body).toEqual(ERR.outsideWindow);
    await post(fake, 'messages', T.zeroBot, { ...text('agent here'), messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }).expect(200);
    await advance(fake, 6 * DAY);
    expect((await post(fake, 'messages', T.zeroBot, { ...text('still?'), messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }).expect(400)).body).toEqual(ERR.outsideWindow);
    await post(fake, 'messages', T.zeroBot, { ...text('your order shipped'), messaging_type: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' }).expect(200);
  });

  it('a retired tag is refused; MESSAGE_TAG without a tag is a bad parameter', async () => {
    const fake = setup();
    await userWrites(fake, ZERO, { text: 'hi' });
    expect((await post(fake, 'messages', T.zeroBot, { ...text('x'), messaging_type: 'MESSAGE_TAG', tag: 'SHIPPING_UPDATE' }).expect(400)).body).toEqual(ERR.tagRetired);
    expect((await post(fake, 'messages', T.zeroBot, { ...text('x'), messaging_type: 'MESSAGE_TAG' }).expect(400)).body.error.message)
      .toBe('(#100) The parameter tag is required');
  });

  it('under hop-v1 too', async () => {
    const fake = setup({ profile: 'hop-v1', pages: [{ id: '1', name: 'P', apps: [{ id: '2', name: 'B', role: 'primary', accessToken: 'b' }], users: [{ psid: ANN, name: 'Ann' }] }] });
    await advance(fake, DAY + HOUR);
    expect((await post(fake, 'messages', 'b', text('late')).expect(400)).body).toEqual(ERR.outsideWindow);
  });
});

describe('HOP-only calls on a CR page, and the page\'s status (protocol.md §1.7, §1.9)', () => {
  it('secondary_receivers and roles are refused: "Handover Protocol APIs disabled for this page."', async () => {
    const fake = setup();
    expect((await fake.http().get('/v19.0/me/secondary_receivers').query({ access_token: T.crBot }).expect(400)).body).toEqual(ERR.hopDisabled);
    expect((await fake.http().put(`/__admin/pages/${CR}/roles`).send({ primary: BOT, secondary: [DESK] }).expect(400)).body).toEqual(ERR.hopDisabled);
  });

  it('GET /{page}?fields=messaging_feature_status answers as §1.9 shows, per profile', async () => {
    const fake = setup();
    expect((await fake.http().get('/v19.0/me').query({ fields: 'messaging_feature_status', access_token: T.crBot }).expect(200)).body)
      .toEqual({ messaging_feature_status: { hop_v2: false, msgr_multi_app: true, ig_multi_app: false }, id: CR });
    expect((await fake.http().get('/v19.0/me').query({ fields: 'name,messaging_feature_status', access_token: T.v2Bot }).expect(200)).body)
      .toEqual({ name: 'Acme v2', messaging_feature_status: { hop_v2: true, msgr_multi_app: false, ig_multi_app: false }, id: '1100000003' });
  });
});

describe('The Page Inbox under Conversation Routing (protocol.md §4.2)', () => {
  it('a reply from the inbox takes control (the owner is told), Done passes back to the default app', async () => {
    const fake = setup();
    await userWrites(fake, CR, { text: 'help', referral: { ref: 'support' } });
    await fake.http().post(`/__admin/pages/${CR}/inbox/${ANN}/reply`).send({ text: 'a human here' }).expect(200);
    expect((await thread(fake, CR)).owner).toBe(INBOX);
    const handovers = (await events(fake)).filter((e) => !('message' in (e as { event: object }).event) && !('referral' in (e as { event: object }).event));
    expect(handovers).toEqual([ev.messaging(DESK, CR, ev.take(CR, DESK, INBOX))]);
    await fake.http().post(`/__admin/pages/${CR}/inbox/${ANN}/done`).send({}).expect(200, { success: true });
    expect((await events(fake)).at(-1)).toEqual(ev.messaging(BOT, CR, ev.pass(CR, INBOX, BOT)));
  });

  it('moving the thread to Main takes control without the take permission', async () => {
    const fake = setup();
    await fake.http().post(`/__admin/pages/${CR}/inbox/${ANN}/move-to-inbox`).send({}).expect(200, { success: true });
    expect((await thread(fake, CR)).owner).toBe(INBOX);
  });
});
