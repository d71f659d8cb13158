import type { PageInboxSettings } from '../machines/apps/page-inbox.machine.js';
import type { Referral } from '../machines/apps/user.machine.js';
import type { GraphCallName } from '../machines/apps/app-events.js';
import type { PrimaryReceiverSettings } from '../machines/apps/primary-receiver.machine.js';
import type { SecondaryReceiverSettings } from '../machines/apps/secondary-receiver.machine.js';
import { PAGE_INBOX_APP_ID } from '../machines/platform/ids.js';
import { WEBHOOK_FIELDS, type Channel, type WebhookField } from '../machines/platform/routing.js';
import type { WorldInput } from '../fake-graph-api/world/world.schema.js';
import { PROFILES, type ProfileName } from '../machines/platform/profiles.js';

/**
 * A scenario: a world, the apps the simulator plays in it, a script of stimuli, and what must hold at
 * the end. Scenarios are data: the runner (run-scenario.ts) is the only code that interprets them.
 */
export type ScenarioApp =
  | { appId: string; plays: 'primaryReceiver'; settings?: Partial<PrimaryReceiverSettings> }
  | { appId: string; plays: 'secondaryReceiver'; settings?: Partial<SecondaryReceiverSettings> }
  | { appId: string; plays: 'pageInbox'; settings?: Partial<PageInboxSettings> };

/** One stimulus. `at` (virtual ms from the start) or `after` (ms after the previous step, default paceMs). */
export type ScenarioStep = { at?: number; after?: number } & (
  | { user: string; says: string; referral?: Referral }
  | { user: string; taps: { title: string; payload: string } }
  | { user: string; tapsQuickReply: { title: string; payload: string } }
  /** The user's first contact through the welcome screen: the Get Started payload of the world's messengerProfile. */
  | { user: string; tapsGetStarted: true }
  | { inbox: 'done' | 'move_to_inbox'; user: string }
  | { inbox: 'reply'; user: string; text: string }
  | { agent: string; user: string; replies: string }
  | { agent: string; user: string; does: 'hand_back' | 'open_conversation' | 'close_conversation' }
  | { app: string; broadcast: string }
  | { roles: { primary: string | null; secondary: string[] } }
  | { wait: number }
);

export interface Expectations {
  /** Who owns each user's thread at the end (app id, or null for none). */
  owners?: Record<string, string | null>;
  /** How many of each app's sends were refused with (#10) 2018300 (apps not named: none). */
  refusedSends?: Record<string, number>;
  /** Events an app received: how many of a kind, on which channel, optionally for one user. */
  received?: { app: string; kind: string; channel?: Channel; user?: string; count: number }[];
  /** Calls refused with a given subcode (e.g. 2018278 outside the messaging window), per app and call. */
  refused?: { app: string; call: GraphCallName; subcode: number; count: number }[];
  /** An app machine's state for a user's thread at the end. */
  appStates?: { app: string; user: string; state: string }[];
  /** Messages each user wrote that nobody answered. */
  unanswered?: Record<string, number>;
}

export interface Scenario {
  name: string;
  title: string;
  /** What the scenario shows, in a few sentences (printed before the timeline). */
  story: string;
  world: WorldInput;
  apps: ScenarioApp[];
  steps: ScenarioStep[];
  expect: Expectations;
  /** Virtual time between two steps without `at`/`after`; 1 s by default. */
  paceMs?: number;
  /**
   * How the scenario reads under the other protocol generations (its own is its world's `profile`):
   * a variant, or why it means nothing there. Turned into runs by scenario-profiles.ts.
   */
  under?: { [P in ProfileName]?: ProfileVariant | { notMeaningful: string } };
}

/** A scenario under another generation: what differs, in a sentence, and what changes to show it. */
export interface ProfileVariant {
  differences: string;
  /** Default: the scenario's world with the generation's `profile`. */
  world?: WorldInput;
  apps?: ScenarioApp[];
  steps?: ScenarioStep[];
  expect?: Expectations;
}

// ---- the cast most scenarios share --------------------------------------------------------------

/** The later generations by name (the profiles of machines/platform/profiles.ts). */
export const HOP_V2 = 'hop-v2' satisfies ProfileName;
export const CONVERSATION_ROUTING = 'conversation-routing' satisfies ProfileName;

export const PAGE_ID = '1000000001';
export const MANYCHAT = '2000000001';
export const LIVEDESK = '2000000002';
export const PAGE_INBOX = PAGE_INBOX_APP_ID;
export const ANN = '3000000001';
export const BO = '3000000002';
export const CY = '3000000003';
/** A second live-chat app, for races. */
export const HELPHUB = '2000000003';

const HOUR = 3_600_000;
export const hours = (n: number): number => n * HOUR;

const ALL_FIELDS: WebhookField[] = [...WEBHOOK_FIELDS];

