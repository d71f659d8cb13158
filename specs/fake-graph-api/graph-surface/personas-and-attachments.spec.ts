import { describe, expect, it } from 'vitest';
import { metaError, passTo, post, setup, type Fake } from '../graph/fixtures/harness.js';
import { ANN, DESK, TOKENS } from '../graph/fixtures/world.js';

const FIRST_ID = '10000000000000001';
const SECOND_ID = '10000000000000002';
const PIC = 'https://example.com/agent.png';
const b64 = (id: string) => Buffer.from(id).toString('base64url');

const createPersona = (fake: Fake, name: string, token: string = TOKENS.bot) =>
  fake.http().post('/v19.0/me/personas').query({ access_token: token }).send({ name, profile_picture_url: PIC });

describe('personas', () => {
  it('POST → {"id"}; GET /me/personas lists them with paging; GET /{persona-id} reads one', async () => {
    const fake = setup();
    expect((await createPersona(fake, 'Jo Agent')).body).toEqual({ id: FIRST_ID });
    expect((await createPersona(fake, 'Kim B.', TOKENS.desk)).body).toEqual({ id: SECOND_ID });
    expect((await fake.http().get('/v19.0/me/personas').query({ access_token: TOKENS.bot })).body).toEqual({
      data: [{ name: 'Jo Agent', profile_picture_url: PIC, id: FIRST_ID }, { name: 'Kim B.', profile_picture_url: PIC, id: SECOND_ID }],
      paging: { cursors: { before: b64(FIRST_ID), after: b64(SECOND_ID) } },
    });
    expect((await fake.http().get(`/v19.0/${SECOND_ID}`).query({ access_token: TOKENS.bot })).body).toEqual({ name: 'Kim B.', profile_picture_url: PIC, id: SECOND_ID });
  });

  it('none yet: {"data":[]}', async () => {
    expect((await setup().http().get('/v19.0/me/personas').query({ access_token: TOKENS.bot })).body).toEqual({ data: [] });
  });

  it('DELETE /{persona-id} → {"success":true}; then it is an unknown object', async () => {
    const fake = setup();
    await createPersona(fake, 'Jo Agent').expect(200);
    expect((await fake.http().delete(`/v19.0/${FIRST_ID}`).query({ access_token: TOKENS.desk })).body).toEqual({ success: true });
    const gone = await fake.http().get(`/v19.0/${FIRST_ID}`).query({ access_token: TOKENS.bot });
    expect(gone.body).toEqual(metaError(`Unsupported get request. Object with ID '${FIRST_ID}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, 33, 'GraphMethodException'));
    const again = await fake.http().delete(`/v19.0/${FIRST_ID}`).query({ access_token: TOKENS.bot });
    expect(again.body).toEqual(metaError(`Unsupported delete request. Object with ID '${FIRST_ID}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 100, 33, 'GraphMethodException'));
  });

  it("another page's persona is an unknown object", async () => {
    const fake = setup();
    await createPersona(fake, 'Jo Agent').expect(200);
    const res = await fake.http().get(`/v19.0/${FIRST_ID}`).query({ access_token: TOKENS.soloBot });
    expect(res.status).toBe(400);
    expect(res.body.error.error_subcode).toBe(33);
  });

  it.each([
    ['no name', { profile_picture_url: PIC }, '(#100) The parameter name is required'],
    ['a name over 50 characters', { name: 'x'.repeat(51), profile_picture_url: PIC }, '(#100) Param name must be at most 50 characters'],
    ['a picture that is no URL', { name: 'Jo', profile_picture_url: 'agent.png' }, '(#100) Param profile_picture_url must be an http(s) URL'],
  ])('POST with %s → (#100)', async (_, body, message) => {
    const res = await setup().http().post('/v19.0/me/personas').query({ access_token: TOKENS.bot }).send(body);
    expect(res.body).toEqual(metaError(message, 100));
  });

  it('persona_id on a send: allowed for the owner, recorded with what the user sees; an unknown one is refused (our 2018962)', async () => {
    const fake = setup();
    await createPersona(fake, 'Jo Agent', TOKENS.desk).expect(200);
    await passTo(fake, DESK);
    const seen: unknown[] = [];
    fake.platform.onMessageToUser((m) => seen.push({ appId: m.appId, personaId: m.personaId, message: m.message }));
    const sent = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, persona_id: FIRST_ID, message: { text: 'Jo here' } });
    expect(sent.body).toEqual({ recipient_id: ANN, message_id: expect.stringMatching(/^m_/) });
    expect(seen).toEqual([{ appId: DESK, personaId: FIRST_ID, message: { text: 'Jo here' } }]);
    const unknown = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, persona_id: '10000000000000099', message: { text: 'x' } });
    expect(unknown.body).toEqual(metaError('(#100) persona_id 10000000000000099 is not a persona of this page.', 100, 2018962));
  });

  it('a persona does not lift the handover rule: a non-owner still gets 2018300', async () => {
    const fake = setup();
    await createPersona(fake, 'Jo Agent', TOKENS.desk).expect(200);
    const res = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, persona_id: FIRST_ID, message: { text: 'Jo here' } });
    expect(res.body).toEqual(metaError('(#10) Message failed to send because another app is controlling this thread now.', 10, 2018300));
  });
});

