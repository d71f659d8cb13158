import { describe, expect, it } from 'vitest';
import type { WorldInput } from '../../../fake-graph-api/index.js';
import { events, ev, metaError, passTo, post, setup, type Fake } from '../graph/fixtures/harness.js';
import { ACME, ANN, BOT, DESK, HELP, INBOX, NOW, SOLO, SOLO_BOT, SOLO_TOOL, SOLO_USER, TOKENS, WORLD } from '../graph/fixtures/world.js';

/**
 * The user's whole side through /__admin: quick replies, attachments, stickers and likes, referrals, reads
 * and deliveries, each with Meta's exact webhook body on each channel. On ACME the Bot owns the thread; the
 * LiveDesk (webhook, every field), the Helpdesk (no webhook: every field) and the Page Inbox hear standby;
 * Stats (`messages` only, no `standby`) hears nothing of a thread it does not own.
 */
const user = (fake: Fake, what: string, body: object, page = ACME, psid = ANN) => fake.http().post(`/__admin/pages/${page}/users/${psid}/${what}`).send(body);
const say = (fake: Fake, body: object, page = ACME, psid = ANN) => user(fake, 'messages', body, page, psid);
const midOf = (res: { body: unknown }) => (res.body as { mid: string }).mid;
const from = (psid = ANN, page = ACME) => ({ sender: { id: psid }, recipient: { id: page }, timestamp: NOW });

/** The owner on messaging, the three standby listeners on standby: the ACME routes for every kind standby carries. */
const OWNER_AND_STANDBY = [
  { appId: BOT, channel: 'messaging' },
  { appId: DESK, channel: 'standby' },
  { appId: HELP, channel: 'standby' },
  { appId: INBOX, channel: 'standby' },
];
const everywhere = (event: object) => [ev.messaging(BOT, ACME, event), ev.standby(DESK, ACME, event), ev.standby(HELP, ACME, event), ev.standby(INBOX, ACME, event)];

describe('a quick-reply tap: the title as text plus quick_reply.payload', () => {
  it('the owner and standby get the same message, payload included (Meta keeps it on standby)', async () => {
    const fake = setup();
    const res = await say(fake, { text: 'Talk to a person', quick_reply: { payload: 'HUMAN_AGENT' } }).expect(200);
    expect(res.body).toEqual({ mid: expect.stringMatching(/^m_/), routes: OWNER_AND_STANDBY });
    expect(await events(fake)).toEqual(everywhere({ ...from(), message: { mid: midOf(res), text: 'Talk to a person', quick_reply: { payload: 'HUMAN_AGENT' } } }));
  });

  it('once the LiveDesk owns the thread it gets the tap on messaging and the Bot on standby, payload and all', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    const res = await say(fake, { text: 'Back to the bot', quick_reply: { payload: 'BOT' } }).expect(200);
    const tap = { ...from(), message: { mid: midOf(res), text: 'Back to the bot', quick_reply: { payload: 'BOT' } } };
    expect((await events(fake)).slice(1)).toEqual([ev.standby(BOT, ACME, tap), ev.messaging(DESK, ACME, tap), ev.standby(HELP, ACME, tap), ev.standby(INBOX, ACME, tap)]);
  });
});

