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

/** A profile of issue 11 (HOP v2, Conversation Routing) with some guards of its thread machine replaced. */
export const withGuardsOf = (name: 'hop-v2' | 'conversation-routing', guards: Record<string, () => boolean>): Profile =>
  ({ ...PROFILES[name], threadControl: PROFILES[name].threadControl.provide({ guards }) }) as Profile;

/**
 * The planted bugs of the profile invariants that go through the `profile` seam: which invariant must
 * catch each, under which rule book (profile-harness.ts's RULEBOOKS), with the longest shrunk story accepted.
 */
export function profilePlants() {
  const cr = PROFILES['conversation-routing'];
  return [
    {
      invariant: 'noControlPastExpiration' as const,
      bug: 'thread control: a deadline never passes (control outlives its 24 hours)',
      rulebook: 'conversation-routing (default app)',
      profile: withGuardsOf('conversation-routing', { controlExpired: () => false }),
      maxCommands: 3,
    },
    {
      invariant: 'onlyEntitledSends' as const,
      bug: 'thread control: any app sends into an idle thread although the page has a default app',
      rulebook: 'conversation-routing (default app)',
      profile: withGuardsOf('conversation-routing', { callerMayNotSendWhileIdle: () => false }),
      maxCommands: 3,
    },
    {
      invariant: 'onlyEntitledSends' as const,
      bug: 'thread control: under HOP v2 every app sends into an owned thread',
      rulebook: 'hop-v2',
      profile: withGuardsOf('hop-v2', { callerIsNotOwner: () => false }),
      maxCommands: 3,
    },
    {
      invariant: 'oneOwnerOrIdle' as const,
      bug: "routing: an app not subscribed to standby hears an owned thread's messages on messaging",
      rulebook: 'conversation-routing (default app)',
      profile: {
        ...cr,
        routing: {
          ...cr.routing,
          routeUserEvent: (kind, owner, listeners) => cr.routing.routeUserEvent(kind, owner, listeners).concat(
            owner === null ? [] : listeners
              .filter((l) => l.appId !== owner && !l.fields.has('standby') && l.fields.has(kind === 'message' ? 'messages' : 'messaging_postbacks'))
              .map((l) => ({ appId: l.appId, channel: 'messaging' as const }))),
        },
      } as Profile,
      maxCommands: 3,
    },
  ] satisfies { invariant: string; bug: string; rulebook: string; profile: Profile; maxCommands: number }[];
}
