import { emit, type EventObject, type MachineContext } from 'xstate';
import { METADATA_MAX_LENGTH } from './limits.js';
import { isRetiredTag, outsideMessagingWindow, type SendTiming } from './messaging-window.js';
import type { Refusal } from './refusals.js';
import { isInstalled, type PageView } from './roles.js';

/**
 * The rules every generation shares (HOP v1, HOP v2, Conversation Routing), written once: each thread
 * machine spreads these guards and actions into its `setup()`, so a fix here is a fix everywhere.
 * They read only what all three machines have: the owner, and the caller, page and metadata of the event.
 */
type SharedContext = { owner: string | null };
type SharedEvent = { type: string; page?: PageView; caller?: string; metadata?: string | null; input?: { page: PageView } };
type Args = { context: SharedContext; event: object };

export const pageOf = (event: object): PageView => {
  const e = event as SharedEvent;
  return e.page ?? e.input!.page;
};
export const callerOf = (event: object): string | null => (event as SharedEvent).caller ?? null;
export const metadataOf = (event: object): string | null => (event as SharedEvent).metadata ?? null;

/** The refusal action: every machine emits `{type:'refused', refusal}` the same way. */
export const refuseAction = <C extends MachineContext, E extends EventObject, X extends { type: 'refused'; refusal: Refusal } | EventObject>() =>
  emit<C, E, { refusal: Refusal }, E, X>((_, params) => ({ type: 'refused', refusal: params.refusal }) as X);
export const refuse = (refusal: Refusal) => ({ type: 'refuse', params: { refusal } }) as const;

export const sharedGuards = {
  /** Metadata over METADATA_MAX_LENGTH characters (limits.ts) is refused by every call that takes it. */
  metadataTooLong: ({ event }: Args) => (metadataOf(event)?.length ?? 0) > METADATA_MAX_LENGTH,
  callerIsOwner: ({ context, event }: Args) => callerOf(event) === context.owner,
  /** The send rule while a thread is owned: only its owner sends (#10 / 2018300). */
  callerIsNotOwner: ({ context, event }: Args) => callerOf(event) !== context.owner,
  /** A send that moves control inline (`thread_control`): Conversation Routing only (protocol.md §3). */
  carriesThreadControl: ({ event }: Args) => ((event as { threadControl?: unknown }).threadControl ?? null) !== null,
};

/**
 * The pass rules, given how a generation picks the target when `target_app_id` is missing
 * (v1: the primary, for a secondary; v2: the primary; CR: the default application).
 */
export function passGuards(passTarget: (event: object) => string | null) {
  return {
    passTargetMissing: ({ event }: Args) => passTarget(event) === null,
    passTargetNotInstalled: ({ event }: Args) => !isInstalled(pageOf(event), passTarget(event) ?? ''),
    /** Passing to oneself is refused: it is no way to keep a thread (protocol.md §1.1). */
    passTargetIsCaller: ({ event }: Args) => passTarget(event) === callerOf(event),
  };
}

/** A send's timing, and the moment it happens: what the messaging window needs (protocol.md §3). */
export interface WindowedSend {
  timing?: SendTiming;
  now?: number;
  /** HOP v1 keeps no time in its snapshot: the platform hands it the user's last message with each send. */
  lastUserMessageAt?: number | null;
}
const timingOf = (event: object): SendTiming => (event as WindowedSend).timing ?? { messagingType: null, tag: null };

/**
 * The messaging-window guards, given where a machine keeps the time of the user's last message
 * (`undefined`: the event carries no clock, so the window is not judged).
 */
export function windowGuards(lastUserMessageAt: (args: Args) => number | null | undefined) {
  return {
    messageTagRetired: ({ event }: Args) => isRetiredTag(timingOf(event)),
    outsideMessagingWindow: (args: Args) => {
      const last = lastUserMessageAt(args);
      const now = (args.event as WindowedSend).now;
      return last !== undefined && now !== undefined && outsideMessagingWindow(last, now, timingOf(args.event));
    },
  };
}

/** The first branches of every `send`: a retired tag, then the window (after the ownership rule). */
export const messagingWindowBranches = [
  { guard: 'messageTagRetired', actions: refuse('message_tag_retired') },
  { guard: 'outsideMessagingWindow', actions: refuse('outside_messaging_window') },
] as const;
