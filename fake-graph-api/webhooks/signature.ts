import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The two signature headers Meta sends with every webhook POST (protocol.md §2.5): HMAC of the exact
 * body bytes keyed with the app secret, SHA-256 in `X-Hub-Signature-256` and the legacy SHA-1 in
 * `X-Hub-Signature`, both as lowercase hex after the algorithm's name.
 */
export interface SignatureHeaders {
  'X-Hub-Signature-256': string;
  'X-Hub-Signature': string;
}

export function hubSignature(algorithm: 'sha256' | 'sha1', appSecret: string, body: string | Uint8Array): string {
  return `${algorithm}=${createHmac(algorithm, appSecret).update(body).digest('hex')}`;
}

export function signatureHeaders(appSecret: string, body: string | Uint8Array): SignatureHeaders {
  return {
    'X-Hub-Signature-256': hubSignature('sha256', appSecret, body),
    'X-Hub-Signature': hubSignature('sha1', appSecret, body),
  };
}

/** The User-Agent Meta's webhook requests carry (the POSTs and the verification GET). */
export const WEBHOOK_USER_AGENT = 'facebookexternalua';

/** Meta's four headers on a webhook POST: JSON, its User-Agent, both signatures of these exact bytes. */
export function webhookHeaders(appSecret: string, body: string | Uint8Array): Record<string, string> {
  return { 'Content-Type': 'application/json', 'User-Agent': WEBHOOK_USER_AGENT, ...signatureHeaders(appSecret, body) };
}

/**
 * For receivers in users' own tests: does this header (either form) sign this raw body?
 * Compare raw bytes, never a re-serialized body: re-serializing loses Meta's `\uXXXX` escapes.
 */
export function verifyHubSignature(appSecret: string, rawBody: string | Uint8Array, header: string | undefined): boolean {
  const algorithm = header?.startsWith('sha256=') ? 'sha256' : header?.startsWith('sha1=') ? 'sha1' : undefined;
  if (header === undefined || algorithm === undefined) return false;
  const expected = Buffer.from(hubSignature(algorithm, appSecret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
