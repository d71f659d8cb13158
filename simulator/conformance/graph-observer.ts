import express, { type Request, type Response } from 'express';
import { tokenOf } from '../../fake-graph-api/graph/dispatch.js';
import { passParams, threadOwnerParams } from '../../fake-graph-api/graph/params.js';
import type { AdminOptions } from '../../fake-graph-api/http/admin.routes.js';
import { createApp } from '../../fake-graph-api/http/create-app.js';
import type { Platform } from '../../fake-graph-api/platform.js';

/**
 * The fake Graph API as the bot under test sees it, with an observer in front: every Graph call is
 * recorded with its answer (the Platform decides the answer; the observer only writes it down). A bot's
 * `POST /{page}/subscribed_apps` goes to the real edge, which changes what the bot hears as in production;
 * the observer notes the fields it set. Calls in flight are counted, so the runner can tell when the bot
 * has gone quiet.
 */
export interface ObservedCall {
  seq: number;
  /** Wall clock, epoch ms, when the answer was written. */
  at: number;
  method: string;
  path: string;
  /** Last path segment: `messages`, `pass_thread_control`, `subscribed_apps`, … */
  edge: string;
  /** The app the access token belongs to (null: no or unknown token). */
  appId: string | null;
  /** The thread the call is about, when it names one. */
  psid: string | null;
  params: Record<string, unknown>;
  status: number;
  response: unknown;
}

export interface GraphObserver {
  app: express.Express;
  calls: ObservedCall[];
  /** Fields named by the bot's last `subscribed_apps` call; undefined when it made none. */
  subscribedFields: string[] | undefined;
  inFlight: number;
  lastActivity: number;
  onActivity?: () => void;
  /** Told each call as it is recorded. */
  onCall?: (call: ObservedCall) => void;
}

/** The PSID a call names, read with the Graph API's own parameter schemas. */
function psidOf(edge: string, params: Record<string, unknown>): string | null {
  if (edge === 'thread_owner') {
    const parsed = threadOwnerParams.safeParse(params);
    return parsed.success ? parsed.data.recipient : null;
  }
  const parsed = passParams.safeParse(params);
  return parsed.success ? parsed.data.recipient.id : null;
}

export function observedGraphApp(platform: Platform, adminOptions: AdminOptions = {}): GraphObserver {
  const observer: GraphObserver = { app: express(), calls: [], subscribedFields: undefined, inFlight: 0, lastActivity: Date.now() };
  const touch = () => {
    observer.lastActivity = Date.now();
    observer.onActivity?.();
  };
  const record = (req: Request, status: number, response: unknown) => {
    const params: Record<string, unknown> = { ...(req.query as Record<string, unknown>), ...(isObject(req.body) ? req.body : {}) };
    const edge = req.path.split('/').filter(Boolean).pop() ?? '';
    const token = tokenOf(params, req.get('authorization'));
    const caller = token === undefined ? undefined : platform.authenticate(token);
    if (edge === 'subscribed_apps' && req.method === 'POST' && status === 200 && caller) {
      observer.subscribedFields = [...(platform.assets.subscription(caller.pageId, caller.appId) ?? [])];
    }
    const call: ObservedCall = {
      seq: observer.calls.length,
      at: Date.now(),
      method: req.method,
      path: req.path,
      edge,
      appId: caller?.appId ?? null,
      psid: psidOf(edge, params),
      params,
      status,
      response,
    };
    observer.calls.push(call);
    observer.onCall?.(call);
  };

  const app = observer.app;
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use((req: Request, res: Response, next) => {
    if (req.path.startsWith('/__')) return next();
    observer.inFlight++;
    touch();
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      record(req, res.statusCode, body);
      return json(body);
    };
    res.on('close', () => {
      observer.inFlight--;
      touch();
    });
    next();
  });
  app.use(createApp(platform, adminOptions));
  return observer;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
