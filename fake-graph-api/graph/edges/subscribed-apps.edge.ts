import { z } from 'zod';
import { WEBHOOK_FIELDS } from '../../../machines/platform/index.js';
import { defineEdge } from '../graph-request.js';
import { nameList } from '../params.js';

/**
 * POST|GET|DELETE /{page-id}/subscribed_apps
 * (https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps): the calling app
 * subscribes the page to `subscribed_fields` (required), reads every app's subscription, or unsubscribes.
 * The world's webhook fields are the starting state; what the app sets here is what it hears from then on
 * (unsubscribe `standby` and the app is deaf on standby, as in production). Answers `{"success":true}`;
 * GET `{"data":[{"name","id","subscribed_fields":[…]}]}`.
 */
/**
 * Every Messenger webhook field a page can be subscribed to
 * (https://developers.facebook.com/docs/messenger-platform/webhooks#event-notifications), those this fake
 * delivers (WEBHOOK_FIELDS) and those it accepts and keeps but never sends, so that a bot subscribing to
 * its usual list at start-up is not refused.
 */
export const PAGE_WEBHOOK_FIELDS: readonly string[] = [...new Set<string>([
  ...WEBHOOK_FIELDS,
  'messages', 'message_echoes', 'message_deliveries', 'message_reads', 'message_reactions', 'message_edits',
  'messaging_postbacks', 'messaging_optins', 'messaging_optouts', 'messaging_referrals', 'messaging_handovers',
  'messaging_policy_enforcement', 'messaging_account_linking', 'messaging_game_plays', 'messaging_feedback',
  'messaging_customer_information', 'messaging_payments', 'messaging_pre_checkouts', 'messaging_checkout_updates',
  'standby', 'response_feedback', 'send_cart', 'inbox_labels', 'feed', 'mention',
])];

const subscribedFields = nameList.pipe(
  z.array(z.string().refine((f) => PAGE_WEBHOOK_FIELDS.includes(f), `must be one of {${PAGE_WEBHOOK_FIELDS.join(', ')}}`)).min(1),
);

/** POST sets the calling app's fields, DELETE sets none: both answer `{"success":true}`. */
const setSubscription = <S extends z.ZodType>(method: 'POST' | 'DELETE', params: S, fieldsOf: (params: z.output<S>) => readonly string[]) =>
  defineEdge({
    method,
    name: 'subscribed_apps',
    params,
    handle: ({ platform, caller, params: p }) => {
      platform.subscribe(caller.pageId, caller.appId, [...new Set(fieldsOf(p))]);
      return { status: 200, body: { success: true } };
    },
  });

export const subscribeAppEdge = setSubscription('POST', z.looseObject({ subscribed_fields: subscribedFields }), (p) => p.subscribed_fields);
export const unsubscribeAppEdge = setSubscription('DELETE', z.looseObject({}), () => []);

export const listSubscribedAppsEdge = defineEdge({
  method: 'GET',
  name: 'subscribed_apps',
  params: z.looseObject({}),
  handle: ({ platform, caller }) => {
    const pageId = caller.pageId;
    // Apps with a webhook: the Page Inbox and webhook-less apps are played by the fake and subscribe to nothing.
    const data = platform.pageView(pageId)!.apps
      .filter((appId) => platform.app(pageId, appId)?.webhook !== undefined || platform.assets.subscription(pageId, appId) !== undefined)
      .map((appId) => ({ name: platform.appName(pageId, appId), id: appId, subscribed_fields: [...(platform.assets.subscription(pageId, appId) ?? platform.subscribedFields(pageId, appId))] }))
      .filter((app) => app.subscribed_fields.length > 0);
    return { status: 200, body: { data } };
  },
});
