import { readFileSync } from 'node:fs';
import express, { type Response } from 'express';
import { failure } from '../graph/graph-request.js';
import type { Platform } from '../platform.js';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { recordTimeline } from './recorder.js';
import { sequenceSvg } from './sequence-svg.js';
import { participantsOf } from './timeline.js';

/**
 * /__inspector: a live page over the platform (pages, apps and roles, every thread and its owner, a
 * thread's timeline as a sequence diagram), its JSON, and a server-sent event stream that tells the page
 * when to refresh. Everything is served from here: the page loads nothing from the internet.
 */
export interface InspectorOptions {
  dispatcher?: WebhookDispatcher;
}

const PAGE_HTML = readFileSync(new URL('./inspector.html', import.meta.url), 'utf8');
/** How often delivery states are compared while a page listens (the dispatcher has no change listener to join). */
const DELIVERY_POLL_MS = 250;
const KEEPALIVE_MS = 15_000;

export interface InspectorState {
  webhooks: boolean;
  pages: {
    id: string;
    name: string;
    handoverActive: boolean;
    apps: { id: string; name: string; role: 'primary' | 'secondary' | null }[];
    threads: { psid: string; name: string; owner: string | null; ownerName: string | null; state: string }[];
  }[];
}

export function inspectorState(platform: Platform, webhooks: boolean): InspectorState {
  return {
    webhooks,
    pages: platform.pageIds().map((pageId) => {
      const view = platform.pageView(pageId)!;
      return {
        id: pageId,
        name: platform.world.pages.find((p) => p.id === pageId)?.name ?? pageId,
        handoverActive: platform.handoverActive(pageId),
        apps: view.apps.map((id) => ({ id, name: platform.appName(pageId, id), role: platform.roleOf(pageId, id) })),
        threads: platform.threads(pageId).map((t) => ({
          psid: t.psid,
          name: platform.userName(pageId, t.psid) ?? `User ${t.psid}`,
          owner: t.owner,
          ownerName: t.owner === null ? null : platform.appName(pageId, t.owner),
          state: typeof t.value === 'string' ? t.value : JSON.stringify(t.value),
        })),
      };
    }),
  };
}

export function inspectorRouter(platform: Platform, options: InspectorOptions = {}): express.Router {
  const { dispatcher } = options;
  const recorder = recordTimeline(platform, dispatcher ? { dispatcher } : {});
  const router = express.Router();
  const notFound = (res: Response, detail: string) => {
    const { status, body } = failure(platform, 'admin_not_found', { detail });
    res.status(status).json(body);
  };

  router.get('/', (_req, res) => {
    res.type('html').send(PAGE_HTML);
  });

  router.get('/state', (_req, res) => {
    res.json(inspectorState(platform, dispatcher !== undefined));
  });

  router.get('/threads/:page/:psid', (req, res) => {
    const pageId = String(req.params.page);
    const psid = String(req.params.psid);
    if (!platform.hasPage(pageId) || !platform.threads(pageId).some((t) => t.psid === psid)) {
      return notFound(res, `Unknown thread ${pageId}/${psid}`);
    }
    const participants = participantsOf(platform, pageId, psid);
    const steps = recorder.steps({ pageId, psid });
    res.json({ pageId, psid, participants, steps, svg: sequenceSvg(participants, steps) });
  });

  // Server-sent events: one `change` per burst of steps or delivery updates; the page then refetches.
  const clients = new Set<Response>();
  let scheduled = false;
  let version = 0;
  const broadcast = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      version += 1;
      for (const res of clients) res.write(`event: change\ndata: ${JSON.stringify({ version })}\n\n`);
    });
  };
  recorder.onChange(() => {
    if (clients.size) broadcast();
  });
  let poll: NodeJS.Timeout | undefined;
  let lastDeliveries = '';
  const deliverySignature = () => (dispatcher?.deliveries() ?? []).map((d) => `${d.state}${d.attempts.length}`).join();

  router.get('/events', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ version })}\n\n`);
    clients.add(res);
    if (dispatcher && !poll) {
      lastDeliveries = deliverySignature();
      poll = setInterval(() => {
        const now = deliverySignature();
        if (now !== lastDeliveries) {
          lastDeliveries = now;
          broadcast();
        }
      }, DELIVERY_POLL_MS);
      poll.unref();
    }
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    req.on('close', () => {
      clearInterval(keepalive);
      clients.delete(res);
      if (clients.size === 0 && poll) {
        clearInterval(poll);
        poll = undefined;
      }
    });
  });

  router.all('/*splat', (req, res) => {
    notFound(res, `Unknown inspector route ${req.method} ${req.baseUrl}${req.path}`);
  });
  return router;
}
