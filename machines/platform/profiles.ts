import type { AnyStateMachine } from 'xstate';
import { PROFILE_NAMES, isProfileName, type ProfileName } from './profile-names.js';
import { crPageMachine } from './cr-page.machine.js';
import { crThreadMachine } from './cr-thread.machine.js';
import type { ChannelSpec } from './channels/channel.js';
import { MESSENGER } from './channels/messenger.js';
import { AD_CONTROL_DAYS_MAX, AD_CONTROL_DAYS_MIN } from './control-window.js';
import type { EntryPoint } from './entry-points.js';
import { hopV2ThreadMachine } from './hop-v2-thread.machine.js';
import { pageMachine } from './page.machine.js';
import {
  routeAppRoles,
  routeControlChange,
  routeEcho,
  routeIdleOwnedControlChange,
  routeUserEvent,
  type ControlChange,
  type Listener,
  type Route,
  type UserEventKind,
} from './routing.js';
import { threadControlMachine } from './thread-control.machine.js';

/**
 * A protocol generation is a profile: which machines decide, which routing applies, which page
 * configuration is valid, and what the page says of itself. Code outside machines/platform asks the
 * profile; it never tests a profile's name.
 */

/** A page's configuration as a world file states it (the world schema maps its JSON onto this). */
export interface PageConfig {
  apps: readonly { id: string; role?: 'primary' | 'secondary' | undefined; takeControl?: boolean | undefined }[];
  defaultApp?: string | undefined;
  entryPoints?: readonly EntryPoint[] | undefined;
}

export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** `GET /{page}?fields=messaging_feature_status` (protocol.md §1.9). */
export interface MessagingFeatureStatus {
  hop_v2: boolean;
  msgr_multi_app: boolean;
  ig_multi_app: boolean;
}

/** What a human's Page Inbox button does to the thread, per generation (protocol.md §4.2). */
export interface PageInboxRules {
  done: 'pass_thread_control' | 'inbox_done';
  moveToInbox: 'request_thread_control' | 'inbox_take';
  /** Whether a reply from the inbox first takes control (CR: "respond … the inbox takes control"). */
  replyTakesControl: boolean;
}

export interface Profile {
  /** The protocol's name, as the world file and the CLI spell it. */
  readonly name: string;
  readonly description: string;
  readonly threadControl: AnyStateMachine;
  readonly page: AnyStateMachine;
  readonly routing: {
    routeUserEvent(kind: UserEventKind, owner: string | null, listeners: readonly Listener[]): Route[];
    routeControlChange(change: ControlChange, primary: string | null, listeners: readonly Listener[]): Route[];
    routeAppRoles(listeners: readonly Listener[]): Route[];
    routeEcho(listeners: readonly Listener[]): Route[];
  };
  /**
   * Whether threads keep deadlines (owner expiry, the messaging window in the snapshot): a user's message
   * and a platform read then go through the thread machine. HOP v1 threads hold only their owner.
   */
  readonly timed: boolean;
  /** The page machine's input from the world's page (or Instagram account: its channel names its inbox). */
  pageInput(config: PageConfig, channel?: ChannelSpec): unknown;
  /** What the world schema reports for a page (or Instagram account) under this profile. */
  validatePage(config: PageConfig, channel?: ChannelSpec): ConfigIssue[];
  readonly messagingFeatureStatus: MessagingFeatureStatus;
  readonly pageInbox: PageInboxRules;
  /** Graph edges a later generation added, so unknown paths on a page under this one (release under HOP v1). */
  readonly missingEdges: readonly string[];
  /**
   * Graph edges Meta retired for pages under this generation: a bot that still calls one works against a
   * protocol production no longer runs (conformance warns, naming the edge and why).
   */
  readonly retiredEdges: readonly RetiredEdge[];
  /**
   * A HOP v1 page's settings as this generation would have them, for running one world under every profile:
   * HOP keeps the roles; CR makes the primary the default application and gives every app that had a role
   * the take permission (what ManyChat's migration guide asks of a bot and a live-chat app).
   */
  adoptHopPage<P extends PageConfig>(page: P): P;
}

/** An edge Meta retired under a generation, and the reason in protocol.md's words. */
export interface RetiredEdge {
  edge: string;
  why: string;
}

/** What Conversation Routing dropped from HOP (protocol.md §1.7, §1.8, §5). */
const CR_RETIRED_EDGES: readonly RetiredEdge[] = [
  { edge: 'secondary_receivers', why: 'HOP v1 only: Conversation Routing has no roles (Meta dropped the edge from its SDK on 2026-06-08; protocol.md §1.7)' },
  { edge: 'pass_thread_metadata', why: 'removed from Meta\'s SDK on 2025-03-28 (protocol.md §1.8)' },
];

/** The channel's inbox, when it is connected to every account of the channel (the Instagram Inbox). */
const alwaysConnected = (channel: ChannelSpec) => (channel.inboxAlwaysConnected ? [channel.inbox.appId] : []);

const rolesInput = (config: PageConfig, channel: ChannelSpec = MESSENGER) => ({
  apps: [...new Set([...config.apps.map((a) => a.id), ...alwaysConnected(channel)])],
  roles: {
    primary: config.apps.find((a) => a.role === 'primary')?.id ?? null,
    secondaries: config.apps.filter((a) => a.role === 'secondary').map((a) => a.id),
  },
});

/** HOP keeps roles; the CR settings make no sense there. */
function hopPageIssues(config: PageConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.defaultApp !== undefined) issues.push({ path: ['defaultApp'], message: 'a default application is a Conversation Routing setting: set "protocol": "conversation-routing" on this page' });
  if (config.entryPoints !== undefined) issues.push({ path: ['entryPoints'], message: 'entry points are a Conversation Routing setting: set "protocol": "conversation-routing" on this page' });
  config.apps.forEach((app, i) => {
    if (app.takeControl !== undefined) issues.push({ path: ['apps', i, 'takeControl'], message: 'the take-control permission is a Conversation Routing setting: HOP gives the primary the right to take' });
  });
  return issues;
}

