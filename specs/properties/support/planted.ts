import { PROFILES, threadControlMachine, type Profile } from '../../../machines/platform/index.js';
import type { SystemUnderTest } from './harness.js';

/**
 * Planted bugs: broken variants of one rule, put in through the Platform's `profile` seam (never a flag
 * in production code), for the specs that show a monitor or a property catches them.
 */

/** The real rules: the profile the Platform runs by default. */
export const realProfile: Profile = PROFILES['hop-v1'];

/** The real profile with its thread-control machine replaced. */
export const withThreadControl = (threadControl: Profile['threadControl']): Profile => ({ ...realProfile, threadControl });

/** The real profile with some of its routing functions replaced. */
export const withRouting = (routing: Partial<Profile['routing']>): Profile => ({ ...realProfile, routing: { ...realProfile.routing, ...routing } });

/** The Send API lets every app send, owner or not. */
export const everyoneSends: Profile = withThreadControl(threadControlMachine.provide({ guards: { callerIsNotOwner: () => false } }));

/** The property harness's system under test: a Platform running the given profile. */
export const platformWith = (profile: Profile): SystemUnderTest => ({ options: { profile } });
