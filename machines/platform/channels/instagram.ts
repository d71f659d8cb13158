import type { RoutingField } from '../routing.js';
import type { ChannelSpec } from './channel.js';

/** The Instagram Inbox, Meta's own inbox app for Instagram threads (protocol.md §4.1; S12, S13, S23). */
export const INSTAGRAM_INBOX_APP_ID = '1217981644879628';

/**
 * The webhook fields of the `instagram` object for messaging, as Meta's "Webhooks for Instagram Messaging"
 * lists them (S60: message_reactions, messages, messaging_postbacks, messaging_seen, messaging_referral,
 * standby) and the Graph webhooks reference for the instagram object (S63: messaging_handover).
 */
export const INSTAGRAM_WEBHOOK_FIELDS = [
  'messages',
  'messaging_postbacks',
  'messaging_seen',
  'message_reactions',
  'messaging_referral',
  'messaging_handover',
  'standby',
] as const;
export type InstagramWebhookField = (typeof INSTAGRAM_WEBHOOK_FIELDS)[number];

/**
 * Instagram, through the Messenger Platform (protocol.md §2.7 way (a): the account is linked to a Page and the
 * apps call with the Page's token). Sources: protocol.md §0, §1.11, §2.1, §2.7, §4.1, §6; S11, S13, S19, S35,
 * S60, S62–S64; the facts Meta does not state are rows of docs/choices.md ("Instagram").
 */
export const INSTAGRAM: ChannelSpec = {
  name: 'instagram',
  label: 'Instagram',
  // S60: "object": "instagram", entry[].id = the Instagram professional account id, senders are IGSIDs.
  webhookObject: 'instagram',
  accountKind: 'Instagram professional account',
  userIdName: 'IGSID',
  inbox: { appId: INSTAGRAM_INBOX_APP_ID, name: 'Instagram Inbox' },
  // Every Instagram professional account has its inbox in the Instagram app (our choice: always connected).
  inboxAlwaysConnected: true,
  // Meta ran HOP v2 on Instagram (S11: exclusivity, idle mode) and migrated it to Conversation Routing (S13);
  // Instagram never had HOP v1's roles-only generation.
  protocols: ['hop-v2', 'conversation-routing'],
  defaultProtocol: 'conversation-routing',
  webhookFields: INSTAGRAM_WEBHOOK_FIELDS,
  fieldAliases: {
    // S60: "A notification is also sent when your business sends a message … is_echo flag will be present";
    // Meta's webhook events reference: echoes are "included with the message webhook field subscription".
    messages: ['messages', 'message_echoes'],
    messaging_postbacks: ['messaging_postbacks'],
    // "See messaging_seen for Instagram Messaging" (Messenger's message_reads entry of the same reference).
    messaging_seen: ['message_reads'],
    message_reactions: ['message_reactions'],
    messaging_referral: ['messaging_referrals'],
    messaging_handover: ['messaging_handovers'],
    standby: ['standby'],
  } satisfies Record<InstagramWebhookField, readonly RoutingField[]>,
  // Common error codes (S19): "Instagram: action by non-owner | 100 | 2534037". The Send API keeps 2018300,
  // which S11 states for Instagram with HTTP 400.
  refusals: {
    pass_by_non_owner: 'not_thread_owner',
    pass_not_owner_nor_idle: 'not_thread_owner',
    release_by_non_owner: 'not_thread_owner',
    extend_by_non_owner: 'not_thread_owner',
  },
  features: {
    personas: false,
    // S60's field list has no message_deliveries; Meta's reference: deliveries "Only available for Messenger".
    deliveryReports: false,
    getStarted: false,
    // The Instagram Messenger Profile: ice breakers and the persistent menu (`?platform=instagram`).
    messengerProfileFields: ['ice_breakers', 'persistent_menu'],
    menuNeedsGetStarted: false,
    reactions: true,
    stories: true,
    shares: true,
    deletedMessages: true,
  },
  // S64: name, username, profile_pic, follower_count, is_verified_user, is_user_follow_business, is_business_follow_user.
  userProfile: {
    fields: ['name', 'username', 'profile_pic', 'follower_count', 'is_verified_user', 'is_user_follow_business', 'is_business_follow_user'],
    defaultFields: ['name', 'username', 'profile_pic'],
    nodeType: 'User',
  },
  multiAppStatusKey: 'ig_multi_app',
  // An ig.me link's referral: we found no Instagram example of `source`; Messenger's (docs/choices.md).
  linkReferralSource: 'SHORTLINK',
  readReceipt: 'mid',
};