describe('attachments, stickers and likes: a message without text', () => {
  it.each([
    ['an image', { type: 'image', url: 'https://example.com/shoe.jpg' }, [{ type: 'image', payload: { url: 'https://example.com/shoe.jpg' } }]],
    ['a video', { type: 'video', url: 'https://example.com/unboxing.mp4' }, [{ type: 'video', payload: { url: 'https://example.com/unboxing.mp4' } }]],
    ['an audio clip', { type: 'audio', url: 'https://example.com/voice.mp4' }, [{ type: 'audio', payload: { url: 'https://example.com/voice.mp4' } }]],
    ['a file', { type: 'file', url: 'https://example.com/receipt.pdf' }, [{ type: 'file', payload: { url: 'https://example.com/receipt.pdf' } }]],
    ['a location', { type: 'location', lat: 52.520008, long: 13.404954, title: 'Berlin' }, [{
      title: 'Berlin',
      url: 'https://www.bing.com/maps/default.aspx?v=2&pc=FACEBK&mid=8100&where1=52.520008%2C%2013.404954&FORM=FBKPL1&mkt=en-US',
      type: 'location',
      payload: { coordinates: { lat: 52.520008, long: 13.404954 } },
    }]],
  ])('%s: attachments as Meta sends them, to the owner and on standby', async (_name, attachment, attachments) => {
    const fake = setup();
    const res = await say(fake, { attachment }).expect(200);
    expect(res.body).toEqual({ mid: expect.stringMatching(/^m_/), routes: OWNER_AND_STANDBY });
    expect(await events(fake)).toEqual(everywhere({ ...from(), message: { mid: midOf(res), attachments } }));
  });

  it('a location without a title is a "Pinned Location"', async () => {
    const fake = setup();
    const res = await say(fake, { attachment: { type: 'location', lat: -33.5, long: 151 } }).expect(200);
    expect((await events(fake))[0]).toEqual(ev.messaging(BOT, ACME, {
      ...from(),
      message: {
        mid: midOf(res),
        attachments: [{
          title: 'Pinned Location',
          url: 'https://www.bing.com/maps/default.aspx?v=2&pc=FACEBK&mid=8100&where1=-33.5%2C%20151&FORM=FBKPL1&mkt=en-US',
          type: 'location',
          payload: { coordinates: { lat: -33.5, long: 151 } },
        }],
      },
    }));
  });

  it('a sticker: sticker_id as a number on the message and in an image attachment', async () => {
    const fake = setup();
    const res = await say(fake, { sticker_id: '126361874215276' }).expect(200);
    const url = 'https://scontent.xx.fbcdn.net/v/t39.1997-6/126361874215276.png';
    expect(await events(fake)).toEqual(everywhere({
      ...from(),
      message: { mid: midOf(res), attachments: [{ type: 'image', payload: { url, sticker_id: 126361874215276 } }], sticker_id: 126361874215276 },
    }));
  });

  it('a like is the thumbs-up sticker 369239263222822', async () => {
    const fake = setup();
    const res = await say(fake, { like: true }).expect(200);
    const url = 'https://scontent.xx.fbcdn.net/v/t39.1997-6/369239263222822.png';
    expect((await events(fake))[0]).toEqual(ev.messaging(BOT, ACME, {
      ...from(),
      message: { mid: midOf(res), attachments: [{ type: 'image', payload: { url, sticker_id: 369239263222822 } }], sticker_id: 369239263222822 },
    }));
  });
});

describe('referrals: messaging_referrals, to the owner only', () => {
  it('an m.me link with ref: source SHORTLINK, type OPEN_THREAD; standby carries no referral', async () => {
    const fake = setup();
    const res = await user(fake, 'referrals', { ref: 'support' }).expect(200);
    expect(res.body).toEqual({ routes: [{ appId: BOT, channel: 'messaging' }] });
    expect(await events(fake)).toEqual([ev.messaging(BOT, ACME, { ...from(), referral: { ref: 'support', source: 'SHORTLINK', type: 'OPEN_THREAD' } })]);
  });

  it('an ad: ad_id and source ADS, the ad\'s ref when it has one', async () => {
    const fake = setup();
    await user(fake, 'referrals', { ad_id: '6001' }).expect(200, { routes: [{ appId: BOT, channel: 'messaging' }] });
    await user(fake, 'referrals', { ad_id: '6002', ref: 'spring-sale' }).expect(200);
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, ACME, { ...from(), referral: { ad_id: '6001', source: 'ADS', type: 'OPEN_THREAD' } }),
      ev.messaging(BOT, ACME, { ...from(), referral: { ref: 'spring-sale', ad_id: '6002', source: 'ADS', type: 'OPEN_THREAD' } }),
    ]);
  });

  it('a message that carries an entry point: the referral first, then the message', async () => {
    const fake = setup();
    const res = await say(fake, { text: 'hi', referral: { ref: 'support' } }).expect(200);
    expect(res.body).toEqual({ mid: expect.stringMatching(/^m_/), routes: OWNER_AND_STANDBY });
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, ACME, { ...from(), referral: { ref: 'support', source: 'SHORTLINK', type: 'OPEN_THREAD' } }),
      ...everywhere(ev.text(ACME, ANN, midOf(res), 'hi')),
    ]);
  });

  it('a new PSID arriving from a link becomes a user of the page', async () => {
    const fake = setup();
    await user(fake, 'referrals', { ref: 'qr-code' }, ACME, '3000000077').expect(200);
    expect(fake.platform.users(ACME).map((u) => u.psid)).toContain('3000000077');
  });
});