export interface CastOptions {
  /** The generation the page runs (its `protocol`); HOP v1 when absent. */
  profile?: ProfileName;
  /** HOP v1 and v2 (where roles are optional). Under Conversation Routing apps have no role. */
  roles?: { primary: string | null; secondary: string[] };
  /** Conversation Routing: the page's default app (ManyChat when absent; null: zero-config). */
  defaultApp?: string | null;
  /** Conversation Routing: the apps with the take permission (ManyChat, LiveDesk and the Page Inbox when absent). */
  takeControl?: string[];
  /** Conversation Routing: m.me link refs and ads routed to an app. */
  entryPoints?: EntryPoint[];
  /** The Page Inbox is installed (with the role `roles` gives it, if any). Default: yes. */
  pageInbox?: boolean;
  manychatFields?: WebhookField[];
  users?: { psid: string; name: string }[];
}

/** An entry-point route of a CR page (an m.me link's `ref`, or an ad with its control window in days, 1–30). */
export type EntryPoint = { ref: string; app: string } | { adId: string; app: string; controlExpirationDays?: number };

type WorldPage = WorldInput['pages'][number];
type WorldApp = WorldPage['apps'][number];
type WorldUser = NonNullable<WorldInput['pages'][number]['users']>[number];

/** The one page every built-in world uses (scenarios, conformance, the library): Acme Shoes. */
export function acmeShoes(apps: WorldApp[], users: WorldUser[], later: { profile: ProfileName; options: CastOptions } | null = null): WorldInput {
  const page: WorldPage = { id: PAGE_ID, name: 'Acme Shoes', apps, users };
  return { profile: 'hop-v1', pages: [later === null ? page : laterPage(page, later.profile, later.options)] };
}

/**
 * ManyChat (primary by default), a live-chat app LiveDesk and the Page Inbox (secondaries by default), and
 * users Ann, Bo and Cy. Simulated apps have webhooks: in-process runs read their fields; the HTTP transport
 * points the URLs at the apps' own servers.
 */
export function manychatCast(options: CastOptions = {}): WorldInput {
  const roles = options.roles ?? { primary: MANYCHAT, secondary: [LIVEDESK, PAGE_INBOX] };
  const withRole = (id: string): { role?: 'primary' | 'secondary' } =>
    roles.primary === id ? { role: 'primary' } : roles.secondary.includes(id) ? { role: 'secondary' } : {};
  const webhook = (name: string, fields: WebhookField[]) => ({ url: `http://127.0.0.1:9/${name}`, verifyToken: `vt-${name}`, fields });
  return acmeShoes(
    [
      { id: MANYCHAT, name: 'ManyChat', ...withRole(MANYCHAT), accessToken: 'tok-manychat', appSecret: 'sec-manychat', webhook: webhook('manychat', options.manychatFields ?? ALL_FIELDS) },
      { id: LIVEDESK, name: 'LiveDesk', ...withRole(LIVEDESK), accessToken: 'tok-livedesk', appSecret: 'sec-livedesk', webhook: webhook('livedesk', ALL_FIELDS) },
      ...(options.pageInbox === false ? [] : [{ id: PAGE_INBOX, name: 'Page Inbox', ...withRole(PAGE_INBOX) }]),
    ],
    options.users ?? [
      { psid: ANN, name: 'Ann' },
      { psid: BO, name: 'Bo' },
      { psid: CY, name: 'Cy' },
    ],
    options.profile === undefined ? null : { profile: options.profile, options },
  );
}

/**
 * The HOP v1 page as a later generation adopts it (the profile's own `adoptHopPage`: under CR the primary
 * becomes the default app and the apps with a role get the take permission), then the cast's CR choices.
 */
function laterPage(page: WorldPage, profile: ProfileName, options: CastOptions): WorldPage {
  const adopted: WorldPage = { ...PROFILES[profile].adoptHopPage(page), protocol: profile };
  const { defaultApp: adoptedDefault, ...rest } = adopted;
  const defaultApp = options.defaultApp === undefined ? adoptedDefault : options.defaultApp;
  const takers = options.takeControl;
  return {
    ...rest,
    ...(defaultApp === null || defaultApp === undefined ? {} : { defaultApp }),
    apps: takers === undefined ? adopted.apps : adopted.apps.map(({ takeControl: _was, ...app }) => (takers.includes(app.id) ? { ...app, takeControl: true } : app)),
    ...(options.entryPoints ? { entryPoints: options.entryPoints } : {}),
  };
}

/** The simulator plays all three apps of the cast. */
export function manychatActors(primary: Partial<PrimaryReceiverSettings> = {}, secondary: Partial<SecondaryReceiverSettings> = {}, pageInbox = true): ScenarioApp[] {
  return [
    { appId: MANYCHAT, plays: 'primaryReceiver', settings: primary },
    { appId: LIVEDESK, plays: 'secondaryReceiver', settings: secondary },
    ...(pageInbox ? [{ appId: PAGE_INBOX, plays: 'pageInbox' as const }] : []),
  ];
}

/**
 * The same three apps set up as on a Conversation Routing page: ManyChat the default app, LiveDesk a live-chat
 * app that takes the threads its users ask a human for (it has the take permission), and the Page Inbox.
 */
export function routedActors(primary: Partial<PrimaryReceiverSettings> = {}, secondary: Partial<SecondaryReceiverSettings> = {}, pageInbox = true): ScenarioApp[] {
  return manychatActors(primary, { getsControlBy: 'take', ...secondary }, pageInbox);
}
