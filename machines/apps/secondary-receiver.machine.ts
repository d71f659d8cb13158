import { and, assign, emit, setup } from 'xstate';
import { includesKeyword, type ApiResult, type AppEffect, type WebhookEvent } from './app-events.js';

/**
 * A live-chat app as a Secondary Receiver, for one user's thread. While another app has the thread it
 * watches `standby` and requests control when the user asks for a human (a request is not a grant: it
 * waits for `pass_thread_control`). An agent picks the thread up when control is passed, replies, and
 * passes control back to the primary when the user is done or the agent hands back.
 *
 * Under HOP v2 and Conversation Routing the same app may be set up differently (settings), and it learns
 * what a real app learns there: with the take permission it takes the thread instead of requesting it;
 * in zero-config every app hears the user on `messaging`, so a request may start from there; it may hand
 * back by releasing the thread (idle, no webhook) instead of passing it; it may extend its control; and when
 * the user's message arrives on `standby` while an agent is chatting, control is gone (expired, released or
 * taken without a webhook it heard): the agent stops. An agent's late reply refused for the messaging window
 * (2018278) is sent again with the HUMAN_AGENT tag when the app has that feature.
 */
export interface SecondaryReceiverSettings {
  requestKeywords: readonly string[];
  closeKeywords: readonly string[];
  agentGreeting: string;
  agentReply: string;
  agentGoodbye: string;
  /** How the app gets a thread the user wants a human for: ask the owner, or take it (CR: needs the page's take permission). */
  getsControlBy: 'request' | 'take';
  /** How the agent hands the thread back: pass it (to the primary, or CR's default app), or release it to idle. */
  handsBackBy: 'pass' | 'release';
  /** Extend control by this many seconds as soon as the agent has the thread (HOP v2 / CR); null: never. */
  extendControlSeconds: number | null;
  /** The app has Meta's Human Agent feature: a reply refused for the 24-hour window goes again tagged HUMAN_AGENT. */
  humanAgentTag: boolean;
}

export const DEFAULT_SECONDARY_SETTINGS: SecondaryReceiverSettings = {
  requestKeywords: ['human'],
  closeKeywords: ['thanks', 'bye'],
  agentGreeting: 'Hi, this is Sam from support. How can I help?',
  agentReply: 'Let me check that for you.',
  agentGoodbye: 'Glad I could help. Handing you back to the bot.',
  getsControlBy: 'request',
  handsBackBy: 'pass',
  extendControlSeconds: null,
  humanAgentTag: false,
};

/** Meta's subcode for a send outside the messaging window (protocol.md §3), as the app reads it in the answer. */
const OUTSIDE_MESSAGING_WINDOW = 2018278;

export interface SecondaryReceiverContext {
  settings: SecondaryReceiverSettings;
  /** The agent's last reply, to send again with a tag if the window refused it. */
  lastReply: string | null;
}

export type SecondaryReceiverEvent = WebhookEvent | ApiResult | { type: 'hand_back' } | { type: 'agent_reply'; text: string };

/** Given the thread (a pass, granted or not asked for): the agent greets the user, and extends control if set to. */
const handedTheThread = [
  { guard: 'extends', target: 'chatting', actions: ['callSendGreeting', 'callExtend'] },
  { target: 'chatting', actions: 'callSendGreeting' },
] as const;

