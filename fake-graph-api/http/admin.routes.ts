import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { MESSAGE_TEXT_MAX_LENGTH } from '../../machines/platform/limits.js';
import type { GraphErrorKey } from '../graph-errors.js';
import { NUMERIC_ID } from '../world/world.schema.js';
import { describeParamIssue } from '../graph/params.js';
import { answerOutcome, failure, type GraphResponse } from '../graph/graph-request.js';
import type { Outcome, Platform } from '../platform.js';
import { DELIVERY_STATES } from '../webhooks/delivery-log.js';
import { readInput, referralInput, userInput } from '../user-input.schema.js';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';

/**
 * /__admin: the platform's own side (users writing, the Page Inbox's buttons, a Page admin's roles)
 * and a window into its state. Each route parses, calls the platform, serializes.
 */
const psid = z.string().regex(NUMERIC_ID, 'must be a numeric PSID');
const appId = z.string().regex(NUMERIC_ID, 'must be a numeric app id');

const rolesInput = z.strictObject({
  primary: appId.nullable(),
  secondary: z.array(appId),
});

const deliveriesQuery = z.strictObject({
  state: z.enum(DELIVERY_STATES).optional(),
  app: appId.optional(),
  page: z.string().regex(NUMERIC_ID, 'must be a numeric page id').optional(),
});

export interface AdminOptions {
  /** Webhook delivery, when this server sends webhooks; without it the delivery routes answer 404. */
  dispatcher?: WebhookDispatcher;
}

