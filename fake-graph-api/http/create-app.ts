import express, { type NextFunction, type Request, type Response } from 'express';
import { graphError } from '../graph-errors.js';
import { handleGraphRequest } from '../graph/dispatch.js';
import type { Platform } from '../platform.js';
import { inspectorRouter } from '../inspector/inspector.routes.js';
import { adminRouter, type AdminOptions } from './admin.routes.js';

/** Largest body accepted; Meta's own limits are far above anything the Handover Protocol sends. */
export const BODY_LIMIT = '1mb';

/**
 * The fake Graph API as an express app: /__admin for the platform's side, every other path to the
 * Graph dispatcher. Malformed input of any kind gets Meta's error envelope, never a 5xx.
 */
export function createApp(platform: Platform, options: AdminOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // `recipient[id]=…` in a query string or form body is an object, as Meta reads it.
  app.set('query parser', 'extended');
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ limit: BODY_LIMIT, extended: true }));
  // Some clients post JSON as text/plain; read it as JSON when it is.
  app.use(express.text({ limit: BODY_LIMIT, type: 'text/*' }));
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
    });
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