describe('reads and deliveries of the page\'s messages', () => {
  it('a read: read.watermark (now by default, or the one given), to the owner and on standby', async () => {
    const fake = setup();
    await user(fake, 'reads', {}).expect(200, { watermark: NOW, routes: OWNER_AND_STANDBY });
    await user(fake, 'reads', { watermark: NOW - 5000 }).expect(200, { watermark: NOW - 5000, routes: OWNER_AND_STANDBY });
    expect(await events(fake)).toEqual([
      ...everywhere({ ...from(), read: { watermark: NOW } }),
      ...everywhere({ ...from(), read: { watermark: NOW - 5000 } }),
    ]);
  });

  it('a delivery: the mids of every message sent since the last report, and the last one\'s time as watermark', async () => {
    const fake = setup();
    const first = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'one' } }).expect(200);
    const second = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'two' } }).expect(200);
    const mids = [first.body.message_id, second.body.message_id];
    const before = (await events(fake)).length;
    await user(fake, 'deliveries', {}).expect(200, { mids, watermark: NOW, routes: OWNER_AND_STANDBY });
    expect((await events(fake)).slice(before)).toEqual(everywhere({ ...from(), delivery: { mids, watermark: NOW } }));
  });

  it('a second delivery report with nothing new → nothing_to_deliver (2018980), no event', async () => {
    const fake = setup();
    await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'one' } }).expect(200);
    await user(fake, 'deliveries', {}).expect(200);
    const before = (await events(fake)).length;
    const res = await user(fake, 'deliveries', {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) No message of the page is waiting to be delivered to this user.', 100, 2018980));
    expect((await events(fake)).length).toBe(before);
  });

  it('a refused send is never delivered', async () => {
    const fake = setup();
    await passTo(fake, DESK);
    await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'refused' } }).expect(400);
    const res = await user(fake, 'deliveries', {});
    expect(res.body).toEqual(metaError('(#100) No message of the page is waiting to be delivered to this user.', 100, 2018980));
  });
});

describe('with handover inactive there is no standby: every app subscribed to the field hears messaging', () => {
  it.each([
    ['a quick reply', 'messages', { text: 'Yes', quick_reply: { payload: 'YES' } }, (mid: string) => ({ ...from(SOLO_USER, SOLO), message: { mid, text: 'Yes', quick_reply: { payload: 'YES' } } })],
    ['a read', 'reads', {}, () => ({ ...from(SOLO_USER, SOLO), read: { watermark: NOW } })],
    ['a referral', 'referrals', { ref: 'menu' }, () => ({ ...from(SOLO_USER, SOLO), referral: { ref: 'menu', source: 'SHORTLINK', type: 'OPEN_THREAD' } })],
  ])('%s', async (_name, what, body, event) => {
    const fake = setup();
    const res = await user(fake, what, body, SOLO, SOLO_USER).expect(200);
    expect((res.body as { routes: unknown }).routes).toEqual([{ appId: SOLO_BOT, channel: 'messaging' }, { appId: SOLO_TOOL, channel: 'messaging' }]);
    const e = event(midOf(res));
    expect(await events(fake)).toEqual([ev.messaging(SOLO_BOT, SOLO, e), ev.messaging(SOLO_TOOL, SOLO, e)]);
  });
});