export const secondaryReceiverMachine = setup({
  types: {
    context: {} as SecondaryReceiverContext,
    events: {} as SecondaryReceiverEvent,
    input: {} as { settings?: SecondaryReceiverSettings } | undefined,
    emitted: {} as AppEffect,
  },
  guards: {
    onMessaging: ({ event }) => 'channel' in event && event.channel === 'messaging',
    onStandby: ({ event }) => 'channel' in event && event.channel === 'standby',
    // On standby while another app has the thread; on messaging in CR's zero-config (and HOP v1 inactive), where every app hears the user.
    asksForHuman: ({ context, event }) => event.type === 'message' && includesKeyword(event.text, context.settings.requestKeywords),
    takesControl: ({ context }) => context.settings.getsControlBy === 'take',
    releases: ({ context }) => context.settings.handsBackBy === 'release',
    extends: ({ context }) => context.settings.extendControlSeconds !== null,
    saysGoodbye: ({ context, event }) =>
      event.type === 'message' && event.channel === 'messaging' && includesKeyword(event.text, context.settings.closeKeywords),
    requestAnswered: ({ event }) => event.type === 'api_result' && event.call === 'request_thread_control',
    requestRefused: ({ event }) => event.type === 'api_result' && event.call === 'request_thread_control' && !event.ok,
    takeSucceeded: ({ event }) => event.type === 'api_result' && event.call === 'take_thread_control' && event.ok,
    takeFailed: ({ event }) => event.type === 'api_result' && event.call === 'take_thread_control' && !event.ok,
    passSucceeded: ({ event }) => event.type === 'api_result' && (event.call === 'pass_thread_control' || event.call === 'release_thread_control') && event.ok,
    passFailed: ({ event }) => event.type === 'api_result' && (event.call === 'pass_thread_control' || event.call === 'release_thread_control') && !event.ok,
    replyOutsideWindow: ({ context, event }) =>
      context.settings.humanAgentTag && context.lastReply !== null && event.type === 'api_result' && event.call === 'send' && event.subcode === OUTSIDE_MESSAGING_WINDOW,
  },
  actions: {
    callRequest: emit(() => ({ type: 'call' as const, call: 'request_thread_control' as const, metadata: 'the user asked for a human' })),
    callTake: emit(() => ({ type: 'call' as const, call: 'take_thread_control' as const, metadata: 'the user asked for a human' })),
    callExtend: emit(({ context }) => ({ type: 'call' as const, call: 'extend_thread_control' as const, durationSeconds: context.settings.extendControlSeconds ?? 0 })),
    callSendGreeting: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.agentGreeting })),
    callSendReply: emit(({ context, event }) => ({
      type: 'call' as const,
      call: 'send' as const,
      text: event.type === 'agent_reply' ? event.text : context.settings.agentReply,
    })),
    rememberReply: assign({ lastReply: ({ event }) => (event.type === 'agent_reply' ? event.text : null) }),
    callSendTaggedReply: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.lastReply ?? '', tag: 'HUMAN_AGENT' as const })),
    forgetReply: assign({ lastReply: null }),
    callSendGoodbye: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.agentGoodbye })),
    // No target_app_id: a secondary's pass goes to the primary (CR: to the default app).
    callPassBack: emit(() => ({ type: 'call' as const, call: 'pass_thread_control' as const, target: null, metadata: 'conversation resolved' })),
    callRelease: emit(() => ({ type: 'call' as const, call: 'release_thread_control' as const })),
    note: emit((_, params: { text: string }) => ({ type: 'note' as const, text: params.text })),
  },
}).createMachine({
  id: 'secondaryReceiver',
  context: ({ input }) => ({ settings: { ...DEFAULT_SECONDARY_SETTINGS, ...input?.settings }, lastReply: null }),
  initial: 'watching',
  on: {
    // The primary took the thread back: whatever the agent was doing, it is over.
    take_thread_control: { target: '.watching' },
  },
  states: {
    /** Another app has the thread; standby shows what the user says. */
    watching: {
      on: {
        message: [
          { guard: and(['asksForHuman', 'takesControl']), target: 'taking', actions: 'callTake' },
          { guard: 'asksForHuman', target: 'requesting', actions: 'callRequest' },
        ],
        pass_thread_control: handedTheThread,
      },
    },
    requesting: {
      on: {
        api_result: [
          { guard: 'requestRefused', target: 'watching' },
          { guard: 'requestAnswered', target: 'awaitingControl' },
        ],
        pass_thread_control: handedTheThread,
      },
    },
    /** Requested: the primary may pass the thread, or ignore it. */
    awaitingControl: {
      on: {
        pass_thread_control: handedTheThread,
      },
    },
    /** Took the thread (the take permission): granted at once, or refused. */
    taking: {
      on: {
        api_result: [
          { guard: and(['takeSucceeded', 'extends']), target: 'chatting', actions: ['callSendGreeting', 'callExtend'] },
          { guard: 'takeSucceeded', target: 'chatting', actions: 'callSendGreeting' },
          { guard: 'takeFailed', target: 'watching', actions: { type: 'note', params: { text: 'take refused: this app may not take the thread' } } },
        ],
      },
    },
    /** An agent has the thread. */
    chatting: {
      on: {
        message: [
          { guard: and(['saysGoodbye', 'releases']), target: 'handingBack', actions: ['callSendGoodbye', 'callRelease'] },
          { guard: 'saysGoodbye', target: 'handingBack', actions: ['callSendGoodbye', 'callPassBack'] },
          { guard: 'onMessaging', actions: 'callSendReply' },
          // The user's message came on standby: the thread is no longer ours (expired or released, no webhook).
          { guard: 'onStandby', target: 'watching', actions: { type: 'note', params: { text: 'the user wrote on standby: control has gone (expired, or released), the agent stops' } } },
        ],
        agent_reply: { actions: ['rememberReply', 'callSendReply'] },
        api_result: { guard: 'replyOutsideWindow', actions: ['callSendTaggedReply', 'forgetReply'] },
        hand_back: [
          { guard: 'releases', target: 'handingBack', actions: 'callRelease' },
          { target: 'handingBack', actions: 'callPassBack' },
        ],
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
