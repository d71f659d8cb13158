import { describe, expect, it } from 'vitest';
import { ACME, ANN, BOT, DESK, IG, IG_ANN, IG_BO, IG_INBOX, NOW, PAGE_INBOX, SHOP, T, events, from, metaError, post, rec, setup, thread, userWrites, type Fake } from './fixtures.js';

/**
 * Instagram's own user events (issue 23 part 3), through /__admin as a person's Instagram app would cause them,
 * with the exact events the apps get (S60's Instagram messaging webhooks; protocol.md §2.7): story replies and
 * mentions, shares, replies to a message, reactions, unsent messages, `messaging_seen`, ig.me referrals,
 * ice-breaker postbacks, and the Instagram Inbox's buttons. What Messenger has not is refused there.
 */
const admin = (fake: Fake, account: string, user: string, what: string, body: object) => fake.http().post(`/__admin/pages/${account}/users/${user}/${what}`).send(body);
const notOnChannel = (detail: string) => metaError(`(#100) ${detail}`, 100, 2018991);

/** Ann writes on Instagram; answers the events her message produced (BOT messaging; DESK and the Instagram Inbox on standby). */
async function writes(fake: Fake, body: object, user = IG_ANN) {
  const before = (await events(fake)).length;
  const { mid } = (await userWrites(fake, IG, user, body).expect(200)).body as { mid: string };
  return { mid, events: (await events(fake)).slice(before) };
}
const toAll = (event: object) => [rec(BOT, 'messaging', event), rec(DESK, 'standby', event), rec(IG_INBOX, 'standby', event)];

