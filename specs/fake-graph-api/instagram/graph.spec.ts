import { describe, expect, it } from 'vitest';
import type { WorldInput } from '../../../fake-graph-api/index.js';
import {
  ACME, ANN, BOT, DAY, DESK, HOUR, IG, IG_ANN, IG_BO, IG_CY, IG_INBOX, IG_V2, NOW, PAGE_INBOX, SHOP, T, WORLD,
  advance, events, from, get, metaError, owner, post, rec, setup, thread, userWrites,
} from './fixtures.js';

/**
 * The Graph API on Instagram threads (issue 23 part 2), called as Meta documents for Instagram: with the
 * Page's token on `me` or the Page id, the recipient an IGSID (protocol.md §2.7 way (a); S13's samples post
 * `/me/messages` with `"recipient":{"id":"<IGSID>"}`). Exact bodies throughout; facts cite protocol.md or
 * the sources, our choices are rows of docs/choices.md (Instagram).
 */
const to = (user = IG_ANN) => ({ recipient: { id: user } });
const ERR = {
  sendNotOwner: metaError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300),
  notThreadOwner: metaError("(#100) The action is invalid since it's not the thread owner.", 100, 2534037),
  incorrectAppId: metaError('(#100) Incorrect App ID.', 100, 2018164),
  outsideWindow: metaError('(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', 10, 2018278),
  noUser: metaError('(#100) No matching user found', 100, 2018001),
  shopNotConnected: metaError(`(#10) App ${SHOP} has no Instagram messaging on the Instagram professional account ${IG} (acme.ig): the IGSID's thread is not its to act on`, 10, 2018990),
};