describe('POST /me/message_attachments', () => {
  const byUrl = { attachment: { type: 'image', payload: { url: 'https://example.com/shoe.jpg', is_reusable: true } } };

  it('by URL (JSON body) → {"attachment_id"}; a send by that id works for the owner', async () => {
    const fake = setup();
    const res = await post(fake, 'message_attachments', TOKENS.bot, { message: byUrl });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ attachment_id: FIRST_ID });
    expect(fake.platform.assets.attachment('1000000001', FIRST_ID)).toEqual({ id: FIRST_ID, type: 'image', url: 'https://example.com/shoe.jpg' });
    const sent = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { attachment: { type: 'image', payload: { attachment_id: FIRST_ID } } } });
    expect(sent.body).toEqual({ recipient_id: ANN, message_id: expect.stringMatching(/^m_/) });
  });

  it('by URL with message as JSON text in a form body', async () => {
    const res = await setup().http().post('/v19.0/me/message_attachments').query({ access_token: TOKENS.bot }).type('form').send({ message: JSON.stringify(byUrl) });
    expect(res.body).toEqual({ attachment_id: FIRST_ID });
  });

  it('multipart upload: the file in filedata', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/message_attachments').query({ access_token: TOKENS.bot })
      .field('message', JSON.stringify({ attachment: { type: 'file', payload: { is_reusable: true } } }))
      .attach('filedata', Buffer.from('%PDF-1.4 receipt'), { filename: 'receipt.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ attachment_id: FIRST_ID });
    expect(fake.platform.assets.attachment('1000000001', FIRST_ID)).toEqual({ id: FIRST_ID, type: 'file', filename: 'receipt.pdf' });
  });

  it('neither URL nor file; a bad type; a truncated multipart body', async () => {
    const fake = setup();
    expect((await post(fake, 'message_attachments', TOKENS.bot, { message: { attachment: { type: 'image', payload: {} } } })).body)
      .toEqual(metaError('(#100) Param message.attachment.payload.url is required, or the file in filedata', 100));
    expect((await post(fake, 'message_attachments', TOKENS.bot, { message: { attachment: { type: 'sticker', payload: { url: 'https://x.example/a.png' } } } })).body)
      .toEqual(metaError('(#100) Param message.attachment.type must be one of {image, audio, video, file}', 100));
    const truncated = await fake.http().post('/v19.0/me/message_attachments').query({ access_token: TOKENS.bot })
      .set('Content-Type', 'multipart/form-data; boundary=XYZ').send('--XYZ\r\nContent-Disposition: form-data; name="filedata"; filename="a.png"\r\n\r\nabc');
    expect(truncated.status).toBe(400);
    expect(truncated.body).toEqual(metaError('(#100) The request body could not be read: Unexpected end of form', 100));
  });

  it("a send by an attachment_id this page never uploaded (our 2018963); another page's is unknown too", async () => {
    const fake = setup();
    await post(fake, 'message_attachments', TOKENS.soloBot, { message: byUrl }).expect(200);
    const res = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { attachment: { type: 'image', payload: { attachment_id: FIRST_ID } } } });
    expect(res.body).toEqual(metaError(`(#100) attachment_id ${FIRST_ID} is not an attachment uploaded to this page.`, 100, 2018963));
  });

  it('a send with is_reusable saves the asset and answers its attachment_id; a refused send saves nothing', async () => {
    const fake = setup();
    const reusable = { attachment: { type: 'video', payload: { url: 'https://example.com/how-to.mp4', is_reusable: true } } };
    const sent = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: reusable });
    expect(sent.body).toEqual({ recipient_id: ANN, message_id: expect.stringMatching(/^m_/), attachment_id: FIRST_ID });
    expect(fake.platform.assets.attachment('1000000001', FIRST_ID)).toEqual({ id: FIRST_ID, type: 'video', url: 'https://example.com/how-to.mp4' });
    const refused = await post(fake, 'messages', TOKENS.desk, { recipient: { id: ANN }, message: reusable });
    expect(refused.body.error.error_subcode).toBe(2018300);
    expect(fake.platform.assets.attachment('1000000001', SECOND_ID)).toBeUndefined();
  });

  it('upload and send in one multipart request', async () => {
    const fake = setup();
    const res = await fake.http().post('/v19.0/me/messages').query({ access_token: TOKENS.bot })
      .field('recipient', JSON.stringify({ id: ANN }))
      .field('message', JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: true } } }))
      .attach('filedata', Buffer.from('PNG'), { filename: 'shoe.png', contentType: 'image/png' });
    expect(res.body).toEqual({ recipient_id: ANN, message_id: expect.stringMatching(/^m_/), attachment_id: FIRST_ID });
    expect(fake.platform.assets.attachment('1000000001', FIRST_ID)).toEqual({ id: FIRST_ID, type: 'image', filename: 'shoe.png' });
  });

  it('sends by URL and by template need no upload', async () => {
    const fake = setup();
    const url = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { attachment: { type: 'image', payload: { url: 'https://example.com/a.png' } } } });
    expect(url.body).toEqual({ recipient_id: ANN, message_id: expect.any(String) });
    const template = await post(fake, 'messages', TOKENS.bot, { recipient: { id: ANN }, message: { attachment: { type: 'template', payload: { template_type: 'button', text: 'Need help?', buttons: [{ type: 'postback', title: 'Talk to a person', payload: 'HUMAN' }] } } } });
    expect(template.body).toEqual({ recipient_id: ANN, message_id: expect.any(String) });
  });
});
