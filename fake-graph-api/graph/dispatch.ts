import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Platform } from '../platform.js';
import { runBatch } from './batch.js';
import { uploadAttachmentEdge } from './edges/message-attachments.edge.js';
import { messagesEdge } from './edges/messages.edge.js';
import { deleteMessengerProfileEdge, getMessengerProfileEdge, setMessengerProfileEdge } from './edges/messenger-profile.edge.js';
import { readPage } from './edges/page.node.js';
import { deletePersona, readPersona } from './edges/persona.node.js';
import { createPersonaEdge, listPersonasEdge } from './edges/personas.edge.js';
import { secondaryReceiversEdge } from './edges/secondary-receivers.edge.js';
import { listSubscribedAppsEdge, subscribeAppEdge, unsubscribeAppEdge } from './edges/subscribed-apps.edge.js';
import {
  extendThreadControlEdge,
  passThreadControlEdge,
  releaseThreadControlEdge,
  requestThreadControlEdge,
  takeThreadControlEdge,
} from './edges/thread-control.edge.js';
import { threadOwnerEdge } from './edges/thread-owner.edge.js';
import { readUserProfile } from './edges/user-profile.node.js';
import { describeParamIssue } from './params.js';
import { answerOutcome, failure, type Edge, type EdgeContext, type GraphRequest, type GraphResponse } from './graph-request.js';

/**
 * The Graph API as a function: the HTTP server and the in-process transport both call this, so a bug in
 * one mode is a bug in both. Paths are `/{vNN.N}?/{me|PAGE_ID}/{edge}`, `/{vNN.N}?/{node-id}` (the page, a
 * user's profile, a persona) and `/{vNN.N}?/` with `batch`. docs/graph-surface.md lists them; any other
 * path gets Meta's own error and is marked "not modelled by handover-sim".
 */
export const EDGES: readonly Edge[] = [
  passThreadControlEdge,
  takeThreadControlEdge,
  requestThreadControlEdge,
  releaseThreadControlEdge,
  extendThreadControlEdge,
  threadOwnerEdge,
  secondaryReceiversEdge,
  messagesEdge,
  getMessengerProfileEdge,
  setMessengerProfileEdge,
  deleteMessengerProfileEdge,
  createPersonaEdge,
  listPersonasEdge,
  subscribeAppEdge,
  listSubscribedAppsEdge,
  unsubscribeAppEdge,
  uploadAttachmentEdge,
];

const VERSION = /^v[0-9]+(\.[0-9]+)?$/;
/** The edges by method and name, and the names alone: looked up on every call, so found in a map, not a list. */
const EDGE_BY_CALL = new Map(EDGES.map((e) => [`${e.method} ${e.name}`, e]));
const EDGE_NAMES = new Set(EDGES.map((e) => e.name));

type Helpers = Pick<EdgeContext<unknown>, 'fail' | 'answer'>;
/** Each platform's `fail` and `answer`, made once: a crowd run makes millions of calls. */
const helpersOf = new WeakMap<Platform, Helpers>();
function helpers(platform: Platform): Helpers {
  let h = helpersOf.get(platform);
  if (h === undefined) {
    h = {
      fail: (key, vars = {}) => failure(platform, key, vars),
      answer: (outcome, serialize) => answerOutcome(platform, outcome, serialize),
    };
    helpersOf.set(platform, h);
  }
  return h;
}

/** Meta's error for a path we do not model, marked so the HTTP layer says so. */
function notModelled(response: GraphResponse, method: string, path: string): GraphResponse {
  return { ...response, notModelled: [`${method} ${path}`] };
}

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

