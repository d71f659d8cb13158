import { assign, emit, setup } from 'xstate';
import type { SendTiming } from './messaging-window.js';
import type { Refusal } from './refusals.js';
import { handoverActive, roleOf, type PageView } from './roles.js';
import { messagingWindowBranches, passGuards, refuse, refuseAction, sharedGuards, windowGuards, type WindowedSend } from './thread-rules.js';

/**
 * One user's thread on one page, under HOP v1 (protocol.md §4.4–4.5): who controls it, and what each
 * app may do to it. This machine is THE rule book: the Graph API and the simulator send it events and
 * act on what it emits; they never decide a rule themselves.
 *
 * Every event carries the page as it is at that moment (`page`), so the machine needs no copy of the
 * roles: a thread's own state is just its owner.
 */
export interface ThreadControlContext {
  /** The app in control while handover is active; null while it is inactive. */
  owner: string | null;
}

export interface ThreadControlInput {
  page: PageView;
}

type Caller = { page: PageView; caller: string };
type WithMetadata = { metadata: string | null };

export type ThreadControlEvent =
  | { type: 'app_roles_changed'; page: PageView }
  | ({ type: 'pass_thread_control'; target: string | null } & Caller & WithMetadata)
  | ({ type: 'take_thread_control' } & Caller & WithMetadata)
  | ({ type: 'request_thread_control' } & Caller & WithMetadata)
  /** `now`, `timing` and `lastUserMessageAt` judge the messaging window; a send without `now` is not judged. */
  | ({ type: 'send'; timing?: SendTiming; threadControl?: unknown } & Caller & Omit<WindowedSend, 'timing'>)
  | ({ type: 'read_thread_owner' } & Caller)
  /** Calls HOP v1 does not have (HOP v2 and Conversation Routing added them). */
  | ({ type: 'release_thread_control' } & Caller)
  | ({ type: 'extend_thread_control'; durationSeconds: number } & Caller);

/** What the thread tells the platform; the platform turns these into webhooks and API answers. */
export type ThreadControlEmitted =
  | { type: 'refused'; refusal: Refusal }
  | { type: 'control_passed'; from: string; to: string; metadata: string | null }
  | { type: 'control_taken'; from: string; to: string; metadata: string | null }
  | { type: 'control_requested'; requester: string; owner: string; metadata: string | null }
  /** A role change took the owner's role away: the thread went back to the primary. */
  | { type: 'control_returned'; from: string; to: string }
  | { type: 'owner_read'; owner: string | null };

type AnyThreadEvent = ThreadControlEvent | { type: 'xstate.init'; input: ThreadControlInput };

const pageOf = (event: AnyThreadEvent): PageView => ('page' in event ? event.page : event.input.page);
const callerOf = (event: AnyThreadEvent): string | null => ('caller' in event ? event.caller : null);
const metadataOf = (event: AnyThreadEvent): string | null => ('metadata' in event ? event.metadata : null);

/** HOP v1: a secondary that passes without target_app_id passes to the primary (protocol.md §1.1). */
function passTarget(anyEvent: object): string | null {
  const event = anyEvent as AnyThreadEvent;
  if (event.type !== 'pass_thread_control') return null;
  const { roles } = event.page;
  if (event.target !== null) return event.target;
  return roleOf(roles, event.caller) === 'secondary' ? roles.primary : null;
}