describe('thread control on an Instagram thread (Conversation Routing, S13)', () => {
  it('the IGSID\'s message goes to the default app on messaging, the others (the Instagram Inbox too) on standby, from the Instagram account', async () => {
    const fake = setup();
    const { mid } = (await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200)).body;
    const message = { ...from(), message: { mid, text: 'hi' } };
    expect(await events(fake)).toEqual([rec(BOT, 'messaging', message), rec(DESK, 'standby', message), rec(IG_INBOX, 'standby', message)]);
    expect((await owner(fake, T.bot).expect(200)).body).toEqual({ data: [{ thread_owner: { app_id: BOT, expiration: (NOW + DAY) / 1000 } }] });
    // As on a Messenger CR page, an app that neither owns the thread nor is the default app sees the deadline only.
    expect((await owner(fake, T.desk).expect(200)).body).toEqual({ data: [{ thread_owner: { expiration: (NOW + DAY) / 1000 } }] });
  });

  it('the Send API by a non-owner: 2018300 with HTTP 400, as S11 states it for Instagram', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    expect((await post(fake, 'messages', T.desk, { ...to(), message: { text: 'me?' } }).expect(400)).body).toEqual(ERR.sendNotOwner);
    expect((await post(fake, 'messages', T.bot, { ...to(), message: { text: 'hello' } }).expect(200)).body).toEqual({ recipient_id: IG_ANN, message_id: expect.stringMatching(/^m_/) });
  });

  it('pass, release and extend by an app that does not own the thread: 100 / 2534037 (S19, "Instagram: action by non-owner")', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    expect((await post(fake, 'pass_thread_control', T.desk, { ...to(), target_app_id: IG_INBOX }).expect(400)).body).toEqual(ERR.notThreadOwner);
    expect((await post(fake, 'release_thread_control', T.desk, to()).expect(400)).body).toEqual(ERR.notThreadOwner);
    expect((await post(fake, 'extend_thread_control', T.desk, { ...to(), duration: 3600 }).expect(400)).body).toEqual(ERR.notThreadOwner);
    expect((await thread(fake, IG, IG_ANN)).owner).toBe(BOT);
  });

  it('a pass to the Instagram Inbox (1217981644879628) works; to the Facebook Page Inbox it is an app the account does not have', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    expect((await post(fake, 'pass_thread_control', T.bot, { ...to(), target_app_id: PAGE_INBOX }).expect(400)).body).toEqual(ERR.incorrectAppId);
    const before = (await events(fake)).length;
    expect((await post(fake, 'pass_thread_control', T.bot, { ...to(), target_app_id: IG_INBOX, metadata: 'agent please' }).expect(200)).body).toEqual({ success: true });
    expect((await events(fake)).slice(before)).toEqual([
      rec(IG_INBOX, 'messaging', { ...from(), pass_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: IG_INBOX, metadata: 'agent please' } }),
    ]);
    expect((await owner(fake, T.bot).expect(200)).body).toEqual({ data: [{ thread_owner: { app_id: IG_INBOX, expiration: (NOW + DAY) / 1000 } }] });
  });

  it('take by an app allowed to take control: take_thread_control to the previous owner only (S13)', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    const before = (await events(fake)).length;
    expect((await post(fake, 'take_thread_control', T.desk, { ...to(), metadata: 'mine' }).expect(200)).body).toEqual({ success: true });
    expect((await events(fake)).slice(before)).toEqual([
      rec(BOT, 'messaging', { ...from(), take_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: DESK, metadata: 'mine' } }),
    ]);
  });

  it('inline thread_control in the Send API passes with the message (S13 sample: recipient IGSID, app_id, control_type pass)', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    const before = (await events(fake)).length;
    const body = { messaging_type: 'RESPONSE', thread_control: { app_id: DESK, control_type: 'pass' }, ...to(), message: { text: 'Let me transfer you to our live agent' } };
    const sent = (await post(fake, 'messages', T.bot, body).expect(200)).body as { recipient_id: string; message_id: string };
    expect(sent).toEqual({ recipient_id: IG_ANN, message_id: expect.stringMatching(/^m_/) });
    const echo = { sender: { id: IG }, recipient: { id: IG_ANN }, timestamp: NOW, message: { is_echo: true, app_id: Number(BOT), mid: sent.message_id, text: 'Let me transfer you to our live agent' } };
    expect((await events(fake)).slice(before)).toEqual([
      rec(DESK, 'messaging', { ...from(), pass_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: DESK } }),
      rec(BOT, 'messaging', echo), rec(DESK, 'messaging', echo), rec(IG_INBOX, 'messaging', echo),
    ]);
  });

  it('an app of the Page without Instagram messaging on the account is refused every call on an IGSID (2018990, ours)', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    expect((await post(fake, 'messages', T.shop, { ...to(), message: { text: 'buy' } }).expect(400)).body).toEqual(ERR.shopNotConnected);
    expect((await owner(fake, T.shop).expect(400)).body).toEqual(ERR.shopNotConnected);
    // On the Page's own Messenger thread the same app is one of the Page's: no such refusal.
    expect((await get(fake, 'me/thread_owner', T.shop, { recipient: ANN }).expect(400)).body.error.error_subcode).not.toBe(2018990);
  });

  it('an id that is neither a PSID nor an IGSID of the Page: 2018001, as on Messenger', async () => {
    const fake = setup();
    expect((await owner(fake, T.bot, '7299999999').expect(400)).body).toEqual(ERR.noUser);
  });

  it('the node may be the Page id or the Instagram account id as well as me', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    for (const node of [ACME, IG]) {
      expect((await post(fake, 'messages', T.bot, { ...to(), message: { text: node } }, node).expect(200)).body.recipient_id).toBe(IG_ANN);
    }
  });

  it('release on an Instagram thread under CR while the Page runs HOP v1: the thread\'s account decides which edges exist', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    expect((await post(fake, 'release_thread_control', T.bot, to()).expect(200)).body).toEqual({ success: true });
    expect((await post(fake, 'release_thread_control', T.bot, { recipient: { id: ANN } }).expect(400)).body).toEqual(metaError('Unknown path components: /release_thread_control', 2500));
  });
});

describe('Conversation Routing zero-config on Instagram (S13: request control, default behavior only)', () => {
  it('every connected app hears the idle thread; the first to answer owns nothing until it asks: request gives it control with a pass webhook', async () => {
    const world = structuredClone(WORLD) as { pages: { instagram?: { defaultApp?: string; entryPoints?: unknown } }[] };
    delete world.pages[0]!.instagram!.defaultApp;
    delete world.pages[0]!.instagram!.entryPoints;
    const fake = setup(world as WorldInput);
    const { mid } = (await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200)).body as { mid: string };
    const message = { ...from(), message: { mid, text: 'hi' } };
    expect(await events(fake)).toEqual([rec(BOT, 'messaging', message), rec(DESK, 'messaging', message), rec(IG_INBOX, 'messaging', message)]);
    expect((await post(fake, 'take_thread_control', T.desk, to()).expect(400)).body).toEqual(metaError('(#10) The Take Thread Control API is blocked unless a default application is set.', 10, 2018926));
    const before = (await events(fake)).length;
    expect((await post(fake, 'request_thread_control', T.desk, { ...to(), metadata: 'I can help' }).expect(200)).body).toEqual({ success: true });
    expect((await events(fake)).slice(before)).toEqual([
      rec(DESK, 'messaging', { ...from(), pass_thread_control: { previous_owner_app_id: null, new_owner_app_id: DESK, metadata: 'I can help' } }),
    ]);
    // Now owned: another app's request goes to the owner.
    expect((await post(fake, 'request_thread_control', T.bot, to()).expect(200)).body).toEqual({ success: true });
    expect((await events(fake)).at(-1)).toEqual(rec(DESK, 'messaging', { ...from(), request_thread_control: { requested_owner_app_id: Number(BOT) } }));
    expect((await post(fake, 'extend_thread_control', T.desk, { ...to(), duration: 7200 }).expect(200)).body).toEqual({ success: true });
  });
});