export function adminRouter(platform: Platform, options: AdminOptions = {}): express.Router {
  const { dispatcher } = options;
  const router = express.Router();

  const send = (res: Response, { status, body }: GraphResponse) => void res.status(status).json(body);
  const fail = (res: Response, key: GraphErrorKey, detail = '') => send(res, failure(platform, key, { detail }));
  const answer = <T>(res: Response, outcome: Outcome<T>, serialize: (value: T) => unknown) => send(res, answerOutcome(platform, outcome, serialize));
  /** Validates path ids and the body; answers the error itself and returns undefined when they are bad. */
  const parse = <S extends z.ZodType>(req: Request, res: Response, schema: S): z.output<S> | undefined => {
    for (const [name, value] of Object.entries(req.params)) {
      const check = name === 'psid' ? psid.safeParse(value) : z.string().regex(/^[0-9]+$/).safeParse(value);
      if (!check.success) return void fail(res, 'admin_not_found', `Unknown ${name} ${String(value)}`);
    }
    const body = req.body ?? {};
    const result = schema.safeParse(body);
    if (!result.success) return void fail(res, 'invalid_parameter', describeParamIssue(result.error, body));
    return result.data;
  };
  const param = (req: Request, name: string) => String(req.params[name]);
  const success = () => ({ success: true });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/pages', (_req, res) => {
    res.json({
      pages: platform.pageIds().map((id) => {
        const view = platform.pageView(id)!;
        return {
          id,
          handoverActive: platform.handoverActive(id),
          roles: { primary: view.roles.primary, secondary: view.roles.secondaries },
          apps: view.apps.map((appId) => ({ id: appId, name: platform.appName(id, appId) })),
          users: platform.users(id),
        };
      }),
    });
  });

  router.post('/pages/:page/users/:psid/messages', (req, res) => {
    const input = parse(req, res, userInput);
    if (input === undefined) return;
    answer(res, platform.userWrites(param(req, 'page'), param(req, 'psid'), input), ({ mid, routes }) => ({ mid, routes }));
  });

  // The user opens the thread again from an m.me link or an ad: `messaging_referrals`.
  router.post('/pages/:page/users/:psid/referrals', (req, res) => {
    const input = parse(req, res, referralInput);
    if (input === undefined) return;
    answer(res, platform.userArrives(param(req, 'page'), param(req, 'psid'), input), ({ routes }) => ({ routes }));
  });

  // The user's Messenger reports the page's messages read (`message_reads`) or delivered (`message_deliveries`).
  router.post('/pages/:page/users/:psid/reads', (req, res) => {
    const input = parse(req, res, readInput);
    if (input === undefined) return;
    answer(res, platform.userReads(param(req, 'page'), param(req, 'psid'), input.watermark), (read) => read);
  });

  router.post('/pages/:page/users/:psid/deliveries', (req, res) => {
    if (parse(req, res, z.strictObject({})) === undefined) return;
    answer(res, platform.messagesDelivered(param(req, 'page'), param(req, 'psid')), (delivered) => delivered);
  });

  // The user taps Get Started on the welcome screen: the configured payload arrives as a postback.
  router.post('/pages/:page/users/:psid/get-started', (req, res) => {
    const input = parse(req, res, z.strictObject({ app: appId.optional() }));
    if (input === undefined) return;
    answer(res, platform.tapsGetStarted(param(req, 'page'), param(req, 'psid'), input.app), ({ mid, routes }) => ({ mid, routes }));
  });

  router.post('/pages/:page/inbox/:psid/done', (req, res) => {
    if (parse(req, res, z.looseObject({})) === undefined) return;
    answer(res, platform.inboxDone(param(req, 'page'), param(req, 'psid')), success);
  });

  router.post('/pages/:page/inbox/:psid/move-to-inbox', (req, res) => {
    if (parse(req, res, z.looseObject({})) === undefined) return;
    answer(res, platform.inboxMoveToInbox(param(req, 'page'), param(req, 'psid')), success);
  });

  // A human replies from the Page Inbox: a send by app 263902037430900, under the same ownership rule.
  router.post('/pages/:page/inbox/:psid/reply', (req, res) => {
    const input = parse(req, res, z.strictObject({ text: z.string().min(1).max(MESSAGE_TEXT_MAX_LENGTH) }));
    if (input === undefined) return;
    answer(res, platform.inboxReply(param(req, 'page'), param(req, 'psid'), input.text), (sent) => sent);
  });

  router.put('/pages/:page/roles', (req, res) => {
    const roles = parse(req, res, rolesInput);
    if (roles === undefined) return;
    answer(res, platform.setRoles(param(req, 'page'), roles.primary, roles.secondary), success);
  });

  router.get('/pages/:page/threads/:psid', (req, res) => {
    if (parse(req, res, z.any()) === undefined) return;
    answer(res, platform.thread(param(req, 'page'), param(req, 'psid')), (thread) => thread);
  });

  router.get('/events', (_req, res) => {
    res.json({ events: platform.events() });
  });

  router.get('/deliveries', (req, res) => {
    if (!dispatcher) return void fail(res, 'admin_not_found', 'Webhook delivery is not running on this server');
    const query = deliveriesQuery.safeParse(req.query);
    if (!query.success) return void fail(res, 'invalid_parameter', describeParamIssue(query.error, req.query));
    const { state, app, page } = query.data;
    res.json({
      deliveries: dispatcher.deliveries({ ...(state && { state }), ...(app && { appId: app }), ...(page && { pageId: page }) }),
      subscriptions: dispatcher.subscriptions(),
    });
  });

  router.post('/apps/:app/verify', async (req, res) => {
    if (parse(req, res, z.looseObject({})) === undefined) return;
    if (!dispatcher) return void fail(res, 'admin_not_found', 'Webhook delivery is not running on this server');
    const app = param(req, 'app');
    const pages = platform.pageIds().filter((pageId) => platform.app(pageId, app)?.webhook);
    if (pages.length === 0) return void fail(res, 'admin_not_found', `No app ${app} with a webhook`);
    res.json({ results: await Promise.all(pages.map((pageId) => dispatcher.verify(pageId, app))) });
  });

  router.post('/reset', (_req, res) => {
    platform.reset();
    dispatcher?.reset();
    res.json(success());
  });

  router.all('/{*splat}', (req, res) => {
    fail(res, 'admin_not_found', `Unknown admin route ${req.method} ${req.baseUrl}${req.path}`);
  });

  return router;
}
