import { describe, expect, it } from 'vitest';
import { ANN, BOT, DAY, DESK, ERR, NOW, SHOP, T, V2, advance, ev, events, owner, post, setup, thread, userWrites } from './fixtures.js';

const to = { recipient: { id: ANN } };
const text = (t: string) => ({ ...to, message: { text: t } });

describe('HOP v2 (protocol.md §0, §1.1–1.6, §3, §4.3–4.4)', () => {
  it('§4.4 idle + a primary: the user\'s message gives the primary control (no webhook); the others hear standby', async () => {
    const fake = setup();
    expect((await owner(fake, T.v2Desk)).body).toEqual({ data: [] });
    const { mid } = (await userWrites(fake, V2, { text: 'hi' })).body;
    expect(await events(fake)).toEqual([
      ev.messaging(BOT, V2, ev.text(V2, mid, 'hi')), ev.standby(DESK, V2, ev.text(V2, mid, 'hi')), ev.standby(SHOP, V2, ev.text(V2, mid, 'hi')),
    ]);
    // Roles are optional and there is no secondary-to-secondary secrecy: every app sees the owner.
    expect((await owner(fake, T.v2Shop)).body).toEqual({ data: [{ thread_owner: { app_id: BOT, expiration: (NOW + DAY) / 1000 } }] });
  });

  it('§3 exclusivity: the primary must take before it sends into a thread another app owns', async () => {
    const fake = setup();
    await userWrites(fake, V2, { text: 'hi' });
    await post(fake, 'pass_thread_control', T.v2Bot, { ...to, target_app_id: DESK }).expect(200);
    expect((await post(fake, 'messages', T.v2Bot, text('me?')).expect(400)).body).toEqual(ERR.sendNotOwner);
    await post(fake, 'take_thread_control', T.v2Bot, to).expect(200, { success: true });
    expect((await events(fake)).at(-1)).toEqual(ev.messaging(DESK, V2, ev.take(V2, DESK, BOT)));
    await post(fake, 'messages', T.v2Bot, text('back')).expect(200);
  });

  it('§1.2 take: any app takes an idle thread (no webhook); only the primary takes an owned one', async () => {
    const fake = setup();
    await post(fake, 'take_thread_control', T.v2Shop, to).expect(200, { success: true });
    expect(await events(fake)).toEqual([]);
    expect((await post(fake, 'take_thread_control', T.v2Desk, to).expect(400)).body).toEqual(ERR.takeOwnedNotPrimary);
    await post(fake, 'take_thread_control', T.v2Bot, to).expect(200);
    expect(await events(fake)).toEqual([ev.messaging(SHOP, V2, ev.take(V2, SHOP, BOT))]);
  });

  it('§4.3 control expires 24 h after the last user message; release is immediate; neither sends a webhook', async () => {
    const fake = setup();
    await userWrites(fake, V2, { text: 'hi' });
    await advance(fake, DAY);
    expect(await thread(fake, V2)).toMatchObject({ owner: null, expiresAt: null });
    await userWrites(fake, V2, { text: 'again' });
    await post(fake, 'release_thread_control', T.v2Bot, to).expect(200, { success: true });
    expect((await events(fake)).filter((e) => !('message' in (e as { event: object }).event))).toEqual([]);
    // Idle: any app may send (within the window), unlike CR with a default app.
    await post(fake, 'messages', T.v2Shop, text('hello from the shop')).expect(200);
  });

  it('§3 inline thread_control is Conversation Routing only', async () => {
    const fake = setup();
    await userWrites(fake, V2, { text: 'hi' });
    expect((await post(fake, 'messages', T.v2Bot, { ...text('x'), thread_control: { control_type: 'release' } }).expect(400)).body).toEqual(ERR.inlineNeedsRouting);
  });

  it('release and extend do not exist under HOP v1: unknown path', async () => {
    const fake = setup({ profile: 'hop-v1', pages: [{ id: '1', name: 'P', apps: [{ id: '2', name: 'B', role: 'primary', accessToken: 'b' }], users: [] }] });
    for (const edge of ['release_thread_control', 'extend_thread_control']) {
      expect((await post(fake, edge, 'b', { ...to, duration: 60 }).expect(400)).body.error).toEqual({
        message: `Unknown path components: /${edge}`, type: 'OAuthException', code: 2500, fbtrace_id: expect.any(String),
      });
    }
  });
});
