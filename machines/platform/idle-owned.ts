import { assign, emit, raise, type EventObject } from 'xstate';
import { CONTROL_WINDOW_MS, EXTEND_MAX_SECONDS, later } from './control-window.js';
import type { EntryPointRef } from './entry-points.js';
import type { SendTiming } from './messaging-window.js';
import type { Refusal } from './refusals.js';
import type { PageView } from './roles.js';
import { callerOf, messagingWindowBranches, metadataOf, passGuards, refuse, refuseAction, sharedGuards, windowGuards } from './thread-rules.js';

const refuseActionFor = <E extends EventObject>() => refuseAction<IdleOwnedContext, E, IdleOwnedEmitted>();

/**
 * What HOP v2 and Conversation Routing share (protocol.md §1.4–1.6, §4.3): a thread is `idle` or `owned`;
 * control lasts until a deadline (`expiresAt`) that user messages, control changes and
 * `extend_thread_control` move; `release_thread_control` ends it at once. Expiry is lazy: an owned thread
 * whose deadline has passed turns idle when the next event touches it, then handles that event as idle.
 * Neither expiry nor release sends a webhook.
 */
export interface IdleOwnedContext {
  owner: string | null;
  expiresAt: number | null;
  lastUserMessageAt: number | null;
}

export interface IdleOwnedInput<P extends PageView = PageView> {
  page: P;
  now: number;
  /** When the user last wrote, if before this thread was loaded (a world's users: when the world loaded). */
  lastUserMessageAt?: number | null;
}

/** The Send API's `thread_control` (protocol.md §3): pass to `appId` (or the default app), or release. */
export interface InlineThreadControl {
  appId: string | null;
  controlType: 'pass' | 'release';
}

type At<P> = { page: P; now: number };
type By<P> = At<P> & { caller: string };
type WithMetadata = { metadata: string | null };

export type IdleOwnedEvent<P extends PageView = PageView> =
  | ({ type: 'user_message'; entryPoint: EntryPointRef | null } & At<P>)
  /** A read of the thread by the platform itself (admin, invariants): only lets the clock act. */
  | ({ type: 'touch' } & At<P>)
  | ({ type: 'app_roles_changed' } & At<P>)
  | ({ type: 'pass_thread_control'; target: string | null } & By<P> & WithMetadata)
  | ({ type: 'take_thread_control' } & By<P> & WithMetadata)
  | ({ type: 'request_thread_control' } & By<P> & WithMetadata)
  | ({ type: 'release_thread_control' } & By<P>)
  | ({ type: 'extend_thread_control'; durationSeconds: number } & By<P>)
  | ({ type: 'send'; timing: SendTiming; threadControl: InlineThreadControl | null } & By<P>)
  | ({ type: 'read_thread_owner' } & By<P>)
  /** A human in the Page Inbox moves the thread to Main or replies: the inbox takes control (CR, protocol.md §4.2). */
  | ({ type: 'inbox_take' } & By<P>)
  /** A human marks the thread Done in the Page Inbox (CR). */
  | ({ type: 'inbox_done' } & By<P>);

export type IdleOwnedEmitted =
  | { type: 'refused'; refusal: Refusal }
  | { type: 'control_passed'; from: string | null; to: string; metadata: string | null }
  | { type: 'control_taken'; from: string | null; to: string; metadata: string | null }
  | { type: 'control_requested'; requester: string; owner: string; metadata: string | null }
  /** An idle thread's user wrote and the routing gave it to an app: no webhook, the app hears `messaging`. */
  | { type: 'control_routed'; to: string }
  | { type: 'control_released'; from: string }
  | { type: 'control_expired'; from: string }
  | { type: 'control_extended'; owner: string; expiresAt: number }
  | { type: 'owner_read'; owner: string | null; expiresAt: number | null; appIdVisible: boolean };

const nowOf = (event: object): number => (event as { now?: number }).now ?? 0;
const threadControlOf = (event: object): InlineThreadControl | null => (event as { threadControl?: InlineThreadControl | null }).threadControl ?? null;
const durationOf = (event: object): number => (event as { durationSeconds?: number }).durationSeconds ?? 0;

export interface GenerationRules {
  /** The app a pass (or an inline `thread_control` pass) goes to; null when it needs `target_app_id`. */
  passTarget(event: object): string | null;
  /** Whether `thread_owner` shows the owner's `app_id` to the caller, or only the expiration. */
  appIdVisible(owner: string, event: object): boolean;
}