function crPageIssues(config: PageConfig, channel: ChannelSpec = MESSENGER): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const connected = new Set(config.apps.map((a) => a.id));
  // The channel's inbox is built in: it can be the default app or a route's app without being listed.
  const known = (id: string) => connected.has(id) || id === channel.inbox.appId;
  if (config.defaultApp !== undefined && !known(config.defaultApp)) {
    issues.push({ path: ['defaultApp'], message: `the default application ${config.defaultApp} is not connected to this page (list it under apps)` });
  }
  config.apps.forEach((app, i) => {
    if (app.role !== undefined) issues.push({ path: ['apps', i, 'role'], message: `Conversation Routing has no roles: remove "role" (use "defaultApp" and "takeControl")` });
  });
  const seen = new Set<string>();
  (config.entryPoints ?? []).forEach((point, i) => {
    if (!known(point.app)) issues.push({ path: ['entryPoints', i, 'app'], message: `entry point app ${point.app} is not connected to this page` });
    const key = 'ref' in point ? `ref ${point.ref}` : `ad ${point.adId}`;
    if (seen.has(key)) issues.push({ path: ['entryPoints', i], message: `${key} is routed twice` });
    seen.add(key);
    if ('adId' in point && point.controlExpirationDays !== undefined
      && (point.controlExpirationDays < AD_CONTROL_DAYS_MIN || point.controlExpirationDays > AD_CONTROL_DAYS_MAX)) {
      issues.push({ path: ['entryPoints', i, 'controlExpirationDays'], message: `must be between ${AD_CONTROL_DAYS_MIN} and ${AD_CONTROL_DAYS_MAX} days` });
    }
  });
  return issues;
}

/** HOP v2 added release and extend (Meta's SDK, 2020). */
const IDLE_OWNED_EDGES = ['release_thread_control', 'extend_thread_control'];

const HOP_PAGE_INBOX: PageInboxRules = { done: 'pass_thread_control', moveToInbox: 'request_thread_control', replyTakesControl: false };

export const PROFILES = {
  'hop-v1': {
    name: 'hop-v1',
    description: 'Handover Protocol v1: one primary and at least one secondary receiver; only the primary takes.',
    threadControl: threadControlMachine,
    page: pageMachine,
    routing: { routeUserEvent, routeControlChange, routeAppRoles, routeEcho },
    timed: false,
    pageInput: rolesInput,
    validatePage: hopPageIssues,
    /** What `GET /{page-id}?fields=messaging_feature_status` answers (protocol.md §1.9): v1 has neither HOP v2 nor CR. */
    messagingFeatureStatus: { hop_v2: false, msgr_multi_app: false, ig_multi_app: false },
    pageInbox: HOP_PAGE_INBOX,
    missingEdges: IDLE_OWNED_EDGES,
    retiredEdges: [],
    adoptHopPage: <P extends PageConfig>(page: P) => page,
  },
  'hop-v2': {
    name: 'hop-v2',
    description: 'Handover Protocol v2: idle threads, exclusive control that expires after 24 hours, release and extend; roles optional.',
    threadControl: hopV2ThreadMachine,
    page: pageMachine,
    routing: { routeUserEvent, routeControlChange: routeIdleOwnedControlChange, routeAppRoles, routeEcho },
    timed: true,
    pageInput: rolesInput,
    validatePage: hopPageIssues,
    messagingFeatureStatus: { hop_v2: true, msgr_multi_app: false, ig_multi_app: false },
    pageInbox: HOP_PAGE_INBOX,
    missingEdges: [],
    retiredEdges: [],
    adoptHopPage: <P extends PageConfig>(page: P) => page,
  },
  'conversation-routing': {
    name: 'conversation-routing',
    description: 'Conversation Routing: a default application (or none: zero-config), take permissions, entry-point routes, inline thread_control.',
    threadControl: crThreadMachine,
    page: crPageMachine,
    routing: { routeUserEvent, routeControlChange: routeIdleOwnedControlChange, routeAppRoles, routeEcho },
    timed: true,
    pageInput: (config: PageConfig, channel: ChannelSpec = MESSENGER) => ({
      // The inbox named as default app or route's app is connected, listed or not (as a v1 role installs it).
      apps: [...new Set([
        ...config.apps.map((a) => a.id),
        ...alwaysConnected(channel),
        ...[config.defaultApp, ...(config.entryPoints ?? []).map((e) => e.app)].filter((id) => id === channel.inbox.appId),
      ])],
      defaultApp: config.defaultApp ?? null,
      takeControl: config.apps.filter((a) => a.takeControl === true).map((a) => a.id),
      entryPoints: config.entryPoints ?? [],
    }),
    validatePage: crPageIssues,
    messagingFeatureStatus: { hop_v2: false, msgr_multi_app: true, ig_multi_app: false },
    pageInbox: { done: 'inbox_done', moveToInbox: 'inbox_take', replyTakesControl: true },
    missingEdges: [],
    retiredEdges: CR_RETIRED_EDGES,
    adoptHopPage: <P extends PageConfig>(page: P): P => {
      const primary = page.apps.find((a) => a.role === 'primary')?.id;
      const apps = page.apps.map(({ role, ...app }) => (role === undefined ? app : { ...app, takeControl: true }));
      return { ...page, apps, ...(primary !== undefined && { defaultApp: primary }) };
    },
  },
} as const satisfies Record<ProfileName, Profile>;

export { PROFILE_NAMES, isProfileName, type ProfileName };
