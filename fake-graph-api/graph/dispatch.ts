import { createHmac, timingSafeEqual } from 'node:crypto';
import type { GraphErrorKey } from '../graph-errors.js';
import type { Platform } from '../platform.js';
import { messagesEdge } from './edges/messages.edge.js';
import { secondaryReceiversEdge } from './edges/secondary-receivers.edge.js';
import { pageNode } from './edges/page-node.edge.js';
import {
  extendThreadControlEdge,
  passThreadControlEdge,
  releaseThreadControlEdge,
  requestThreadControlEdge,
  takeThreadControlEdge,
} from './edges/thread-control.edge.js';
import { threadOwnerEdge } from './edges/thread-owner.edge.js';
import { describeParamIssue } from './params.js';
import { answerOutcome, failure, type Edge, type GraphRequest, type GraphResponse } from './graph-request.js';

/**
 * The Graph API as a function: the HTTP server and the in-process transport both call this, so a bug in
 * one mode is a bug in both. Paths are `/{vNN.N}?/{me|PAGE_ID}/{edge}`.
 */
const EDGES: readonly Edge[] = [
  passThreadControlEdge,
  takeThreadControlEdge,
  requestThreadControlEdge,
  releaseThreadControlEdge,
  extendThreadControlEdge,
  threadOwnerEdge,
  secondaryReceiversEdge,
  messagesEdge,
  pageNode, // the node itself: `/{page|me}` with no edge
];

const VERSION = /^v[0-9]+(\.[0-9]+)?$/;

/** The access token of a call: the `access_token` parameter first, else an `Authorization: Bearer|OAuth …` header. */
export function tokenOf(params: Record<string, unknown>, authorization: string | undefined): string | undefined {
  if (typeof params['access_token'] === 'string') return params['access_token'];
  return /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

function proofMatches(proof: string, token: string, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(token).digest('hex'));
  const given = Buffer.from(proof);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function handleGraphRequest(platform: Platform, request: GraphRequest): GraphResponse {
  const fail = (key: GraphErrorKey, vars: Record<string, string> = {}): GraphResponse => failure(platform, key, vars);

  if (request.body !== undefined && (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body))) {
    return fail('invalid_parameter', { detail: 'The request body must be a JSON object or form fields' });
  }
  const params: Record<string, unknown> = { ...request.query, ...(request.body as Record<string, unknown> | undefined) };

  const segments = request.path.split('/').filter(Boolean);
  if (segments[0] !== undefined && VERSION.test(segments[0])) segments.shift();
  const [node, edgeName, ...rest] = segments;
  const method = request.method.toUpperCase();
  if (node === undefined || rest.length > 0) {
    return fail('unknown_path', { path: `/${segments.slice(node === undefined ? 0 : 1).join('/')}` });
  }
  const edge = EDGES.find((e) => e.name === (edgeName ?? '') && e.method === method);
  if (!edge) {
    return EDGES.some((e) => e.name === (edgeName ?? ''))
      ? fail('unsupported_request', { method: method.toLowerCase(), node: edgeName === undefined ? node : `${node}/${edgeName}` })
      : fail('unknown_path', { path: `/${edgeName}` });
  }

  const token = tokenOf(params, request.authorization);
  if (!token) return fail('access_token_missing');
  const caller = platform.authenticate(token);
  if (!caller) return fail('invalid_access_token');
  const proof = params['appsecret_proof'];
  const secret = platform.app(caller.pageId, caller.appId)?.appSecret;
  if (proof !== undefined && secret !== undefined && (typeof proof !== 'string' || !proofMatches(proof, token, secret))) {
    return fail('invalid_parameter', { detail: 'Invalid appsecret_proof provided in the API argument' });
  }
  // Edges a generation added are unknown paths on a page that runs an older one (release under HOP v1).
  if (!platform.profileOf(caller.pageId)?.edges.includes(edge.name)) return fail('unknown_path', { path: `/${edgeName ?? ''}` });
  // A page token acts for its own page only: another page id is "an object we cannot load".
  if (node !== 'me' && node !== caller.pageId) {
    return fail('unsupported_request', { method: method.toLowerCase(), node });
  }

  const parsed = edge.params.safeParse(params);
  if (!parsed.success) return fail('invalid_parameter', { detail: describeParamIssue(parsed.error, params) });

  return edge.handle({
    platform,
    caller,
    params: parsed.data,
    fail,
    answer: (outcome, serialize) => answerOutcome(platform, outcome, serialize),
  });
}
