import { z } from 'zod';
import type { GraphRequest, GraphResponse } from './graph-request.js';
import { describeParamIssue, parseObjectText } from './params.js';

/**
 * The Graph Batch API (https://developers.facebook.com/docs/graph-api/batch-requests): `POST /` (or
 * `/vNN.N/`) with `batch`, a JSON array (as a string form field or inside a JSON body) of
 * `{method, relative_url, body?}`, at most 50. Each item is one Graph call run through the same dispatcher,
 * in order, so the handover rules hold inside a batch exactly as outside; an item without its own
 * access_token uses the batch's. The answer is one `{code, headers, body}` per item, `body` being the JSON
 * text the call alone would have answered; `include_headers=false` leaves `headers` out.
 */
export const BATCH_LIMIT = 50;

/** The one header Meta shows per item in its sample answer, and ours when the item's path is not modelled. */
const CONTENT_TYPE = { name: 'Content-Type', value: 'text/javascript; charset=UTF-8' };
export const NOT_MODELLED_HEADER = { name: 'x-handover-sim', value: 'not-modelled' };

const item = z.looseObject({
  method: z.string().default('GET'),
  relative_url: z.string({ error: 'must be a string such as me/messages' }),
  // Meta's body is URL-encoded text (`recipient=%7B…%7D&message=…`); an object is read as the fields themselves.
  body: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

const batchParams = z.looseObject({
  batch: z.preprocess(parseObjectText, z.array(z.unknown(), { error: 'must be a JSON array of requests' })),
  include_headers: z.preprocess((v) => v !== false && v !== 'false', z.boolean()),
});

type Dispatch = (request: GraphRequest) => GraphResponse;

export function runBatch(
  params: Record<string, unknown>,
  request: GraphRequest,
  dispatch: Dispatch,
  fail: (key: 'invalid_parameter' | 'batch_too_large', vars?: Record<string, string>) => GraphResponse,
): GraphResponse {
  const parsed = batchParams.safeParse(params);
  if (!parsed.success) return fail('invalid_parameter', { detail: describeParamIssue(parsed.error, params) });
  const { batch, include_headers } = parsed.data;
  if (batch.length > BATCH_LIMIT) return fail('batch_too_large');
  const items = z.array(item).safeParse(batch);
  if (!items.success) return fail('invalid_parameter', { detail: describeParamIssue(items.error, { batch }).replace(/^Param /, 'Param batch.') });

  // The batch's own token and proof stand in for an item that names none.
  const inherited = Object.fromEntries(['access_token', 'appsecret_proof'].filter((k) => params[k] !== undefined).map((k) => [k, params[k]]));
  const notModelled: string[] = [];
  const answers = items.data.map((call) => {
    const [path = '', search = ''] = call.relative_url.replace(/^\/+/, '').split(/\?(.*)/s, 2);
    const query: Record<string, unknown> = Object.fromEntries(new URLSearchParams(search));
    const body = typeof call.body === 'string' ? Object.fromEntries(new URLSearchParams(call.body)) : call.body;
    const own = query['access_token'] !== undefined || (body !== undefined && body['access_token'] !== undefined);
    const response = dispatch({
      method: call.method,
      path: `/${path}`,
      query: own ? query : { ...inherited, ...query },
      ...(body === undefined ? {} : { body }),
      ...(request.authorization === undefined ? {} : { authorization: request.authorization }),
    });
    notModelled.push(...(response.notModelled ?? []));
    const headers = response.notModelled?.length ? [CONTENT_TYPE, NOT_MODELLED_HEADER] : [CONTENT_TYPE];
    return include_headers
      ? { code: response.status, headers, body: JSON.stringify(response.body) }
      : { code: response.status, body: JSON.stringify(response.body) };
  });
  return { status: 200, body: answers, ...(notModelled.length ? { notModelled } : {}) };
}