/** The guards and actions of the idle/owned machines, given the two rules in which the generations differ. */
export function idleOwnedImplementations<E extends EventObject>(rules: GenerationRules) {
  const { passTarget } = rules;
  type Args = { context: IdleOwnedContext; event: E };
  const emitOf = (make: (args: Args) => IdleOwnedEmitted) => emit<IdleOwnedContext, E, undefined, E, IdleOwnedEmitted>(make);
  const assignOf = (make: (args: Args) => Partial<IdleOwnedContext>) => assign<IdleOwnedContext, E, undefined, E, never>(make);
  return {
    guards: {
      ...sharedGuards,
      ...passGuards(passTarget),
      ...windowGuards(({ context }) => (context as IdleOwnedContext).lastUserMessageAt),
      controlExpired: ({ context, event }: Args) => context.expiresAt !== null && nowOf(event) >= context.expiresAt,
      durationTooLong: ({ event }: Args) => durationOf(event) > EXTEND_MAX_SECONDS,
      inlinePass: ({ event }: Args) => threadControlOf(event)?.controlType === 'pass',
      inlineRelease: ({ event }: Args) => threadControlOf(event)?.controlType === 'release',
    },
    actions: {
      refuse: refuseActionFor<E>(),
      /** The deadline passed: the thread is idle, and the event that found it out is handled as idle. */
      emitControlExpired: emitOf(({ context }: Args) => ({ type: 'control_expired', from: context.owner ?? '' })),
      replayEvent: raise<IdleOwnedContext, E, E, undefined>(({ event }) => event),
      clearControl: assignOf(() => ({ owner: null, expiresAt: null })),
      /** A user message refreshes the messaging window and an owner's control (never shortening it). */
      noteUserMessage: assignOf(({ context, event }: Args) => ({
        lastUserMessageAt: nowOf(event),
        expiresAt: context.owner === null ? null : later(context.expiresAt, nowOf(event) + CONTROL_WINDOW_MS),
      })),
      // Emitted before the owner changes, so `from` is the previous owner (null from idle).
      emitControlPassed: emitOf(({ context, event }: Args) => ({
        type: 'control_passed',
        from: context.owner,
        to: passTarget(event) ?? '',
        metadata: metadataOf(event),
      })),
      /** Any control action resets the control window to one day (protocol.md §4.3). */
      giveToPassTarget: assignOf(({ event }: Args) => ({ owner: passTarget(event), expiresAt: nowOf(event) + CONTROL_WINDOW_MS })),
      emitControlTaken: emitOf(({ context, event }: Args) => ({
        type: 'control_taken',
        from: context.owner,
        to: callerOf(event) ?? '',
        metadata: metadataOf(event),
      })),
      emitPassedToCaller: emitOf(({ context, event }: Args) => ({
        type: 'control_passed',
        from: context.owner,
        to: callerOf(event) ?? '',
        metadata: metadataOf(event),
      })),
      giveToCaller: assignOf(({ event }: Args) => ({ owner: callerOf(event), expiresAt: nowOf(event) + CONTROL_WINDOW_MS })),
      emitControlRequested: emitOf(({ context, event }: Args) => ({
        type: 'control_requested',
        requester: callerOf(event) ?? '',
        owner: context.owner ?? '',
        metadata: metadataOf(event),
      })),
      emitControlReleased: emitOf(({ context }: Args) => ({ type: 'control_released', from: context.owner ?? '' })),
      extendControl: assignOf(({ context, event }: Args) => ({ expiresAt: later(context.expiresAt, nowOf(event) + durationOf(event) * 1000) })),
      emitControlExtended: emitOf(({ context }: Args) => ({ type: 'control_extended', owner: context.owner ?? '', expiresAt: context.expiresAt ?? 0 })),
      emitOwnerRead: emitOf(({ context, event }: Args) => ({
        type: 'owner_read',
        owner: context.owner,
        expiresAt: context.expiresAt,
        appIdVisible: context.owner !== null && rules.appIdVisible(context.owner, event),
      })),
    },
  };
}

/** First branch of every event an owned thread handles: a passed deadline makes it idle, then the event replays. */
const expiry = { guard: 'controlExpired', target: 'idle', actions: ['emitControlExpired', 'clearControl', 'replayEvent'] } as const;
export const expiring = <const B extends readonly object[]>(...branches: B) => [expiry, ...branches] as const;

/** What an idle thread answers the same way in both generations. */
export const idleCommon = {
  // Anyone may pass an idle thread, to any app, itself included (protocol.md §1.1).
  pass_thread_control: [
    { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
    { guard: 'passTargetMissing', actions: refuse('target_app_id_required') },
    { guard: 'passTargetNotInstalled', actions: refuse('incorrect_app_id') },
    { target: 'owned', actions: ['emitControlPassed', 'giveToPassTarget'] },
  ],
  release_thread_control: { actions: refuse('release_by_non_owner') },
  extend_thread_control: { actions: refuse('extend_by_non_owner') },
  read_thread_owner: { actions: 'emitOwnerRead' },
} as const;

/** What an owned thread answers the same way in both generations. */
export const ownedCommon = {
  pass_thread_control: expiring(
    { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
    { guard: 'callerIsNotOwner', actions: refuse('pass_not_owner_nor_idle') },
    { guard: 'passTargetMissing', actions: refuse('target_app_id_required') },
    { guard: 'passTargetNotInstalled', actions: refuse('incorrect_app_id') },
    { guard: 'passTargetIsCaller', actions: refuse('pass_to_self') },
    { actions: ['emitControlPassed', 'giveToPassTarget'] },
  ),
  touch: expiring(),
  user_message: expiring({ actions: 'noteUserMessage' }),
  release_thread_control: expiring(
    { guard: 'callerIsNotOwner', actions: refuse('release_by_non_owner') },
    { target: 'idle', actions: ['emitControlReleased', 'clearControl'] },
  ),
  extend_thread_control: expiring(
    { guard: 'callerIsNotOwner', actions: refuse('extend_by_non_owner') },
    { guard: 'durationTooLong', actions: refuse('extend_duration_too_long') },
    { actions: ['extendControl', 'emitControlExtended'] },
  ),
  read_thread_owner: expiring({ actions: 'emitOwnerRead' }),
} as const;

export { messagingWindowBranches };