describe('one person, two channels: a Messenger thread and an Instagram thread are owned independently', () => {
  it('passing the Instagram thread leaves the same Page\'s Messenger thread where it was, and the reverse', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    await post(fake, 'pass_thread_control', T.bot, { ...to(), target_app_id: DESK }).expect(200);
    expect((await thread(fake, IG, IG_ANN)).owner).toBe(DESK);
    expect((await thread(fake, ACME, ANN)).owner).toBe(BOT);
    await post(fake, 'pass_thread_control', T.bot, { recipient: { id: ANN }, target_app_id: PAGE_INBOX }).expect(200);
    expect((await thread(fake, ACME, ANN)).owner).toBe(PAGE_INBOX);
    expect((await thread(fake, IG, IG_ANN)).owner).toBe(DESK);
  });
});

describe('the messaging window and HUMAN_AGENT on Instagram (S35; the same rule as Messenger, protocol.md §3)', () => {
  it('24 hours after the person\'s last message: 2018278; a HUMAN_AGENT tag sends up to 7 days after it', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    await advance(fake, DAY + HOUR);
    // The thread is idle again (control expired with the window): the default app may send, inside its window only.
    expect((await post(fake, 'messages', T.bot, { ...to(), messaging_type: 'RESPONSE', message: { text: 'late' } }).expect(400)).body).toEqual(ERR.outsideWindow);
    const tagged = { ...to(), messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'an agent here' } };
    expect((await post(fake, 'messages', T.bot, tagged).expect(200)).body.recipient_id).toBe(IG_ANN);
    await advance(fake, 6 * DAY);
    expect((await post(fake, 'messages', T.bot, tagged).expect(400)).body).toEqual(ERR.outsideWindow);
  });
});

describe('HOP v2 on an Instagram account (S11: exclusivity and idle mode)', () => {
  it('the primary hears the thread; a secondary\'s release is 2534037; the primary passes to the Instagram Inbox', async () => {
    const fake = setup();
    await userWrites(fake, IG_V2, IG_CY, { text: 'hey' }).expect(200);
    expect((await post(fake, 'release_thread_control', T.v2Desk, to(IG_CY)).expect(400)).body).toEqual(ERR.notThreadOwner);
    expect((await get(fake, 'me/thread_owner', T.v2Desk, { recipient: IG_CY }).expect(200)).body).toEqual({ data: [{ thread_owner: { app_id: BOT, expiration: (NOW + DAY) / 1000 } }] });
    expect((await post(fake, 'pass_thread_control', T.v2Bot, { ...to(IG_CY), target_app_id: IG_INBOX }).expect(200)).body).toEqual({ success: true });
    expect((await thread(fake, IG_V2, IG_CY)).owner).toBe(IG_INBOX);
  });
});

describe('the Instagram user profile: GET /{igsid} (S64, protocol.md §2.7)', () => {
  it('every documented field, from the world (flags false and counts 0 where the world says nothing)', async () => {
    const fake = setup();
    const fields = 'name,username,profile_pic,follower_count,is_verified_user,is_user_follow_business,is_business_follow_user';
    expect((await get(fake, IG_BO, T.bot, { fields }).expect(200)).body).toEqual({
      username: 'bo.ig', profile_pic: 'https://cdn.example/bo.jpg', follower_count: 42, is_verified_user: true,
      is_user_follow_business: true, is_business_follow_user: false, id: IG_BO,
    });
    expect((await get(fake, IG_ANN, T.bot, { fields }).expect(200)).body).toEqual({
      name: 'Ann Lee', username: 'ann.ig', profile_pic: `https://platform-lookaside.fbsbx.com/platform/instagramprofilepic/?asid=${IG_ANN}`,
      follower_count: 0, is_verified_user: false, is_user_follow_business: false, is_business_follow_user: false, id: IG_ANN,
    });
  });

  it('without fields: name, username, profile_pic; a Messenger field on an IGSID is Meta\'s nonexisting-field error', async () => {
    const fake = setup();
    expect((await get(fake, IG_ANN, T.bot).expect(200)).body).toEqual({
      name: 'Ann Lee', username: 'ann.ig', profile_pic: `https://platform-lookaside.fbsbx.com/platform/instagramprofilepic/?asid=${IG_ANN}`, id: IG_ANN,
    });
    expect((await get(fake, IG_ANN, T.bot, { fields: 'first_name' }).expect(400)).body).toEqual(metaError('(#100) Tried accessing nonexisting field (first_name) on node type (User)', 100));
    expect((await get(fake, ANN, T.bot, { fields: 'username' }).expect(400)).body).toEqual(metaError('(#100) Tried accessing nonexisting field (username) on node type (User)', 100));
  });
});

