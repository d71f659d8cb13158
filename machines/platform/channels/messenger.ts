import { PAGE_INBOX_APP_ID } from '../ids.js';
import { PROFILE_NAMES } from '../profile-names.js';
import { WEBHOOK_FIELDS, type RoutingField } from '../routing.js';
import type { ChannelSpec } from './channel.js';

/**
 * Messenger, the Facebook Page's own channel: what handover-sim always modelled. Every value here is the
 * one the platform used before channels existed, so a Messenger world behaves exactly as it did.
 */
export const MESSENGER: ChannelSpec = {
  name: 'messenger',
  label: 'Messenger',
  webhookObject: 'page',
  accountKind: 'Page',
  userIdName: 'PSID',
  inbox: { appId: PAGE_INBOX_APP_ID, name: 'Page Inbox' },
  // The Page Inbox is installed only when the world lists it or a role change names it (docs/choices.md).
  inboxAlwaysConnected: false,
  protocols: PROFILE_NAMES,
  defaultProtocol: null,
  webhookFields: WEBHOOK_FIELDS,
  fieldAliases: Object.fromEntries(WEBHOOK_FIELDS.map((f) => [f, [f] as readonly RoutingField[]])),
  refusals: {},
  features: {
    personas: true,
    deliveryReports: true,
    getStarted: true,
    messengerProfileFields: ['get_started', 'greeting', 'persistent_menu', 'ice_breakers', 'whitelisted_domains'],
    menuNeedsGetStarted: true,
    // Messenger has reactions too, but the fake has never modelled them there; unchanged on purpose.
    reactions: false,
    stories: false,
    shares: false,
    deletedMessages: false,
  },
  userProfile: {
    fields: ['name', 'first_name', 'last_name', 'profile_pic', 'locale', 'timezone', 'gender'],
    defaultFields: ['first_name', 'last_name', 'profile_pic'],
    nodeType: 'User',
  },
  multiAppStatusKey: 'msgr_multi_app',
  linkReferralSource: 'SHORTLINK',
  readReceipt: 'watermark',
};
