import { pageMachine } from './page.machine.js';
import { routeAppRoles, routeControlChange, routeEcho, routeUserEvent } from './routing.js';
import { threadControlMachine } from './thread-control.machine.js';

/**
 * A protocol generation is a profile: which machines decide, which routing applies.
 * HOP v2 and Conversation Routing become further entries here, never copies of the code that uses them.
 */
export const PROFILES = {
  'hop-v1': {
    description: 'Handover Protocol v1: one primary and at least one secondary receiver; only the primary takes.',
    threadControl: threadControlMachine,
    page: pageMachine,
    routing: { routeUserEvent, routeControlChange, routeAppRoles, routeEcho },
    /** What `GET /{page-id}?fields=messaging_feature_status` answers (protocol.md §1.9): v1 has neither HOP v2 nor CR. */
    messagingFeatureStatus: { hop_v2: false, msgr_multi_app: false, ig_multi_app: false },
  },
} as const;

export type ProfileName = keyof typeof PROFILES;
export type Profile = (typeof PROFILES)[ProfileName];
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
