import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { handleGraphRequest } from '../graph/dispatch.js';
import { failure } from '../graph/graph-request.js';
import type { Platform } from '../platform.js';
import { inspectorRouter } from '../inspector/inspector.routes.js';
import { adminRouter, type AdminOptions } from './admin.routes.js';
import { FORM_TYPE, JSON_TYPES, acceptedBodies, limitDepth, refuseForeignSites, refuseWhileStopping } from './guards.js';
import { HostPolicy, type LocalOnlyOptions } from './local-only.js';
import { ServerState } from './server-state.js';

/** Largest body accepted; Meta's own limits are far above anything the Handover Protocol sends. */
export const BODY_LIMIT = '1mb';

/** Largest multipart upload (`filedata`): Meta's limit for saved assets is 25 MB. */
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

export interface AppOptions extends AdminOptions {
  /** Which Host names and Origins are ours (loopback only by default). */
  hosts?: LocalOnlyOptions;
  /** Where a line naming a path that handover-sim does not model goes (default: console.warn). */
  log?: (line: string) => void;
}

/**
 * The fake Graph API as an express app: /__admin for the platform's side, every other path to the
 * Graph dispatcher. Malformed input of any kind gets Meta's error envelope, never a 5xx. The guards come
 * first and apply to every route, present and future: stopping, foreign sites, content types, depth.
 */
export function createApp(platform: Platform, options: AppOptions = {}): express.Express {
  const state = options.state ?? new ServerState();
  const log = options.log ?? ((line: string) => console.warn(line));
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // `recipient[id]=…` in a query string or form body is an object, as Meta reads it.
  app.set('query parser', 'extended');
  const isGraph = (req: Request) => !req.path.startsWith('/__');
  for (const guard of [refuseWhileStopping(state), refuseForeignSites(new HostPolicy(options.hosts)), acceptedBodies(isGraph)]) {
    app.use(guard(platform));
  }
  app.use(express.json({ limit: BODY_LIMIT, type: JSON_TYPES }));
  app.use(express.urlencoded({ limit: BODY_LIMIT, extended: true, type: (req) => isGraph(req as Request) && (req as Request).is(FORM_TYPE) !== false }));
  // Attachment uploads: multipart fields become the body, files stay in memory (only their names are kept).
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } }).any();
  app.use((req, res, next) => {
    // A multer or busboy failure is the client's malformed upload: a 4xx, never a 5xx.
    upload(req, res, (err?: unknown) => {
      if (err === undefined) return next();
      const error = err as Error & { code?: string; status?: number; type?: string };
      if (error.code === 'LIMIT_FILE_SIZE') error.type = 'entity.too.large';
      error.status ??= 400;
      next(error);
    });
  });
  app.use(limitDepth(platform));

  app.use('/__admin', adminRouter(platform, { ...options, state }));
  app.use('/__inspector', inspectorRouter(platform, options));

  app.use((req: Request, res: Response) => {
    const response = handleGraphRequest(platform, {
      method: req.method,
      path: req.path,
      query: req.query as Record<string, unknown>,
      body: req.body,
      authorization: req.get('authorization'),
      files: ((req.files ?? []) as Express.Multer.File[]).map((f) => ({ field: f.fieldname, filename: f.originalname, mimetype: f.mimetype, size: f.size })),
    });
    if (response.notModelled?.length) {
      res.set('x-handover-sim', 'not-modelled');
      for (const path of response.notModelled) log(`handover-sim: ${path} is not modelled by handover-sim (Meta's error answered)`);
    }
    res.status(response.status).json(response.body);
  });

  // Body parser failures (bad JSON, too large, bad charset) arrive here: answer them as Meta does. Anything
  // else is a bug in a route: that one request fails with Meta's "unknown error", and the incident is kept.
  app.use((err: Error & { type?: string; status?: number }, req: Request, res: Response, _next: NextFunction) => {
    const { status, body } =
      err.type === 'entity.too.large'
        ? failure(platform, 'body_too_large')
        : err.status !== undefined && err.status < 500
          ? failure(platform, 'invalid_parameter', { detail: `The request body could not be read: ${err.message}` })
          : failure(platform, 'unknown_error');
    if (status >= 500) {
      // the path without its query string: an access token must not end up in the incident log
      state.incidents.push({ time: platform.clock.now(), where: `${req.method} ${req.originalUrl.split('?')[0]}`, error: err.stack ?? String(err) });
      console.error(err);
    }
    if (res.headersSent) return void res.destroy();
    res.status(status).json(body);
  });
  return app;
}
