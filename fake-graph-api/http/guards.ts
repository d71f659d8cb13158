import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { failure } from '../graph/graph-request.js';
import type { Platform } from '../platform.js';
import { MAX_JSON_DEPTH, jsonDepth } from './json-depth.js';
import { foreignRequest, type HostPolicy } from './local-only.js';
import type { ServerState } from './server-state.js';

/**
 * The middleware that stands before every route, so that routes added later are protected without a
 * line of their own: stopping, foreign sites, content types, nesting depth.
 */
type Guard = (platform: Platform) => RequestHandler;

const refuse = (platform: Platform, res: Response, key: Parameters<typeof failure>[1], vars: Record<string, string> = {}) => {
  const { status, body } = failure(platform, key, vars);
  res.status(status).json(body);
};

/** While `serve` stops, nothing new is accepted: no event can be produced that the stop report would miss. */
export const refuseWhileStopping = (state: ServerState): Guard => (platform) => (_req, res, next) => {
  if (!state.stopping) return next();
  res.setHeader('Connection', 'close');
  refuse(platform, res, 'server_stopping');
};

export const refuseForeignSites = (policy: HostPolicy): Guard => (platform) => (req, res, next) => {
  const foreign = foreignRequest(policy, req.headers as Record<string, string | undefined>);
  if (foreign === undefined) return next();
  if (foreign.kind === 'foreign_host') refuse(platform, res, 'foreign_host', { host: foreign.host, allowed: policy.describe() });
  else refuse(platform, res, 'foreign_origin', { origin: foreign.origin });
};

export const JSON_TYPES = ['application/json', 'application/*+json'];
export const FORM_TYPE = 'application/x-www-form-urlencoded';
export const MULTIPART_TYPE = 'multipart/form-data';

/**
 * A body must be JSON (or, on the Graph API, form fields and multipart uploads, as Meta accepts them).
 * `text/plain` and the rest are refused rather than guessed at: text/plain is what a cross-site "simple"
 * request sends without a preflight, and reading it as JSON is what let any web page drive the fake.
 * (Forms and multipart from a browser carry its Origin, which refuseForeignSites checks.)
 */
export const acceptedBodies = (formToo: (req: Request) => boolean): Guard => (platform) => (req, res, next) => {
  // No Content-Type: nothing is parsed (the body stays undefined); a browser's typeless POST still carries its Origin.
  if (req.headers['content-type'] === undefined) return next();
  const accepted = formToo(req) ? [...JSON_TYPES, FORM_TYPE, MULTIPART_TYPE] : JSON_TYPES;
  if (req.is(accepted) !== false) return next(); // null: a Content-Type but no body at all
  refuse(platform, res, 'unsupported_content_type', {
    type: req.headers['content-type'] ?? '(none)',
    accepted: formToo(req) ? `application/json, ${FORM_TYPE} or ${MULTIPART_TYPE}` : 'application/json',
  });
};

/** Refuses bodies nested deeper than MAX_JSON_DEPTH, before anything can record or serialize them. */
export const limitDepth: Guard = (platform) => (req: Request, res: Response, next: NextFunction) => {
  if (req.body === null || typeof req.body !== 'object' || jsonDepth(req.body) <= MAX_JSON_DEPTH) return next();
  refuse(platform, res, 'body_too_deep', { max: String(MAX_JSON_DEPTH) });
};
