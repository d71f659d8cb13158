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
  },
} as const;

export type ProfileName = keyof typeof PROFILES;
export type Profile = (typeof PROFILES)[ProfileName];
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
