import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { MESSAGE_TEXT_MAX_LENGTH } from '../../machines/platform/limits.js';
import type { GraphErrorKey } from '../graph-errors.js';
import { NUMERIC_ID } from '../world/world.schema.js';
import { describeParamIssue } from '../graph/params.js';
import { answerOutcome, failure, type GraphResponse } from '../graph/graph-request.js';
import type { Outcome, Platform } from '../platform.js';
import { DELIVERY_STATES, type DeliveryRecord } from '../webhooks/delivery-log.js';
import { deletionInput, reactionInput, readInput, referralInput, userInput } from '../user-input.schema.js';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import type { LogPage } from '../retained-log.js';
import type { ServerState } from './server-state.js';
import { streamJson } from './stream-json.js';

/**
 * /__admin: the platform's own side (users writing, the Page Inbox's buttons, a Page admin's roles)
 * and a window into its state. Each route parses, calls the platform, serializes.
 */
const psid = z.string().regex(NUMERIC_ID, 'must be a numeric PSID');
const appId = z.string().regex(NUMERIC_ID, 'must be a numeric app id');

const clockInput = z.strictObject({ advanceMs: z.number().int().nonnegative().max(366 * 86_400_000) });

const rolesInput = z.strictObject({
  primary: appId.nullable(),
  secondary: z.array(appId),
});

/** `?after=SEQ&limit=N`: SEQ is the sequence number of the last entry already read (-1: from the start). */
const MAX_PAGE = 10_000;
const paging = {
  after: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
};
const eventsQuery = z.strictObject(paging);

const deliveriesQuery = z.strictObject({
  state: z.enum(DELIVERY_STATES).optional(),
  app: appId.optional(),
  page: z.string().regex(NUMERIC_ID, 'must be a numeric page id').optional(),
  ...paging,
});

/** What serveLog needs of a log: pages after a sequence number, and its counters. */
interface DumpableLog<T> {
  page(after: number, limit: number): LogPage<T>;
  readonly total: number;
  readonly dropped: number;
}

/** A streamed dump's entries, read one at a time from the log as they are written. */
function* pageEntries<T>(read: (after: number) => LogPage<T>, limit: number, until: number, withSeq: (seq: number, entry: T) => unknown): Generator<unknown> {
  let after = -1;
  let left = limit;
  for (;;) {
    const { entries, next } = read(after);
    for (const { seq, entry } of entries) {
      // Entries appended while the dump streams are left for the next read: a dump always ends.
      if (left-- <= 0 || seq >= until) return;
      yield withSeq(seq, entry);
    }
    if (entries.length === 0 || next === after) return;
    after = next;
  }
}

export interface AdminOptions {
  /** Webhook delivery, when this server sends webhooks; without it the delivery routes answer 404. */
  dispatcher?: WebhookDispatcher;
  /** Stopping flag and incidents, shared with the server (one of its own without it). */
  state?: ServerState;
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

  const withSeq = <T extends object>(seq: number, entry: T) => ({ seq, ...entry });

  /**
   * A log as the admin routes serve it, in three shapes: the whole kept log as {"NAME":[…],…tail} (streamed);
   * a page with sequence numbers (?after=&limit=); or NDJSON, one {"seq":…} per line (Accept:
   * application/x-ndjson), any size. Entries added while a dump streams are left for the next read.
   */
  const serveLog = async <T extends object>(req: Request, res: Response, name: string, log: DumpableLog<T>, paging: { after?: number; limit?: number }, tail = '') => {
    const { after, limit } = paging;
    const end = log.total;
    if (req.accepts(['application/json', 'application/x-ndjson']) === 'application/x-ndjson') {
      const items = pageEntries((from) => log.page(Math.max(from, after ?? -1), 1_000), limit ?? Infinity, end, withSeq);
      return streamJson(res, { format: 'ndjson', items });
    }
    if (after === undefined && limit === undefined) {
      const items = pageEntries((from) => log.page(from, 1_000), Infinity, end, (_seq, entry) => entry);
      return streamJson(res, { format: 'json', head: `{"${name}":[`, items, tail: () => `]${tail}}` });
    }
    const page = log.page(after ?? -1, limit ?? 1_000);
    res.json({ [name]: page.entries.map(({ seq, entry }) => withSeq(seq, entry)), next: page.next, total: log.total, dropped: log.dropped });
  };

