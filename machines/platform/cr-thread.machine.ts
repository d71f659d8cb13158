import { and, assign, emit, setup } from 'xstate';
import { idleRoute, type RoutedPageView } from './entry-points.js';
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
import { PAGE_INBOX_APP_ID } from './ids.js';
import { callerOf, refuse } from './thread-rules.js';

/**
 * One user's thread under Conversation Routing, what Meta runs today (protocol.md §0, §1.1–1.6, §2.4, §3,
 * §4.2–4.4). Idle or owned. A page with a default application routes idle threads to it (or to an entry
 * point's app); without one (zero-config) every app hears an idle thread and may answer it. Take needs a
 * default app and the app's take permission; request works only zero-config; the Send API can pass or
 * release inline.
 */
export type CrThreadEvent = IdleOwnedEvent<RoutedPageView>;

const pageOf = (event: object): RoutedPageView => (event as { page: RoutedPageView }).page;

/** A pass (or an inline `thread_control` pass) without an app id goes to the default application. */
function passTarget(event: object): string | null {
  const e = event as { type: string; target?: string | null; threadControl?: { appId: string | null } | null };
  const named = e.type === 'send' ? (e.threadControl?.appId ?? null) : (e.target ?? null);
  return named ?? pageOf(event).defaultApp;
}

const { guards, actions } = idleOwnedImplementations<CrThreadEvent>({
  passTarget,
  // The owner and the default application see who owns the thread; the others only until when.
  appIdVisible: (owner, event) => {
    const caller = callerOf(event);
    return caller === owner || caller === pageOf(event).defaultApp;
  },
});

const routeOf = (event: CrThreadEvent) =>
  event.type === 'user_message' ? idleRoute(pageOf(event), event.entryPoint) : null;

export const crThreadMachine = setup({
  types: {
    context: {} as IdleOwnedContext,
    events: {} as CrThreadEvent,
    input: {} as IdleOwnedInput<RoutedPageView>,
    emitted: {} as IdleOwnedEmitted,
  },
  guards: {
    ...guards,
    hasIdleRoute: ({ event }) => routeOf(event) !== null,
    noDefaultApp: ({ event }) => pageOf(event).defaultApp === null,
    defaultAppSet: ({ event }) => pageOf(event).defaultApp !== null,
    callerMayNotTake: ({ event }) => !pageOf(event).takeControl.includes(callerOf(event) ?? ''),
    /** While idle only the default application sends; zero-config, any app (protocol.md §3). */
    callerMayNotSendWhileIdle: ({ event }) => {
      const { defaultApp } = pageOf(event);
      return defaultApp !== null && callerOf(event) !== defaultApp;
    },
    callerIsPageInbox: ({ event }) => callerOf(event) === PAGE_INBOX_APP_ID,
  },
  actions: {
    ...actions,
    giveToIdleRoute: assign(({ event }) => {
      const route = routeOf(event)!;
      return { owner: route.appId, expiresAt: event.now + route.controlMs };
    }),
    emitControlRouted: emit(({ event }) => ({ type: 'control_routed' as const, to: routeOf(event)?.appId ?? '' })),
  },
}).createMachine({
  id: 'crThread',
  context: ({ input }) => ({ owner: null, expiresAt: null, lastUserMessageAt: input.lastUserMessageAt ?? null }),
  initial: 'idle',
  states: {
    /** Nobody controls the thread. Zero-config: every app hears `messaging` and may answer. */
    idle: {
      on: {
        ...idleCommon,
        user_message: [
          { guard: 'hasIdleRoute', target: 'owned', actions: ['noteUserMessage', 'giveToIdleRoute', 'emitControlRouted'] },
          { actions: 'noteUserMessage' },
        ],
        // Anyone may pass an idle thread, to any app, itself included (protocol.md §1.1).
        pass_thread_control: [
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'passTargetMissing', actions: refuse('target_app_id_required') },
          { guard: 'passTargetNotInstalled', actions: refuse('incorrect_app_id') },
          { target: 'owned', actions: ['emitControlPassed', 'giveToPassTarget'] },
        ],
        take_thread_control: [
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'noDefaultApp', actions: refuse('take_needs_default_app') },
          { guard: 'callerMayNotTake', actions: refuse('take_not_permitted') },
          { target: 'owned', actions: ['emitControlTaken', 'giveToCaller'] },
        ],
        // Zero-config only; on an idle thread the first requester gets control at once, with a pass webhook.
        request_thread_control: [
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'defaultAppSet', actions: refuse('request_needs_zero_config') },
          { target: 'owned', actions: ['emitPassedToCaller', 'giveToCaller'] },
        ],
        send: [
          { guard: 'callerMayNotSendWhileIdle', actions: refuse('send_idle_not_default_app') },
          ...messagingWindowBranches,
          { guard: and(['inlinePass', 'passTargetMissing']), actions: refuse('target_app_id_required') },
          { guard: and(['inlinePass', 'passTargetNotInstalled']), actions: refuse('incorrect_app_id') },
          { guard: 'inlinePass', target: 'owned', actions: ['emitControlPassed', 'giveToPassTarget'] },
        ],
        inbox_take: { target: 'owned', actions: ['emitControlTaken', 'giveToCaller'] },
        inbox_done: { actions: refuse('release_by_non_owner') },
      },
    },
    /** One app controls the thread until `expiresAt`: only it sends, the default app included. */
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
          { guard: 'noDefaultApp', actions: refuse('take_needs_default_app') },
          { guard: 'callerMayNotTake', actions: refuse('take_not_permitted') },
          { guard: 'callerIsOwner', actions: refuse('already_thread_owner') },
          { actions: ['emitControlTaken', 'giveToCaller'] },
        ),
        request_thread_control: expiring(
          { guard: 'metadataTooLong', actions: refuse('metadata_too_long') },
          { guard: 'defaultAppSet', actions: refuse('request_needs_zero_config') },
          { guard: 'callerIsOwner', actions: refuse('already_thread_owner') },
          { actions: 'emitControlRequested' },
        ),
        send: expiring(
          { guard: 'callerIsNotOwner', actions: refuse('send_not_owner') },
          ...messagingWindowBranches,
          { guard: and(['inlinePass', 'passTargetMissing']), actions: refuse('target_app_id_required') },
          { guard: and(['inlinePass', 'passTargetNotInstalled']), actions: refuse('incorrect_app_id') },
          { guard: and(['inlinePass', 'passTargetIsCaller']), actions: refuse('pass_to_self') },
          { guard: 'inlinePass', actions: ['emitControlPassed', 'giveToPassTarget'] },
          { guard: 'inlineRelease', target: 'idle', actions: ['emitControlReleased', 'clearControl'] },
        ),
        // The Page Inbox is Meta's own: a human's action takes control without the take permission.
        inbox_take: expiring(
          { guard: 'callerIsOwner' },
          { actions: ['emitControlTaken', 'giveToCaller'] },
        ),
        // Done: back to the default application (with a pass webhook, as v1's Done); zero-config, released.
        inbox_done: expiring(
          { guard: 'callerIsNotOwner', actions: refuse('release_by_non_owner') },
          { guard: 'noDefaultApp', target: 'idle', actions: ['emitControlReleased', 'clearControl'] },
          { actions: ['emitControlPassed', 'giveToPassTarget'] },
        ),
      },
    },
  },
});

export type CrThreadMachine = typeof crThreadMachine;
