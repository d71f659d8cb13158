import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { graphError } from '../graph-errors.js';
import { handleGraphRequest } from '../graph/dispatch.js';
import type { Platform } from '../platform.js';
import { inspectorRouter } from '../inspector/inspector.routes.js';
import { adminRouter, type AdminOptions } from './admin.routes.js';

/** Largest body accepted; Meta's own limits are far above anything the Handover Protocol sends. */
export const BODY_LIMIT = '1mb';

/** Largest multipart upload (`filedata`): Meta's limit for saved assets is 25 MB. */
export const UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;

export interface AppOptions extends AdminOptions {
  /** Where a line naming a path that handover-sim does not model goes (default: console.warn). */
  log?: (line: string) => void;
}

/**
 * The fake Graph API as an express app: /__admin for the platform's side, every other path to the
 * Graph dispatcher. Malformed input of any kind gets Meta's error envelope, never a 5xx.
 */
export function createApp(platform: Platform, options: AppOptions = {}): express.Express {
  const log = options.log ?? ((line: string) => console.warn(line));
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // `recipient[id]=…` in a query string or form body is an object, as Meta reads it.
  app.set('query parser', 'extended');
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ limit: BODY_LIMIT, extended: true }));
  // Some clients post JSON as text/plain; read it as JSON when it is.
  app.use(express.text({ limit: BODY_LIMIT, type: 'text/*' }));
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
  app.use((req, _res, next) => {
    if (typeof req.body === 'string') {
      try {
        req.body = req.body.trim() === '' ? undefined : JSON.parse(req.body);
      } catch {
        req.body = undefined;
      }
    }
    next();
  });

  app.use('/__admin', adminRouter(platform, options));
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

  // Body parser failures (bad JSON, too large, bad charset) arrive here: answer them as Meta does.
  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const fbtrace = platform.ids.fbtraceId();
    const { status, body } =
      err.type === 'entity.too.large'
        ? graphError('body_too_large', fbtrace)
        : err.status !== undefined && err.status < 500
          ? graphError('invalid_parameter', fbtrace, { detail: `The request body could not be read: ${err.message}` })
          : { status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, fbtrace_id: fbtrace } } };
    if (status >= 500) console.error(err);
    res.status(status).json(body);
  });
  return app;
}