  // Cheap on purpose: counters only, so it answers at once even while a dump streams.
  router.get('/health', (_req, res) => {
    const log = platform.eventLog;
    res.json({
      status: 'ok',
      events: { total: log.total, retained: log.size, dropped: log.dropped },
      ...(dispatcher && { deliveries: dispatcher.deliveryCounts() }),
      incidents: options.state?.incidents.total ?? 0,
    });
  });

  router.get('/incidents', (_req, res) => {
    res.json({ incidents: options.state?.incidents.toArray() ?? [] });
  });

  /** A Page, or its Instagram account, as the admin lists it. */
  const accountView = (id: string) => {
    const view = platform.pageView(id)!;
    return {
      id,
      handoverActive: platform.handoverActive(id),
      roles: { primary: view.roles.primary, secondary: view.roles.secondaries },
      apps: view.apps.map((appId) => ({ id: appId, name: platform.appName(id, appId) })),
      users: platform.users(id),
    };
  };

  router.get('/pages', (_req, res) => {
    res.json({
      pages: platform.pageIds().map((id) => {
        // A Page's linked Instagram account is listed with it (its id is the `:page` of the routes below).
        const linked = platform.linkedAccountOf(id);
        return linked === undefined ? accountView(id) : { ...accountView(id), instagram: accountView(linked) };
      }),
    });
  });

  router.post('/pages/:page/users/:psid/messages', (req, res) => {
    const input = parse(req, res, userInput);
    if (input === undefined) return;
    answer(res, platform.userWrites(param(req, 'page'), param(req, 'psid'), input), ({ mid, routes }) => ({ mid, routes }));
  });

  // The fake's clock: read it, or move it forward so that a day's expiry happens in a millisecond.
  router.get('/clock', (_req, res) => {
    res.json({ now: platform.clock.now() });
  });

  router.post('/clock', (req, res) => {
    const input = parse(req, res, clockInput);
    if (input === undefined) return;
    res.json({ now: platform.advanceClock(input.advanceMs) });
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

  // Instagram: the person reacts to a message (or takes the reaction back), or unsends one of theirs.
  router.post('/pages/:page/users/:psid/reactions', (req, res) => {
    const input = parse(req, res, reactionInput);
    if (input === undefined) return;
    answer(res, platform.userReacts(param(req, 'page'), param(req, 'psid'), input), ({ routes }) => ({ routes }));
  });

  router.post('/pages/:page/users/:psid/deleted-messages', (req, res) => {
    const input = parse(req, res, deletionInput);
    if (input === undefined) return;
    answer(res, platform.userDeletes(param(req, 'page'), param(req, 'psid'), input.mid), ({ routes }) => ({ routes }));
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

  router.get('/events', async (req, res) => {
    const query = eventsQuery.safeParse(req.query);
    if (!query.success) return void fail(res, 'invalid_parameter', describeParamIssue(query.error, req.query));
    await serveLog(req, res, 'events', platform.eventLog, query.data);
  });

  router.get('/deliveries', async (req, res) => {
    if (!dispatcher) return void fail(res, 'admin_not_found', 'Webhook delivery is not running on this server');
    const query = deliveriesQuery.safeParse(req.query);
    if (!query.success) return void fail(res, 'invalid_parameter', describeParamIssue(query.error, req.query));
    const { state, app, page, ...paging } = query.data;
    const filter = { ...(state && { state }), ...(app && { appId: app }), ...(page && { pageId: page }) };
    const log: DumpableLog<DeliveryRecord> = {
      page: (after, limit) => dispatcher.deliveriesPage(after, limit, filter),
      get total() { return dispatcher.deliveryCounts().total; },
      get dropped() { return dispatcher.deliveryCounts().dropped; },
    };
    await serveLog(req, res, 'deliveries', log, paging, `,"subscriptions":${JSON.stringify(dispatcher.subscriptions())}`);
  });

  router.post('/apps/:app/verify', async (req, res) => {
    if (parse(req, res, z.looseObject({})) === undefined) return;
    if (!dispatcher) return void fail(res, 'admin_not_found', 'Webhook delivery is not running on this server');
    const app = param(req, 'app');
    const accounts = platform.pageIds().flatMap((id) => [id, ...(platform.linkedAccountOf(id) === undefined ? [] : [platform.linkedAccountOf(id)!])]);
    const pages = accounts.filter((pageId) => platform.app(pageId, app)?.webhook);
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