export function handleGraphRequest(platform: Platform, request: GraphRequest, inBatch = false): GraphResponse {
  const { fail, answer } = helpers(platform);
  const method = request.method.toUpperCase();

  if (request.body !== undefined && (request.body === null || typeof request.body !== 'object' || Array.isArray(request.body))) {
    return fail('invalid_parameter', { detail: 'The request body must be a JSON object or form fields' });
  }
  const params: Record<string, unknown> = { ...request.query, ...(request.body as Record<string, unknown> | undefined) };

  const segments = request.path.split('/').filter(Boolean);
  if (segments[0] !== undefined && VERSION.test(segments[0])) segments.shift();
  const [node, edgeName, ...rest] = segments;
  if (node === undefined) {
    // The batch is an operation of the root itself; a batch inside a batch is not one.
    if (method === 'POST' && params['batch'] !== undefined && !inBatch) {
      return runBatch(params, request, (item) => handleGraphRequest(platform, item, true), fail);
    }
    return notModelled(fail('unknown_path', { path: '/' }), method, request.path);
  }
  if (rest.length > 0) return notModelled(fail('unknown_path', { path: `/${segments.slice(1).join('/')}` }), method, request.path);
  const edge = edgeName === undefined ? undefined : EDGE_BY_CALL.get(`${method} ${edgeName}`);
  const knownEdge = edgeName === undefined || EDGE_NAMES.has(edgeName);
  // An unknown edge read as a GET is a field the page does not have; other methods name an unknown path.
  if (!knownEdge && method !== 'GET') return notModelled(fail('unknown_path', { path: `/${edgeName}` }), method, request.path);
  if (edgeName !== undefined && knownEdge && !edge) {
    return fail('unsupported_request', { method: method.toLowerCase(), node: `${node}/${edgeName}` });
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
  // A Page token acts on its Page (`me`) and on the Page's linked Instagram account (protocol.md §2.7).
  const isPage = node === 'me' || node === caller.pageId || node === platform.linkedAccountOf(caller.pageId);
  const files = request.files ?? [];

  if (edgeName === undefined) return readNode({ platform, caller, node, params, files, fail, answer }, node, method, isPage) ?? fail('unsupported_request', { method: method.toLowerCase(), node });
  if (!edge) {
    return notModelled(isPage ? fail('nonexisting_field', { field: edgeName, nodeType: 'Page' }) : fail('unknown_path', { path: `/${edgeName}` }), method, request.path);
  }
  // Edges a later generation added are unknown paths on a page that runs an older one (release under HOP v1);
  // the thread's account decides, which for an IGSID is the Page's Instagram account.
  if (platform.profileOf(threadAccount(platform, caller.pageId, params))?.missingEdges.includes(edge.name)) return fail('unknown_path', { path: `/${edgeName}` });
  // A page token acts for its own page only: another page id is "an object we cannot load".
  if (!isPage) return fail('unsupported_request', { method: method.toLowerCase(), node });

  const parsed = edge.params.safeParse(params);
  if (!parsed.success) return fail('invalid_parameter', { detail: describeParamIssue(parsed.error, params) });
  return edge.handle({ platform, caller, node, params: parsed.data, files, fail, answer });
}

/** The account of the thread a call's `recipient` names; the Page itself without one, or for a Page with one channel. */
function threadAccount(platform: Platform, pageId: string, params: Record<string, unknown>): string {
  if (platform.linkedAccountOf(pageId) === undefined) return pageId;
  const recipient = params['recipient'];
  const text = typeof recipient === 'string' || typeof recipient === 'number' ? String(recipient) : JSON.stringify(recipient ?? '');
  const id = /[0-9]+/.exec(text)?.[0];
  return id === undefined ? pageId : (platform.accountOf(pageId, id) ?? pageId);
}

/** `/{id}` alone: the page (or its Instagram account), one of its users, or one of its personas; undefined is Meta's unknown object. */
function readNode(ctx: EdgeContext<Record<string, unknown>>, id: string, method: string, isPage: boolean): GraphResponse | undefined {
  if (method === 'GET') return isPage ? readPage(ctx) : (readUserProfile(ctx, id) ?? readPersona(ctx, id));
  if (method === 'DELETE') return deletePersona(ctx, id);
  return undefined;
}