describe('the Page and its Instagram account as nodes', () => {
  it('messaging_feature_status: ig_multi_app true when the Instagram account runs Conversation Routing (protocol.md §1.9)', async () => {
    const fake = setup();
    expect((await get(fake, 'me', T.bot, { fields: 'messaging_feature_status' }).expect(200)).body).toEqual({
      messaging_feature_status: { hop_v2: false, msgr_multi_app: false, ig_multi_app: true }, id: ACME,
    });
    expect((await get(fake, 'me', T.v2Bot, { fields: 'messaging_feature_status' }).expect(200)).body.messaging_feature_status).toEqual({ hop_v2: false, msgr_multi_app: false, ig_multi_app: false });
  });

  it('GET /{instagram-account-id} with the Page token: the IGUser node, username and id by default', async () => {
    const fake = setup();
    expect((await get(fake, IG, T.bot).expect(200)).body).toEqual({ username: 'acme.ig', id: IG });
    expect((await get(fake, IG_V2, T.bot).expect(400)).body.error.code).toBe(100); // another Page's account
  });
});

describe('what Instagram does not have of Messenger\'s surface', () => {
  it('the Instagram Messenger Profile (?platform=instagram): ice breakers and a menu without Get Started; Messenger-only properties refused', async () => {
    const fake = setup();
    const iceBreakers = [{ locale: 'default', call_to_actions: [{ question: 'Where is my order?', payload: 'ORDER' }] }];
    const platform = '?platform=instagram';
    expect((await post(fake, `messenger_profile${platform}`, T.bot, { ice_breakers: iceBreakers }).expect(200)).body).toEqual({ result: 'success' });
    const menu = [{ locale: 'default', call_to_actions: [{ type: 'postback', title: 'Talk to an agent', payload: 'CARE_HELP' }] }];
    expect((await post(fake, `messenger_profile${platform}`, T.bot, { persistent_menu: menu }).expect(200)).body).toEqual({ result: 'success' });
    expect((await get(fake, 'me/messenger_profile', T.bot, { platform: 'instagram', fields: 'ice_breakers,persistent_menu' }).expect(200)).body).toEqual({ data: [{ ice_breakers: iceBreakers, persistent_menu: menu }] });
    expect((await get(fake, `${IG}/messenger_profile`, T.bot, { fields: 'ice_breakers' }).expect(200)).body).toEqual({ data: [{ ice_breakers: iceBreakers }] });
    // The Page's own (Messenger) profile is another one.
    expect((await get(fake, 'me/messenger_profile', T.bot, { fields: 'ice_breakers' }).expect(200)).body).toEqual({ data: [] });
    expect((await post(fake, `messenger_profile${platform}`, T.bot, { greeting: [{ locale: 'default', text: 'Hi' }] }).expect(400)).body).toEqual(
      metaError('(#100) greeting is not supported on Instagram: its Messenger Profile takes ice_breakers, persistent_menu', 100, 2018991));
    expect((await post(fake, `messenger_profile${platform}`, T.shop, { ice_breakers: iceBreakers }).expect(400)).body).toEqual(
      metaError(`(#10) App ${SHOP} has no Instagram messaging on the Instagram professional account ${IG}`, 10, 2018990));
  });

  it('personas: a send as a persona to an IGSID is refused (the persona stays the Page\'s, for Messenger)', async () => {
    const fake = setup();
    await userWrites(fake, IG, IG_ANN, { text: 'hi' }).expect(200);
    const { id } = (await post(fake, 'personas', T.bot, { name: 'Ava', profile_picture_url: 'https://cdn.example/ava.png' }).expect(200)).body as { id: string };
    expect((await post(fake, 'messages', T.bot, { ...to(), message: { text: 'Ava here' }, persona_id: id }).expect(400)).body).toEqual(
      metaError('(#100) Personas are not supported on Instagram: persona_id cannot be used with an IGSID', 100, 2018991));
    expect((await post(fake, 'messages', T.bot, { recipient: { id: ANN }, message: { text: 'Ava here' }, persona_id: id }).expect(200)).body.recipient_id).toBe(ANN);
  });
});
