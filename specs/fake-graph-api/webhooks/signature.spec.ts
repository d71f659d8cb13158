import { createHmac, timingSafeEqual } from 'node:crypto';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import XHubSignature from 'x-hub-signature';
import { afterEach, describe, expect, it } from 'vitest';
import { metaStringify, verifyHubSignature } from '../../../fake-graph-api/index.js';
import { ANN, PAGE, SECRETS, setup, type Setup } from './fixtures/world.js';
import { receiversClosedAfterEach } from './fixtures/receiver.js';

/**
 * Signatures are checked by verifiers that are not the fake's code: node's crypto applied by hand here,
 * the `x-hub-signature` package (Facebook/GitHub X-Hub-Signature verifier, sha1 and sha256), and
 * `@octokit/webhooks-methods` (GitHub's `sha256=` verifier, the same HMAC-SHA256 scheme Meta uses).
 */
const receivers = receiversClosedAfterEach();
let s: Setup | undefined;
afterEach(async () => {
  await s?.dispatcher.stop({ flush: false });
});

/** An independent receiver's check: HMAC of the raw bytes it got, compared in constant time. */
function independentlyValid(algorithm: 'sha1' | 'sha256', secret: string, raw: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(`${algorithm}=${createHmac(algorithm, secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe('meta JSON: the escaped form Meta signs', () => {
  it('escapes every non-ASCII UTF-16 unit as lowercase \\uXXXX, surrogate pairs included, and leaves / alone', () => {
    expect(metaStringify({ text: 'äöå 🎉', url: 'https://a/b' })).toBe('{"text":"\\u00e4\\u00f6\\u00e5 \\ud83c\\udf89","url":"https://a/b"}');
    expect(metaStringify({ 'ключ': 'Ω\u2028' })).toBe('{"\\u043a\\u043b\\u044e\\u0447":"\\u03a9\\u2028"}');
  });

  it('is plain ASCII and parses back to the same value', () => {
    const value = { text: 'äöå 🎉 \u0000 "q" \\ 中文 \ud800', n: 1.5, list: [null, true] };
    const json = metaStringify(value);
    expect(/^[\x00-\x7f]*$/.test(json)).toBe(true);
    expect(JSON.parse(json)).toEqual(value);
  });
});

/** Ann writes "äöå 🎉"; resolves with the bot's receiver once the POST has arrived. */
async function deliverNonAscii() {
  const bot = await receivers.start();
  const desk = await receivers.start();
  s = setup({ bot: bot.url, desk: desk.url });
  s.platform.userWrites(PAGE, ANN, { text: 'äöå 🎉' });
  await s.dispatcher.drain();
  return bot;
}

describe('webhook signatures', () => {
  it('signs the exact bytes sent, escaped as Meta does, and independent verifiers accept both headers', async () => {
    const bot = await deliverNonAscii();

    const { raw, headers } = bot.requests[0]!;
    const text = raw.toString('utf8');
    expect(text).toContain('"text":"\\u00e4\\u00f6\\u00e5 \\ud83c\\udf89"');
    expect(raw.length).toBe(text.length); // pure ASCII on the wire
    expect(headers['content-length']).toBe(String(raw.length));
    expect(JSON.parse(text).entry[0].messaging[0].message.text).toBe('äöå 🎉');

    const sha256 = headers['x-hub-signature-256'];
    const sha1 = headers['x-hub-signature'];
    expect(sha256).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sha1).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(independentlyValid('sha256', SECRETS.bot, raw, sha256)).toBe(true);
    expect(independentlyValid('sha1', SECRETS.bot, raw, sha1)).toBe(true);
    expect(new XHubSignature('sha256', SECRETS.bot).verify(String(sha256), raw)).toBe(true);
    expect(new XHubSignature('sha1', SECRETS.bot).verify(String(sha1), raw)).toBe(true);
    expect(await octokitVerify(SECRETS.bot, text, String(sha256))).toBe(true);
  });

  it('fails verification for the wrong secret, for a re-serialized (unescaped) body and for a changed byte', async () => {
    const bot = await deliverNonAscii();
    const { raw, headers } = bot.requests[0]!;
    const sha256 = String(headers['x-hub-signature-256']);
    const reserialized = JSON.stringify(JSON.parse(raw.toString('utf8')));
    expect(reserialized).toContain('äöå 🎉');
    expect(await octokitVerify(SECRETS.bot, reserialized, sha256)).toBe(false);
    expect(await octokitVerify(SECRETS.desk, raw.toString('utf8'), sha256)).toBe(false);
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 3]! ^= 1;
    expect(new XHubSignature('sha1', SECRETS.bot).verify(String(headers['x-hub-signature']), tampered)).toBe(false);
  });

  it("offers verifyHubSignature to users' receivers, agreeing with the independent verifiers", async () => {
    const body = metaStringify({ object: 'page', entry: [{ text: '🎉' }] });
    const sha256 = new XHubSignature('sha256', 'k').sign(body);
    const sha1 = new XHubSignature('sha1', 'k').sign(body);
    expect(verifyHubSignature('k', body, sha256)).toBe(true);
    expect(verifyHubSignature('k', Buffer.from(body), sha1)).toBe(true);
    expect(verifyHubSignature('other', body, sha256)).toBe(false);
    expect(verifyHubSignature('k', body, undefined)).toBe(false);
    expect(verifyHubSignature('k', body, sha256.replace('sha256=', 'md5='))).toBe(false);
  });
});
