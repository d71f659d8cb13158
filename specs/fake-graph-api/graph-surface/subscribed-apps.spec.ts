import { describe, expect, it } from 'vitest';
import { events, metaError, setup, type Fake } from '../graph/fixtures/harness.js';
import { ACME, ANN, BOT, DESK, INBOX, STATS, TOKENS } from '../graph/fixtures/world.js';
import { WEBHOOK_FIELDS } from '../../../machines/platform/index.js';
import { PAGE_WEBHOOK_FIELDS } from '../../../fake-graph-api/graph/edges/subscribed-apps.edge.js';

const subscribe = (fake: Fake, token: string, subscribed_fields: unknown, node = ACME) =>
  fake.http().post(`/v19.0/${node}/subscribed_apps`).query({ access_token: token }).send({ subscribed_fields });
const list = async (fake: Fake) => (await fake.http().get(`/v19.0/${ACME}/subscribed_apps`).query({ access_token: TOKENS.bot }).expect(200)).body;
const annWrites = (fake: Fake) => fake.http().post(`/__admin/pages/${ACME}/users/${ANN}/messages`).send({ text: 'hello' }).expect(200);
const whoHeard = async (fake: Fake) => (await events(fake)).map((e) => `${(e as { appId: string }).appId}:${(e as { channel: string }).channel}`);

describe('/{page-id}/subscribed_apps', () => {
  it("GET: the world's webhook fields are the starting state (apps with a webhook only)", async () => {
    expect(await list(setup())).toEqual({
      data: [
        { name: 'Bot', id: BOT, subscribed_fields: [...WEBHOOK_FIELDS] },
        { name: 'LiveDesk', id: DESK, subscribed_fields: [...WEBHOOK_FIELDS] },
        { name: 'Stats', id: STATS, subscribed_fields: ['messages'] },
      ],
    });
  });

  it('POST changes what the calling app hears: without standby, LiveDesk is deaf on standby', async () => {
    const fake = setup();
    await annWrites(fake);
    expect(await whoHeard(fake)).toEqual([`${BOT}:messaging`, `${DESK}:standby`, '2000000003:standby', `${INBOX}:standby`]);
    expect((await subscribe(fake, TOKENS.desk, 'messages,messaging_postbacks,messaging_handovers')).body).toEqual({ success: true });
    await annWrites(fake);
    expect((await whoHeard(fake)).slice(4)).toEqual([`${BOT}:messaging`, '2000000003:standby', `${INBOX}:standby`]);
    expect((await list(fake)).data[1]).toEqual({ name: 'LiveDesk', id: DESK, subscribed_fields: ['messages', 'messaging_postbacks', 'messaging_handovers'] });
  });

  it('POST on /me, with the fields as an array; resubscribing standby makes it hear again', async () => {
    const fake = setup();
    await subscribe(fake, TOKENS.desk, ['messages'], 'me').expect(200);
    await subscribe(fake, TOKENS.desk, ['messages', 'standby'], 'me').expect(200);
    await annWrites(fake);
    expect(await whoHeard(fake)).toContain(`${DESK}:standby`);
  });

  it('DELETE unsubscribes the app: it hears nothing and leaves the list', async () => {
    const fake = setup();
    expect((await fake.http().delete(`/v19.0/${ACME}/subscribed_apps`).query({ access_token: TOKENS.desk })).body).toEqual({ success: true });
    await annWrites(fake);
    expect(await whoHeard(fake)).toEqual([`${BOT}:messaging`, '2000000003:standby', `${INBOX}:standby`]);
    expect((await list(fake)).data.map((a: { id: string }) => a.id)).toEqual([BOT, STATS]);
  });

  it("a bot's usual start-up list is accepted whole and shown back; only the fields the fake models are delivered", async () => {
    const fake = setup();
    const usual = 'messages,messaging_postbacks,messaging_optins,message_deliveries,message_reads,messaging_handovers';
    await subscribe(fake, TOKENS.desk, usual).expect(200);
    expect((await list(fake)).data[1]).toEqual({ name: 'LiveDesk', id: DESK, subscribed_fields: usual.split(',') });
    expect([...fake.platform.subscribedFields(ACME, DESK)].every((f) => (WEBHOOK_FIELDS as readonly string[]).includes(f))).toBe(true);
    await annWrites(fake);
    expect(await whoHeard(fake)).not.toContain(`${DESK}:standby`);
  });

  it('reset brings back the world’s subscriptions', async () => {
    const fake = setup();
    await fake.http().delete(`/v19.0/${ACME}/subscribed_apps`).query({ access_token: TOKENS.stats }).expect(200);
    await fake.http().post('/__admin/reset').expect(200);
    expect((await list(fake)).data).toHaveLength(3);
  });

  it.each([
    ['no subscribed_fields', undefined, '(#100) The parameter subscribed_fields is required'],
    ['an unknown field', 'messages,tweets', `(#100) Param subscribed_fields.1 must be one of {${PAGE_WEBHOOK_FIELDS.join(', ')}}`],
    ['an empty list', [], '(#100) Param subscribed_fields Too small: expected array to have >=1 items'],
  ])('POST with %s → (#100)', async (_, fields, message) => {
    const res = await subscribe(setup(), TOKENS.desk, fields);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(metaError(message, 100));
  });

  it("another page's id: unsupported post request", async () => {
    const res = await subscribe(setup(), TOKENS.desk, 'messages', '1000000002');
    expect(res.body).toEqual(metaError("Unsupported post request. Object with ID '1000000002' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", 100, 33, 'GraphMethodException'));
  });
});
