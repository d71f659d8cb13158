import type { ChannelName, ProfileName } from '../profile-names.js';
import type { Refusal } from '../refusals.js';
import type { RoutingField } from '../routing.js';

/**
 * A channel is a product through which a person writes to a business: Messenger (the Facebook Page) or
 * Instagram (the Page's linked Instagram professional account). It is data beside the protocol profile:
 * the same rule books run on both, and what Meta does differently is told here, once, and read by the
 * platform and the Graph API instead of `if (channel === 'instagram')` (docs/instagram.md).
 */
export { CHANNEL_NAMES, CHANNEL_SELECTIONS, type ChannelName, type ChannelSelection } from '../profile-names.js';

export interface ChannelSpec {
  readonly name: ChannelName;
  /** How people and Meta's docs name it. */
  readonly label: string;
  /** The webhook envelope's `object` (protocol.md §2.1: `page`; §2.7: `instagram`). */
  readonly webhookObject: 'page' | 'instagram';
  /** What `entry[].id` and the business side of `sender`/`recipient` are: the Page, or the Instagram account. */
  readonly accountKind: 'Page' | 'Instagram professional account';
  /** The id a person has on this channel (PSID or IGSID), as errors and docs name it. */
  readonly userIdName: 'PSID' | 'IGSID';
  /** The inbox Meta itself plays on this channel (protocol.md §4.1). */
  readonly inbox: { readonly appId: string; readonly name: string };
  /** Whether the inbox is connected to every account of the channel, listed or not. */
  readonly inboxAlwaysConnected: boolean;
  /** The protocols an account of this channel may run; `defaultProtocol` null: the world's. */
  readonly protocols: readonly ProfileName[];
  readonly defaultProtocol: ProfileName | null;
  /**
   * The webhook fields an app subscribes to on this channel's object, and the routing fields each one stands
   * for: routing (routing.ts) speaks Messenger's field names, so an Instagram subscription is read through
   * these aliases (an Instagram echo comes with `messages`, a read is `messaging_seen`, …).
   */
  readonly webhookFields: readonly string[];
  readonly fieldAliases: Readonly<Record<string, readonly RoutingField[]>>;
  /** A refusal Meta words differently on this channel: the machines' refusal → the channel's. */
  readonly refusals: Readonly<Partial<Record<Refusal, Refusal>>>;
  /** What the channel has of Messenger's surface; what it lacks is refused as Meta refuses it. */
  readonly features: ChannelFeatures;
  /** `GET /{user-id}`: the fields a user node has, those answered without `fields`, and the node type errors name. */
  readonly userProfile: { readonly fields: readonly string[]; readonly defaultFields: readonly string[]; readonly nodeType: string };
  /** The key of `messaging_feature_status` that says whether this channel's account runs Conversation Routing (protocol.md §1.9). */
  readonly multiAppStatusKey: 'msgr_multi_app' | 'ig_multi_app';
  /** `source` of a link referral (`messaging_referrals`): Messenger's m.me links, Instagram's ig.me links. */
  readonly linkReferralSource: string;
  /** What a read receipt names: Messenger's `read: {watermark}`, Instagram's `read: {mid}` (messaging_seen). */
  readonly readReceipt: 'watermark' | 'mid';
}

export interface ChannelFeatures {
  /** Send as a persona (`persona_id`). */
  readonly personas: boolean;
  /** `message_deliveries` (Meta: "Only available for Messenger conversations"). */
  readonly deliveryReports: boolean;
  /** A Get Started button on the welcome screen. */
  readonly getStarted: boolean;
  /** The Messenger Profile properties the channel takes (`POST /me/messenger_profile[?platform=instagram]`). */
  readonly messengerProfileFields: readonly string[];
  /** Whether a persistent menu needs a Get Started button (Messenger's 2018145). */
  readonly menuNeedsGetStarted: boolean;
  /** Message reactions, story replies and mentions, shares and unsent messages reach apps as events. */
  readonly reactions: boolean;
  readonly stories: boolean;
  readonly shares: boolean;
  readonly deletedMessages: boolean;
}
