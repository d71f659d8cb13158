import { emit, setup } from 'xstate';
import { includesKeyword, type ApiResult, type AppEffect, type WebhookEvent } from './app-events.js';

/**
 * A live-chat app as a Secondary Receiver, for one user's thread. While another app has the thread it
 * watches `standby` and requests control when the user asks for a human (a request is not a grant: it
 * waits for `pass_thread_control`). An agent picks the thread up when control is passed, replies, and
 * passes control back to the primary when the user is done or the agent hands back.
 */
export interface SecondaryReceiverSettings {
  requestKeywords: readonly string[];
  closeKeywords: readonly string[];
  agentGreeting: string;
  agentReply: string;
  agentGoodbye: string;
}

export const DEFAULT_SECONDARY_SETTINGS: SecondaryReceiverSettings = {
  requestKeywords: ['human'],
  closeKeywords: ['thanks', 'bye'],
  agentGreeting: 'Hi, this is Sam from support. How can I help?',
  agentReply: 'Let me check that for you.',
  agentGoodbye: 'Glad I could help. Handing you back to the bot.',
};

export interface SecondaryReceiverContext {
  settings: SecondaryReceiverSettings;
}

export type SecondaryReceiverEvent = WebhookEvent | ApiResult | { type: 'hand_back' } | { type: 'agent_reply'; text: string };

export const secondaryReceiverMachine = setup({
  types: {
    context: {} as SecondaryReceiverContext,
    events: {} as SecondaryReceiverEvent,
    input: {} as { settings?: SecondaryReceiverSettings } | undefined,
    emitted: {} as AppEffect,
  },
  guards: {
    onMessaging: ({ event }) => 'channel' in event && event.channel === 'messaging',
    asksForHuman: ({ context, event }) =>
      event.type === 'message' && event.channel === 'standby' && includesKeyword(event.text, context.settings.requestKeywords),
    saysGoodbye: ({ context, event }) =>
      event.type === 'message' && event.channel === 'messaging' && includesKeyword(event.text, context.settings.closeKeywords),
    requestAnswered: ({ event }) => event.type === 'api_result' && event.call === 'request_thread_control',
    requestRefused: ({ event }) => event.type === 'api_result' && event.call === 'request_thread_control' && !event.ok,
    passSucceeded: ({ event }) => event.type === 'api_result' && event.call === 'pass_thread_control' && event.ok,
    passFailed: ({ event }) => event.type === 'api_result' && event.call === 'pass_thread_control' && !event.ok,
  },
  actions: {
    callRequest: emit(() => ({ type: 'call' as const, call: 'request_thread_control' as const, metadata: 'the user asked for a human' })),
    callSendGreeting: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.agentGreeting })),
    callSendReply: emit(({ context, event }) => ({
      type: 'call' as const,
      call: 'send' as const,
      text: event.type === 'agent_reply' ? event.text : context.settings.agentReply,
    })),
    callSendGoodbye: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.agentGoodbye })),
    // No target_app_id: a secondary's pass goes to the primary.
    callPassBack: emit(() => ({ type: 'call' as const, call: 'pass_thread_control' as const, target: null, metadata: 'conversation resolved' })),
    note: emit((_, params: { text: string }) => ({ type: 'note' as const, text: params.text })),
  },
}).createMachine({
  id: 'secondaryReceiver',
  context: ({ input }) => ({ settings: input?.settings ?? DEFAULT_SECONDARY_SETTINGS }),
  initial: 'watching',
  on: {
    // The primary took the thread back: whatever the agent was doing, it is over.
    take_thread_control: { target: '.watching' },
  },
  states: {
    /** Another app has the thread; standby shows what the user says. */
    watching: {
      on: {
        message: { guard: 'asksForHuman', target: 'requesting', actions: 'callRequest' },
        pass_thread_control: { target: 'chatting', actions: 'callSendGreeting' },
      },
    },
    requesting: {
      on: {
        api_result: [
          { guard: 'requestRefused', target: 'watching' },
          { guard: 'requestAnswered', target: 'awaitingControl' },
        ],
        pass_thread_control: { target: 'chatting', actions: 'callSendGreeting' },
      },
    },
    /** Requested: the primary may pass the thread, or ignore the request. */
    awaitingControl: {
      on: {
        pass_thread_control: { target: 'chatting', actions: 'callSendGreeting' },
      },
    },
    /** An agent has the thread. */
    chatting: {
      on: {
        message: [
          { guard: 'saysGoodbye', target: 'handingBack', actions: ['callSendGoodbye', 'callPassBack'] },
          { guard: 'onMessaging', actions: 'callSendReply' },
        ],
        agent_reply: { actions: 'callSendReply' },
        hand_back: { target: 'handingBack', actions: 'callPassBack' },
      },
    },
    handingBack: {
      on: {
        api_result: [
          { guard: 'passSucceeded', target: 'watching' },
          // Refused: the thread is no longer ours (the primary took or passed it on, or our role is gone).
          { guard: 'passFailed', target: 'watching', actions: { type: 'note', params: { text: 'passing back was refused: the thread is no longer with this app' } } },
        ],
      },
    },
  },
});

export type SecondaryReceiverMachine = typeof secondaryReceiverMachine;
