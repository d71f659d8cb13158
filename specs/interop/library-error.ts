import { expect } from 'vitest';

/**
 * What messaging-api-messenger throws: for a Graph error its AxiosError, with Meta's envelope camelCased in
 * `response.data`; for anything else (a TypeError on an answer it did not expect) just the error.
 */
export async function libraryError(call: Promise<unknown>) {
  const err = await call.then(() => { throw new Error('the call succeeded'); }, (e: unknown) => e);
  const { name, message, status, response } = err as { name: string; message: string; status?: number; response?: { data: unknown } };
  return { name, message, status, data: response?.data };
}

/** `libraryError` of a call the fake refused with Meta's envelope (type OAuthException, HTTP 400). */
export function graphError(message: string, code: number, errorSubcode?: number) {
  return {
    name: 'AxiosError',
    message: `Messenger API - ${code} OAuthException ${message}`,
    status: 400,
    data: { error: { message, type: 'OAuthException', code, ...(errorSubcode !== undefined && { errorSubcode }), fbtraceId: expect.any(String) } },
  };
}