describe('messages only Instagram has', () => {
  it('a story reply: the text with reply_to.story {url, id}', async () => {
    const fake = setup();
    const story = { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1790', id: '17900000000001' };
    const { mid, events: got } = await writes(fake, { text: 'love this!', reply_to: { story } });
    expect(got).toEqual(toAll({ ...from(), message: { mid, text: 'love this!', reply_to: { story } } }));
  });

  it('a story mention: an attachment of type story_mention with the story\'s CDN url (S62)', async () => {
    const fake = setup();
    const url = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1791';
    const { mid, events: got } = await writes(fake, { attachment: { type: 'story_mention', url } });
    expect(got).toEqual(toAll({ ...from(), message: { mid, attachments: [{ type: 'story_mention', payload: { url } }] } }));
  });

  it('a share: an attachment of type share with the shared post\'s url', async () => {
    const fake = setup();
    const url = 'https://www.instagram.com/p/C0ffee/';
    const { mid, events: got } = await writes(fake, { attachment: { type: 'share', url } });
    expect(got).toEqual(toAll({ ...from(), message: { mid, attachments: [{ type: 'share', payload: { url } }] } }));
  });

  it('a reply to one of the business\'s messages: reply_to.mid', async () => {
    const fake = setup();
    const { mid, events: got } = await writes(fake, { text: 'yes, that one', reply_to: { mid: 'm_earlier' } });
    expect(got).toEqual(toAll({ ...from(), message: { mid, text: 'yes, that one', reply_to: { mid: 'm_earlier' } } }));
  });

  it('on Messenger a story reply, a story mention and a share are refused (2018991, ours)', async () => {
    const fake = setup();
    const url = 'https://www.instagram.com/p/C0ffee/';
    expect((await userWrites(fake, ACME, ANN, { attachment: { type: 'story_mention', url } }).expect(400)).body).toEqual(notOnChannel('A story mention is an Instagram message: Messenger has no stories to mention a business in'));
    expect((await userWrites(fake, ACME, ANN, { attachment: { type: 'share', url } }).expect(400)).body).toEqual(notOnChannel('A share attachment is an Instagram message: Messenger sends shared posts as links'));
    expect((await userWrites(fake, ACME, ANN, { text: 'wow', reply_to: { story: { url, id: '1' } } }).expect(400)).body).toEqual(notOnChannel('A story reply is an Instagram message: Messenger has no stories to reply to'));
  });
});

describe('reactions, unsent messages and messaging_seen', () => {
  it('a reaction goes to the thread\'s owner only, not on standby: love with its emoji, other with the given one, unreact without either', async () => {
    const fake = setup();
    await writes(fake, { text: 'hi' });
    const before = (await events(fake)).length;
    expect((await admin(fake, IG, IG_ANN, 'reactions', { mid: 'm_1', reaction: 'love' }).expect(200)).body).toEqual({ routes: [{ appId: BOT, channel: 'messaging' }] });
    await admin(fake, IG, IG_ANN, 'reactions', { mid: 'm_1', reaction: 'other', emoji: '\u{1F525}' }).expect(200);
    await admin(fake, IG, IG_ANN, 'reactions', { mid: 'm_1', action: 'unreact' }).expect(200);
    expect((await events(fake)).slice(before)).toEqual([
      rec(BOT, 'messaging', { ...from(), reaction: { mid: 'm_1', action: 'react', reaction: 'love', emoji: '\u2764\uFE0F' } }),
      rec(BOT, 'messaging', { ...from(), reaction: { mid: 'm_1', action: 'react', reaction: 'other', emoji: '\u{1F525}' } }),
      rec(BOT, 'messaging', { ...from(), reaction: { mid: 'm_1', action: 'unreact' } }),
    ]);
  });

  it('an unsent message: a messages event with is_deleted, to the owner and on standby like any message', async () => {
    const fake = setup();
    const { mid } = await writes(fake, { text: 'oops' });
    const before = (await events(fake)).length;
    expect((await admin(fake, IG, IG_ANN, 'deleted-messages', { mid }).expect(200)).body.routes).toHaveLength(3);
    expect((await events(fake)).slice(before)).toEqual(toAll({ ...from(), message: { mid, is_deleted: true } }));
  });

  it('messaging_seen names the last message the account sent (read: {mid}); before any, there is nothing to see', async () => {
    const fake = setup();
    await writes(fake, { text: 'hi' });
    expect((await admin(fake, IG, IG_ANN, 'reads', {}).expect(400)).body).toEqual(metaError('(#100) No message of the Instagram professional account has reached this user: Instagram names the message seen', 100, 2018982));
    await post(fake, 'messages', T.bot, { recipient: { id: IG_ANN }, message: { text: 'one' } }).expect(200);
    const { message_id: mid } = (await post(fake, 'messages', T.bot, { recipient: { id: IG_ANN }, message: { text: 'two' } }).expect(200)).body as { message_id: string };
    const before = (await events(fake)).length;
    expect((await admin(fake, IG, IG_ANN, 'reads', {}).expect(200)).body).toEqual({ watermark: NOW, mid, routes: [{ appId: BOT, channel: 'messaging' }, { appId: DESK, channel: 'standby' }, { appId: IG_INBOX, channel: 'standby' }] });
    expect((await events(fake)).slice(before)).toEqual(toAll({ ...from(), read: { mid } }));
  });

  it('what Instagram has not: message_deliveries and the Get Started button; reactions and unsends on Messenger', async () => {
    const fake = setup();
    await writes(fake, { text: 'hi' });
    await post(fake, 'messages', T.bot, { recipient: { id: IG_ANN }, message: { text: 'one' } }).expect(200);
    expect((await admin(fake, IG, IG_ANN, 'deliveries', {}).expect(400)).body).toEqual(notOnChannel('Instagram sends no message_deliveries: the person\'s app reports what they saw (messaging_seen)'));
    expect((await admin(fake, IG, IG_ANN, 'get-started', {}).expect(400)).body).toEqual(notOnChannel('Instagram has no Get Started button: a conversation starts with a message or an ice breaker'));
    expect((await admin(fake, ACME, ANN, 'reactions', { mid: 'm_1', reaction: 'like' }).expect(400)).body).toEqual(notOnChannel('handover-sim sends no message reactions on Messenger: an Instagram feature here'));
    expect((await admin(fake, ACME, ANN, 'deleted-messages', { mid: 'm_1' }).expect(400)).body).toEqual(notOnChannel('handover-sim sends no unsent messages on Messenger: an Instagram feature here'));
  });
});

describe('referrals, postbacks and the ids of each channel', () => {
  it('an ig.me link with a ref routes the idle thread to its entry point\'s app (messaging_referral, then the message)', async () => {
    const fake = setup();
    const { mid, events: got } = await writes(fake, { text: 'help', referral: { ref: 'support' } });
    const referral = { ...from(), referral: { ref: 'support', source: 'SHORTLINK', type: 'OPEN_THREAD' } };
    const message = { ...from(), message: { mid, text: 'help' } };
    expect(got).toEqual([rec(DESK, 'messaging', referral), rec(BOT, 'standby', message), rec(DESK, 'messaging', message), rec(IG_INBOX, 'standby', message)]);
    expect((await thread(fake, IG, IG_ANN)).owner).toBe(DESK);
  });

  it('an ice breaker tap is a postback with its mid, title and payload (S60)', async () => {
    const fake = setup();
    const { mid, events: got } = await writes(fake, { postback: { title: 'Where is my order?', payload: 'ORDER' } });
    expect(got[0]).toEqual(rec(BOT, 'messaging', { ...from(), postback: { title: 'Where is my order?', payload: 'ORDER', mid } }));
  });

  it('a PSID of the Page cannot write on Instagram, nor an IGSID on Messenger (2018981, ours)', async () => {
    const fake = setup();
    expect((await userWrites(fake, IG, ANN, { text: 'hi' }).expect(400)).body).toEqual(metaError(`(#100) ${ANN} is a user of this Page on Messenger; on Instagram the same person has another id (IGSID): a person's ids differ per channel`, 100, 2018981));
    expect((await userWrites(fake, ACME, IG_BO, { text: 'hi' }).expect(400)).body).toEqual(metaError(`(#100) ${IG_BO} is a user of this Page on Instagram; on Messenger the same person has another id (PSID): a person's ids differ per channel`, 100, 2018981));
  });
});

describe('the Instagram Inbox\'s buttons (the Page Inbox\'s, on Instagram: protocol.md §4.1–4.2)', () => {
  it('move to Main takes control as the Instagram Inbox; its reply is echoed with its app id; Done passes back to the default app', async () => {
    const fake = setup();
    await writes(fake, { text: 'hi' });
    const before = (await events(fake)).length;
    await fake.http().post(`/__admin/pages/${IG}/inbox/${IG_ANN}/move-to-inbox`).send({}).expect(200);
    const { message_id: mid } = (await fake.http().post(`/__admin/pages/${IG}/inbox/${IG_ANN}/reply`).send({ text: 'A human here' }).expect(200)).body as { message_id: string };
    await fake.http().post(`/__admin/pages/${IG}/inbox/${IG_ANN}/done`).send({}).expect(200);
    const echo = { sender: { id: IG }, recipient: { id: IG_ANN }, timestamp: NOW, message: { is_echo: true, app_id: Number(IG_INBOX), mid, text: 'A human here' } };
    expect((await events(fake)).slice(before)).toEqual([
      rec(BOT, 'messaging', { ...from(), take_thread_control: { previous_owner_app_id: BOT, new_owner_app_id: IG_INBOX } }),
      rec(BOT, 'messaging', echo), rec(DESK, 'messaging', echo), rec(IG_INBOX, 'messaging', echo),
      rec(BOT, 'messaging', { ...from(), pass_thread_control: { previous_owner_app_id: IG_INBOX, new_owner_app_id: BOT } }),
    ]);
    // The Page's Messenger thread of the same person never moved, and the Page Inbox never acted.
    expect((await thread(fake, ACME, ANN)).owner).toBe(BOT);
    expect((await events(fake)).some((e) => (e as { appId: string }).appId === PAGE_INBOX)).toBe(false);
  });
});

describe('GET /__admin/pages lists each Page with its Instagram account', () => {
  it('the account\'s apps (the Instagram Inbox connected unlisted) and its users by IGSID', async () => {
    const fake = setup();
    const acme = (await fake.http().get('/__admin/pages').expect(200)).body.pages[0];
    expect(acme.instagram).toEqual({
      id: IG, handoverActive: false, roles: { primary: null, secondary: [] },
      apps: [{ id: BOT, name: 'Bot' }, { id: DESK, name: 'Desk' }, { id: IG_INBOX, name: 'Instagram Inbox' }],
      users: [{ psid: IG_ANN, name: 'Ann Lee' }, { psid: IG_BO, name: 'bo.ig' }],
    });
    expect(acme.apps.map((a: { id: string }) => a.id)).toEqual([BOT, DESK, SHOP, PAGE_INBOX]);
  });
});