describe('each event only to apps subscribed to its webhook field', () => {
  // The Bot owns the thread but subscribed to messages and standby only; the LiveDesk to standby only.
  const narrow: WorldInput = structuredClone(WORLD);
  narrow.pages[0]!.apps[0]!.webhook!.fields = ['messages', 'standby'];
  narrow.pages[0]!.apps[1]!.webhook!.fields = ['standby'];

  it.each([
    ['messaging_referrals', 'referrals', { ref: 'support' }, []],
    ['message_reads', 'reads', {}, [{ appId: DESK, channel: 'standby' }, { appId: HELP, channel: 'standby' }, { appId: INBOX, channel: 'standby' }]],
    ['messages', 'messages', { like: true }, OWNER_AND_STANDBY],
  ])('an owner without %s does not hear it; standby alone is enough on standby', async (_field, what, body, routes) => {
    const fake = setup(narrow);
    const res = await user(fake, what, body).expect(200);
    expect((res.body as { routes: unknown }).routes).toEqual(routes);
    expect((await events(fake)).map((e) => [(e as { appId: string }).appId, (e as { channel: string }).channel])).toEqual(routes.map((r) => [r.appId, r.channel]));
  });

  it('message_deliveries: the owner without the field hears nothing; standby listeners hear it', async () => {
    const fake = setup(narrow);
    await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { text: 'one' } }).expect(200);
    const res = await user(fake, 'deliveries', {}).expect(200);
    expect(res.body.routes).toEqual([{ appId: DESK, channel: 'standby' }, { appId: HELP, channel: 'standby' }, { appId: INBOX, channel: 'standby' }]);
  });
});

describe('the user-side routes refuse bad input with Meta\'s envelope', () => {
  it.each([
    ['messages', { text: 'hi', quick_reply: { payload: '' } }, '(#100) Param quick_reply.payload Too small: expected string to have >=1 characters'],
    ['messages', { text: 'hi', quick_reply: { payload: 'x'.repeat(1001) } }, '(#100) Param quick_reply.payload Too big: expected string to have <=1000 characters'],
    ['messages', { attachment: { type: 'image', url: 'ftp://example.com/a.jpg' } }, '(#100) Param attachment.url must be an http(s) URL'],
    ['messages', { attachment: { type: 'sticker', url: 'https://example.com/a.png' } }, '(#100) Param request must be {"text":"…"} (with "quick_reply":{"payload":"…"} for a quick-reply tap), {"attachment":{…}}, {"sticker_id":"…"}, {"like":true} or {"postback":{"title":"…","payload":"…"}}'],
    ['messages', { attachment: { type: 'location', lat: 91, long: 0 } }, '(#100) Param attachment.lat Too big: expected number to be <=90'],
    ['messages', { sticker_id: 'thumbs' }, '(#100) Param sticker_id must be a numeric sticker id'],
    ['messages', { text: 'hi', referral: { ref: 'has space' } }, '(#100) Param referral.ref must be an m.me ref: letters, digits and + / = - . : _'],
    ['referrals', {}, '(#100) Param request must be {"ref":"…"} (an m.me link) or {"ad_id":"…"} (an ad)'],
    ['referrals', { ref: 'a', source: 'ADS' }, '(#100) Param request Unrecognized key: "source"'],
    ['referrals', { ad_id: 'summer' }, '(#100) Param ad_id must be a numeric ad id'],
    ['reads', { watermark: -1 }, '(#100) Param watermark Too small: expected number to be >=0'],
    ['reads', { watermark: 'now' }, '(#100) Param watermark Invalid input: expected number, received string'],
    ['deliveries', { mids: [] }, '(#100) Param request Unrecognized key: "mids"'],
  ])('POST …/users/{psid}/%s, bad body #%# → invalid_parameter', async (what, body, message) => {
    const fake = setup();
    const res = await user(fake, what, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 100));
    expect(await events(fake)).toEqual([]);
  });

  it.each(['reads', 'deliveries'])('%s for a PSID that never wrote → no_matching_user', async (what) => {
    const res = await user(setup(), what, {}, ACME, '3000000099');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError('(#100) No matching user found', 100, 2018001));
  });

  it.each([['reads', {}], ['deliveries', {}], ['referrals', { ref: 'x' }]])('%s on an unknown page → 404', async (what, body) => {
    const res = await user(setup(), what, body, '1999999999');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(metaError('(#100) Unknown page 1999999999', 100));
  });
});
