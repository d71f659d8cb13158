import { assign, emit, setup } from 'xstate';

/**
 * The customer on Messenger, for one thread. The user writes, taps buttons and quick replies (scripted, or
 * from the seeded generator) and sees what the page sends back. `waitingForReply` with a growing `unanswered`
 * count is how a deaf bot looks from the user's side.
 */
/**
 * Where the user came from, for Conversation Routing's entry points, as the user's Messenger tells Meta: an
 * m.me link's `ref`, or an ad's `ad_id` (the names of the `messaging_referrals` webhook).
 */
export type Referral = { ref: string } | { ad_id: string };

export type UserEffect =
  | { type: 'user_writes'; text: string; referral?: Referral }
  | { type: 'user_taps'; title: string; payload: string }
  /** A quick reply: Messenger sends its title as the message's text, with the payload beside it. */
  | { type: 'user_taps_quick_reply'; title: string; payload: string };

export type UserEvent =
  | { type: 'write'; text: string; referral?: Referral }
  | { type: 'tap'; title: string; payload: string }
  | { type: 'tap_quick_reply'; title: string; payload: string }
  /** The page sent something to the user (any app, or a human in the inbox). */
  | { type: 'page_message'; text: string };

export interface UserContext {
  /** Messages written since the page last answered. */
  unanswered: number;
}

export const userMachine = setup({
  types: {
    context: {} as UserContext,
    events: {} as UserEvent,
    emitted: {} as UserEffect,
  },
  actions: {
    writes: emit(({ event }) => ({
      type: 'user_writes' as const,
      text: event.type === 'write' ? event.text : '',
      ...(event.type === 'write' && event.referral && { referral: event.referral }),
    })),
    taps: emit(({ event }) => ({
      type: 'user_taps' as const,
      title: event.type === 'tap' ? event.title : '',
      payload: event.type === 'tap' ? event.payload : '',
    })),
    tapsQuickReply: emit(({ event }) => ({
      type: 'user_taps_quick_reply' as const,
      title: event.type === 'tap_quick_reply' ? event.title : '',
      payload: event.type === 'tap_quick_reply' ? event.payload : '',
    })),
    countUnanswered: assign({ unanswered: ({ context }) => context.unanswered + 1 }),
    clearUnanswered: assign({ unanswered: 0 }),
  },
}).createMachine({
  id: 'user',
  context: { unanswered: 0 },
  initial: 'idle',
  on: {
    write: { target: '.waitingForReply', actions: ['writes', 'countUnanswered'] },
    tap: { target: '.waitingForReply', actions: ['taps', 'countUnanswered'] },
    tap_quick_reply: { target: '.waitingForReply', actions: ['tapsQuickReply', 'countUnanswered'] },
  },
  states: {
    idle: {},
    waitingForReply: {
      on: { page_message: { target: 'idle', actions: 'clearUnanswered' } },
    },
  },
});

export type UserMachine = typeof userMachine;
