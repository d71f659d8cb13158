import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
// By package name, as a user's test suite imports it.
import { LIKE_STICKER_ID, startFakeGraphApi, type FakeGraphApi } from 'handover-sim';

/**
 * The user's side of the library handle: every new gesture produces Meta's exact webhook body for the bot
 * (no webhook here: events are recorded, so the bodies can be read back at once). The bot (1234567890) is
 * primary and owns the thread; the LiveDesk beside it hears standby.
 */
const BOT = '1234567890';
const PAGE = '1000000001';
const PSID = '3000000001';
const T0 = Date.UTC(2026, 0, 1, 9);

describe('startFakeGraphApi: user(psid) beyond says/taps', () => {
  let api: FakeGraphApi;
  const clock = new SimulatedClock();
  clock.set(T0);

  beforeAll(async () => {
    api = await startFakeGraphApi({ webhooks: { clock } });
  });
  afterAll(() => api.close());
  beforeEach(() => api.reset());

  const from = { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: T0 };
  const toBot = () => api.events().filter((e) => e.appId === BOT);

  it('tapsQuickReply: the title as text and quick_reply.payload, on messaging; the LiveDesk gets the same on standby', () => {
    const { mid } = api.user(PSID).tapsQuickReply('Talk to a person', 'HUMAN_AGENT');
    const tap = { ...from, message: { mid, text: 'Talk to a person', quick_reply: { payload: 'HUMAN_AGENT' } } };
    expect(toBot()).toEqual([{ appId: BOT, pageId: PAGE, channel: 'messaging', event: tap }]);
    expect(api.events().filter((e) => e.appId !== BOT)).toContainEqual({ appId: '2000000002', pageId: PAGE, channel: 'standby', event: tap });
  });

  it('sends: an image and a location', () => {
    const image = api.user(PSID).sends({ type: 'image', url: 'https://example.com/shoe.jpg' });
    const pin = api.user(PSID).sends({ type: 'location', lat: 48.8566, long: 2.3522, title: 'Paris' });
    expect(toBot().map((e) => e.event)).toEqual([
      { ...from, message: { mid: image.mid, attachments: [{ type: 'image', payload: { url: 'https://example.com/shoe.jpg' } }] } },
      {
        ...from,
        message: {
          mid: pin.mid,
          attachments: [{
            title: 'Paris',
            url: 'https://www.bing.com/maps/default.aspx?v=2&pc=FACEBK&mid=8100&where1=48.8566%2C%202.3522&FORM=FBKPL1&mkt=en-US',
            type: 'location',
            payload: { coordinates: { lat: 48.8566, long: 2.3522 } },
          }],
        },
      },
    ]);
  });

  it('likes and sendsSticker: sticker_id as a number', () => {
    const like = api.user(PSID).likes();
    const sticker = api.user(PSID).sendsSticker('126361874215276');
    const stickerEvent = (mid: string, id: number) => ({
      ...from,
      message: { mid, attachments: [{ type: 'image', payload: { url: `https://scontent.xx.fbcdn.net/v/t39.1997-6/${id}.png`, sticker_id: id } }], sticker_id: id },
    });
    expect(toBot().map((e) => e.event)).toEqual([stickerEvent(like.mid, Number(LIKE_STICKER_ID)), stickerEvent(sticker.mid, 126361874215276)]);
  });

  it('arrivesFrom: messaging_referrals from an m.me link and from an ad, to the owner only', () => {
    api.user(PSID).arrivesFrom({ ref: 'support' });
    api.user(PSID).arrivesFrom({ ad_id: '6001' });
    expect(api.events()).toEqual([
      { appId: BOT, pageId: PAGE, channel: 'messaging', event: { ...from, referral: { ref: 'support', source: 'SHORTLINK', type: 'OPEN_THREAD' } } },
      { appId: BOT, pageId: PAGE, channel: 'messaging', event: { ...from, referral: { ad_id: '6001', source: 'ADS', type: 'OPEN_THREAD' } } },
    ]);
  });

  it('reads and receives: message_reads and message_deliveries for what the bot sent', async () => {
    const sent = await fetch(`${api.url}/v19.0/me/messages?access_token=${api.accessToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { id: PSID }, message: { text: 'Your order shipped' } }),
    });
    const { message_id: mid } = (await sent.json()) as { message_id: string };
    expect(api.user(PSID).receives()).toEqual({ mids: [mid], watermark: T0 });
    expect(api.user(PSID).reads()).toEqual({ watermark: T0 });
    expect(toBot().map((e) => e.event).slice(-2)).toEqual([
      { ...from, delivery: { mids: [mid], watermark: T0 } },
      { ...from, read: { watermark: T0 } },
    ]);
  });

  it('a delivery report with nothing to deliver throws in the test', () => {
    expect(() => api.user(PSID).receives()).toThrow(`the delivery to user ${PSID} was refused: nothing_to_deliver`);
  });
});
