import { assign, setup } from 'xstate';
import { CONTROL_WINDOW_MS } from './control-window.js';
import {
  expiring,
  idleCommon,
  idleOwnedImplementations,
  messagingWindowBranches,
  ownedCommon,
  type IdleOwnedContext,
  type IdleOwnedEmitted,
  type IdleOwnedEvent,
  type IdleOwnedInput,
} from './idle-owned.js';
import { roleOf, type PageView } from './roles.js';
import { callerOf, pageOf, refuse } from './thread-rules.js';

/**
 * One user's thread under HOP v2 ("New HOP", March 2022 – 2025; protocol.md §0, §1.1–1.6, §4.3–4.4):
 * idle or owned, exclusive (the primary too must take before it sends), 24-hour expiry, release and
 * extend. Roles are optional: with a primary, a user's message on an idle thread gives it control; the
 * primary may take any thread, every app an idle one.
 */
export type HopV2ThreadEvent = IdleOwnedEvent<PageView>;

/** A pass without `target_app_id` goes to the primary, as in v1; the primary itself must name a target. */
function passTarget(event: object): string | null {
  const e = event as { target?: string | null; caller?: string };
  if (e.target) return e.target;
  const { roles } = pageOf(event);
  return roles.primary !== null && roles.primary !== e.caller ? roles.primary : null;
}

const { guards, actions } = idleOwnedImplementations<HopV2ThreadEvent>({
  passTarget,
  // HOP v2 has no secondary-to-secondary secrecy (roles are optional): every app sees the owner.
  appIdVisible: () => true,
});

export const hopV2ThreadMachine = setup({
  types: {
    context: {} as IdleOwnedContext,
    events: {} as HopV2ThreadEvent,
    input: {} as IdleOwnedInput<PageView>,
    emitted: {} as IdleOwnedEmitted,
  },
  guards: {
    ...guards,
    pageHasPrimary: ({ event }) => pageOf(event).roles.primary !== null,
    callerIsNotPrimary: ({ event }) => roleOf(pageOf(event).roles, callerOf(event)) !== 'primary',
  },
  actions: {
    ...actions,
    giveToPrimary: assign(({ event }) => ({ owner: pageOf(event).roles.primary, expiresAt: event.now + CONTROL_WINDOW_MS })),
  },
}).createMachine({
  id: 'hopV2Thread',
  context: ({ input }) => ({ owner: null, expiresAt: null, lastUserMessageAt: input.lastUserMessageAt ?? null }),
  initial: 'idle',
  states: {
    /** Nobody controls the thread: every app hears the user on `messaging` and may send. */
    idle: {
      on: {
        ...idleCommon,
        user_message: [
          { guard: 'pageHasPrimary', target: 'owned', actions: ['noteUserMessage', 'giveToPrimary'] },
          { actions: 'noteUserMessage' },
        ],
        pass_thread_control: [
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'passTargetMissing', actions: refuse('target_app_id_required') },
          { guard: 'passTargetNotInstalled', actions: refuse('incorrect_app_id') },
          { target: 'owned', actions: ['emitControlPassed', 'giveToPassTarget'] },
        ],
        // Taken from idle: no webhook (the routing sends none for a take without a previous owner).
        take_thread_control: [
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { target: 'owned', actions: ['emitControlTaken', 'giveToCaller'] },
        ],
        // Nobody to ask: control passes to the requester at once (protocol.md §1.3).
        request_thread_control: [
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { target: 'owned', actions: ['emitPassedToCaller', 'giveToCaller'] },
        ],
        send: [{ guard: 'carriesThreadControl', actions: refuse('thread_control_needs_routing') }, ...messagingWindowBranches],
      },
    },
    /** One app controls the thread until `expiresAt`: only it sends; the others hear `standby`. */
    owned: {
      on: {
        ...ownedCommon,
        pass_thread_control: expiring(
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'callerIsNotOwner', actions: refuse('pass_not_owner_nor_idle') },
          { guard: 'passTargetMissing', actions: refuse('target_app_id_required') },
          { guard: 'passTargetNotInstalled', actions: refuse('incorrect_app_id') },
          { guard: 'passTargetIsCaller', actions: refuse('pass_to_self') },
          { actions: ['emitControlPassed', 'giveToPassTarget'] },
        ),
        take_thread_control: expiring(
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'callerIsOwner', actions: refuse('already_thread_owner') },
          { guard: 'callerIsNotPrimary', actions: refuse('take_owned_by_non_primary') },
          { actions: ['emitControlTaken', 'giveToCaller'] },
        ),
        request_thread_control: expiring(
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'callerIsOwner', actions: refuse('already_thread_owner') },
          { actions: 'emitControlRequested' },
        ),
        send: expiring(
          { guard: 'carriesThreadControl', actions: refuse('thread_control_needs_routing') },
          { guard: 'callerIsNotOwner', actions: refuse('send_not_owner') },
          ...messagingWindowBranches,
        ),
      },
    },
  },
});

export type HopV2ThreadMachine = typeof hopV2ThreadMachine;