export const threadControlMachine = setup({
  types: {
    context: {} as ThreadControlContext,
    events: {} as ThreadControlEvent,
    input: {} as ThreadControlInput,
    emitted: {} as ThreadControlEmitted,
  },
  guards: {
    ...sharedGuards,
    ...passGuards(passTarget),
    // HOP v1's snapshot holds only the owner: the platform hands each send the user's last message.
    ...windowGuards(({ event }) => (event as WindowedSend).lastUserMessageAt),
    handoverInactive: ({ event }) => !handoverActive(pageOf(event).roles),
    hasNoOwner: ({ context }) => context.owner === null,
    ownerIsPrimary: ({ context, event }) => context.owner !== null && pageOf(event).roles.primary === context.owner,
    ownerIsSecondary: ({ context, event }) => roleOf(pageOf(event).roles, context.owner) === 'secondary',
    callerHasNoRole: ({ event }) => roleOf(pageOf(event).roles, callerOf(event)) === null,
    callerIsPrimary: ({ event }) => roleOf(pageOf(event).roles, callerOf(event)) === 'primary',
    callerIsNotPrimary: ({ event }) => roleOf(pageOf(event).roles, callerOf(event)) !== 'primary',
    /** The primary may pass any thread; a secondary only one it owns. */
    callerMayNotPass: ({ context, event }) =>
      roleOf(pageOf(event).roles, callerOf(event)) !== 'primary' && callerOf(event) !== context.owner,
    passTargetHasNoRole: ({ event }) => roleOf(pageOf(event).roles, passTarget(event)) === null,
    passTargetIsOwner: ({ context, event }) => passTarget(event) === context.owner,
    passTargetIsPrimary: ({ event }) => roleOf(pageOf(event).roles, passTarget(event)) === 'primary',
    /** HOP v1 visibility: the primary sees every owner; a secondary sees only itself or the primary. */
    ownerHiddenFromCaller: ({ context, event }) => {
      const { roles } = pageOf(event);
      const caller = callerOf(event);
      return roleOf(roles, caller) !== 'primary' && caller !== context.owner && context.owner !== roles.primary;
    },
  },
  actions: {
    refuse: refuseAction<ThreadControlContext, ThreadControlEvent, ThreadControlEmitted>(),
    clearOwner: assign({ owner: null }),
    giveToPrimary: assign({ owner: ({ event }) => pageOf(event).roles.primary }),
    giveToPassTarget: assign({ owner: ({ event }) => passTarget(event) }),
    // Emitted before the owner changes, so `from` is the previous owner.
    emitControlPassed: emit(({ context, event }) => ({
      type: 'control_passed' as const,
      from: context.owner ?? '',
      to: passTarget(event) ?? '',
      metadata: metadataOf(event),
    })),
    emitControlTaken: emit(({ context, event }) => ({
      type: 'control_taken' as const,
      from: context.owner ?? '',
      to: pageOf(event).roles.primary ?? '',
      metadata: metadataOf(event),
    })),
    emitControlRequested: emit(({ context, event }) => ({
      type: 'control_requested' as const,
      requester: callerOf(event) ?? '',
      owner: context.owner ?? '',
      metadata: metadataOf(event),
    })),
    emitControlReturned: emit(({ context, event }) => ({
      type: 'control_returned' as const,
      from: context.owner ?? '',
      to: pageOf(event).roles.primary ?? '',
    })),
    emitOwnerRead: emit(({ context }) => ({ type: 'owner_read' as const, owner: context.owner })),
  },
}).createMachine({
  id: 'threadControl',
  context: { owner: null },
  initial: 'resolvingOwner',
  on: {
    release_thread_control: { actions: refuse('not_in_protocol') },
    extend_thread_control: { actions: refuse('not_in_protocol') },
  },
  states: {
    /** Entered when the thread starts and after every role change: who owns it under the new roles? */
    resolvingOwner: {
      always: [
        { guard: 'handoverInactive', target: 'handoverInactive', actions: 'clearOwner' },
        { guard: 'ownerIsPrimary', target: 'handoverActive.withPrimary' },
        { guard: 'ownerIsSecondary', target: 'handoverActive.withSecondary' },
        // New threads belong to the primary.
        { guard: 'hasNoOwner', target: 'handoverActive.withPrimary', actions: 'giveToPrimary' },
        // The owner lost its role: its threads go back to the primary.
        { target: 'handoverActive.withPrimary', actions: ['emitControlReturned', 'giveToPrimary'] },
      ],
    },
    /** No owner, no standby: every app gets `messaging` and may send; handover calls are refused. */
    handoverInactive: {
      on: {
        app_roles_changed: { target: 'resolvingOwner' },
        pass_thread_control: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { actions: refuse('handover_inactive') },
        ],
        take_thread_control: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { actions: refuse('handover_inactive') },
        ],
        request_thread_control: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { actions: refuse('handover_inactive') },
        ],
        read_thread_owner: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { actions: 'emitOwnerRead' },
        ],
        // Every app may send, within the messaging window.
        send: [{ guard: 'carriesThreadControl', actions: refuse('thread_control_needs_routing') }, ...messagingWindowBranches],
      },
    },
    handoverActive: {
      initial: 'withPrimary',
      states: {
        withPrimary: {},
        withSecondary: {},
      },
      on: {
        app_roles_changed: { target: 'resolvingOwner' },
        pass_thread_control: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'callerMayNotPass', actions: refuse('pass_by_non_owner') },
          { guard: 'passTargetMissing', actions: refuse('target_app_id_required') },
          { guard: 'passTargetNotInstalled', actions: refuse('incorrect_app_id') },
          { guard: 'passTargetHasNoRole', actions: refuse('target_has_no_role') },
          { guard: 'passTargetIsCaller', actions: refuse('pass_to_self') },
          { guard: 'passTargetIsOwner', actions: refuse('target_already_owner') },
          { guard: 'passTargetIsPrimary', target: '.withPrimary', actions: ['emitControlPassed', 'giveToPassTarget'] },
          { target: '.withSecondary', actions: ['emitControlPassed', 'giveToPassTarget'] },
        ],
        take_thread_control: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'callerIsNotPrimary', actions: refuse('take_by_non_primary') },
          { guard: 'ownerIsPrimary', actions: refuse('already_thread_owner') },
          { target: '.withPrimary', actions: ['emitControlTaken', 'giveToPrimary'] },
        ],
        request_thread_control: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'callerIsPrimary', actions: refuse('request_by_primary') },
          { guard: 'callerIsOwner', actions: refuse('already_thread_owner') },
          // A request never changes the owner: the primary decides.
          { actions: 'emitControlRequested' },
        ],
        send: [
          { guard: 'carriesThreadControl', actions: refuse('thread_control_needs_routing') },
          { guard: 'callerIsNotOwner', actions: refuse('send_not_owner') },
          ...messagingWindowBranches,
        ],
        read_thread_owner: [
          { guard: 'callerHasNoRole', actions: refuse('no_role') },
          { guard: 'ownerHiddenFromCaller', actions: refuse('owner_not_visible') },
          { actions: 'emitOwnerRead' },
        ],
      },
    },
  },
});

export type ThreadControlMachine = typeof threadControlMachine;
