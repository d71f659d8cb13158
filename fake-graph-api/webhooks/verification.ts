import { randomInt } from 'node:crypto';
import { WEBHOOK_USER_AGENT } from './signature.js';

/**
 * The subscription handshake (protocol.md §2.5): `GET <callback>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`;
 * the endpoint proves it is the app's by answering 200 with the challenge as its body.
 */
export interface VerifyResult {
  pageId: string;
  appId: string;
  appName: string;
  url: string;
  ok: boolean;
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** Why the handshake failed, in words. */
  reason?: string;
}

export interface HandshakeTarget {
  url: string;
  verifyToken: string;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export async function handshake(
  target: HandshakeTarget,
  fetchImpl: FetchLike,
  signal: AbortSignal,
): Promise<{ ok: boolean; status?: number; reason?: string }> {
  const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
  const url = new URL(target.url);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', target.verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  let response: Response;
  try {
    response = await fetchImpl(url.href, { method: 'GET', headers: { 'User-Agent': WEBHOOK_USER_AGENT }, signal });
  } catch (err) {
    return { ok: false, reason: describeFetchError(err, signal) };
  }
  const body = await response.text().catch(() => '');
  if (response.status !== 200) return { ok: false, status: response.status, reason: `answered HTTP ${response.status}, not 200` };
  if (body.trim() !== challenge) {
    return { ok: false, status: 200, reason: `answered 200 without the challenge (expected ${challenge}, got ${JSON.stringify(body.slice(0, 60))})` };
  }
  return { ok: true, status: 200 };
}

/**
 * A fetch failure in a few words: `timeout`, `ECONNREFUSED`, … rather than undici's "fetch failed".
 * An abort with a string reason says that reason; an `AbortSignal.timeout()` (a `TimeoutError`) says
 * `timeout`, or `timeout after N ms` when the caller tells how long it waited.
 */
export function describeFetchError(err: unknown, signal?: AbortSignal, timeoutMs?: number): string {
  const timeout = timeoutMs === undefined ? 'timeout' : `timeout after ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: string; message?: string } } | null | undefined)?.cause;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (typeof reason === 'string') return reason;
    return isTimeoutError(reason) ? timeout : 'aborted';
  }
  if (isTimeoutError(err) || isTimeoutError(cause)) return timeout;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}

const isTimeoutError = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'TimeoutError';
