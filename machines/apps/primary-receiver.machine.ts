import { and, assign, emit, setup } from 'xstate';
import { PAGE_INBOX_APP_ID } from '../platform/ids.js';
import { includesKeyword, type ApiResult, type AppEffect, type TimerFired, type WebhookEvent } from './app-events.js';

/**
 * The Primary Receiver as ManyChat plays it, for one user's thread, from the bot's side: it knows only
 * what its webhooks and API answers told it.
 *
 * Automation answers the user. "Open Conversation" (a keyword, or a flow step) passes control to the
 * configured LiveChat app. While the LiveChat app has the thread the bot listens on `standby`: it takes
 * control back on a keyword or after a wait, and resumes when control is passed back (Page Inbox "Done").
 * When ManyChat itself is the LiveChat app, Open Conversation passes nothing: automation pauses while a
 * human answers inside ManyChat, and closing the conversation resumes it.
 * Sequences and broadcasts try to send whatever the state, and each refusal is noted, never a crash.
 *
 * Under HOP v2 and Conversation Routing, where ManyChat is the page's default app, it no longer owns every
 * thread: a thread may be idle, control may expire or be released without a webhook, and an app with the
 * take permission may take it. The bot learns this only from what reaches it: a user message on `messaging`
 * while it believed another app had the thread means the thread came back (idle, routed to the default app);
 * a `take_thread_control` means another app took it. With `inlineThreadControl`, Open Conversation is one
 * Send API call that carries the pass (`thread_control`), instead of a send followed by a pass.
 */
export interface PrimaryReceiverSettings {
  /** ManyChat's "LiveChat app": where Open Conversation passes the thread (the Page Inbox, a live-chat app). */
  liveChatAppId: string;
  openConversationKeywords: readonly string[];
  takeBackKeywords: readonly string[];
  /** Grant `request_thread_control` by passing to the requester, or ignore it. */
  honourRequests: boolean;
  /** Take the thread back after this long with the LiveChat app; null: never on its own. */
  takeBackAfterMs: number | null;
  autoReply: string;
  /** Sent just before Open Conversation passes the thread. */
  handoverNotice: string;
  welcomeBack: string;
  openConversationMetadata: string;
  /** Open Conversation as one Send API call with `thread_control: {app_id, control_type: "pass"}` (Conversation Routing). */
  inlineThreadControl: boolean;
}

export const DEFAULT_PRIMARY_SETTINGS: PrimaryReceiverSettings = {
  liveChatAppId: PAGE_INBOX_APP_ID,
  openConversationKeywords: ['agent'],
  takeBackKeywords: ['bot', '/back'],
  honourRequests: true,
  takeBackAfterMs: null,
  autoReply: 'Thanks for your message! Type "agent" to talk to a human.',
  handoverNotice: 'Connecting you with a human. Type "bot" to come back to me.',
  welcomeBack: 'The bot is back. How can I help?',
  openConversationMetadata: 'Open Conversation',
  inlineThreadControl: false,
};

export interface PrimaryReceiverContext {
  settings: PrimaryReceiverSettings;
  /** The bot's own app id, to know when it is its own LiveChat app. */
  appId: string;
  /** Counts LiveChat episodes, so that a take-back timer from an earlier one is ignored. */
  episode: number;
  /** Who asked for control last (a request being granted). */
  requester: string | null;
}

export type PrimaryReceiverEvent =
  | WebhookEvent
  | ApiResult
  | TimerFired
  | { type: 'open_conversation' }
  | { type: 'close_conversation' }
  | { type: 'agent_reply'; text: string }
  | { type: 'broadcast'; text: string };

const TAKE_BACK_TIMER = 'take_back';

export const primaryReceiverMachine = setup({
  types: {
    context: {} as PrimaryReceiverContext,
    events: {} as PrimaryReceiverEvent,
    input: {} as { appId?: string; settings?: PrimaryReceiverSettings } | undefined,
    emitted: {} as AppEffect,
  },
  guards: {
    onStandby: ({ event }) => 'channel' in event && event.channel === 'standby',
    onMessaging: ({ event }) => 'channel' in event && event.channel === 'messaging',
    asksForAgent: ({ context, event }) => event.type === 'message' && includesKeyword(event.text, context.settings.openConversationKeywords),
    asksForBot: ({ context, event }) => event.type === 'message' && includesKeyword(event.text, context.settings.takeBackKeywords),
    honoursRequests: ({ context }) => context.settings.honourRequests,
    liveChatIsSelf: ({ context }) => context.settings.liveChatAppId === context.appId,
    passesInline: ({ context }) => context.settings.inlineThreadControl,
    takesBackAfterWait: ({ context }) => context.settings.takeBackAfterMs !== null,
    takeBackDue: ({ context, event }) => event.type === 'timer' && event.name === TAKE_BACK_TIMER && event.episode === context.episode,
    passSucceeded: ({ event }) => event.type === 'api_result' && event.call === 'pass_thread_control' && event.ok,
    passFailed: ({ event }) => event.type === 'api_result' && event.call === 'pass_thread_control' && !event.ok,
    takeSucceeded: ({ event }) => event.type === 'api_result' && event.call === 'take_thread_control' && event.ok,
    takeFailed: ({ event }) => event.type === 'api_result' && event.call === 'take_thread_control' && !event.ok,
    sendRefused: ({ event }) => event.type === 'api_result' && event.call === 'send' && !event.ok,
    sendSucceeded: ({ event }) => event.type === 'api_result' && event.call === 'send' && event.ok,
  },
  actions: {
    callSendAutoReply: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.autoReply })),
    callSendHandoverNotice: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.handoverNotice })),
    callSendWelcomeBack: emit(({ context }) => ({ type: 'call' as const, call: 'send' as const, text: context.settings.welcomeBack })),
    callSendAgentReply: emit(({ event }) => ({ type: 'call' as const, call: 'send' as const, text: event.type === 'agent_reply' ? event.text : '' })),
    callSendBroadcast: emit(({ event }) => ({ type: 'call' as const, call: 'send' as const, text: event.type === 'broadcast' ? event.text : '' })),
    callPassToLiveChat: emit(({ context }) => ({
      type: 'call' as const,
      call: 'pass_thread_control' as const,
      target: context.settings.liveChatAppId,
      metadata: context.settings.openConversationMetadata,
    })),
    callSendNoticeAndPass: emit(({ context }) => ({
      type: 'call' as const,
      call: 'send' as const,
      text: context.settings.handoverNotice,
      threadControl: { appId: context.settings.liveChatAppId, controlType: 'pass' as const },
    })),
    rememberRequester: assign({ requester: ({ event }) => (event.type === 'request_thread_control' ? event.requester : null) }),
    callPassToRequester: emit(({ context }) => ({ type: 'call' as const, call: 'pass_thread_control' as const, target: context.requester, metadata: 'request granted' })),
    callTake: emit(() => ({ type: 'call' as const, call: 'take_thread_control' as const, metadata: 'taken back by the bot' })),
    nextEpisode: assign({ episode: ({ context }) => context.episode + 1 }),
    scheduleTakeBack: emit(({ context }) => ({
      type: 'schedule' as const,
      name: TAKE_BACK_TIMER,
      delayMs: context.settings.takeBackAfterMs ?? 0,
      episode: context.episode,
    })),
    note: emit((_, params: { text: string }) => ({ type: 'note' as const, text: params.text })),
    noteSendRefused: emit(({ event }) => ({
      type: 'note' as const,
      text: `send refused (#${event.type === 'api_result' ? event.code : '?'}) ${event.type === 'api_result' ? event.subcode : ''}: counted, automation goes on`,
    })),
  },
}).createMachine({
  id: 'primaryReceiver',
  context: ({ input }) => ({ settings: input?.settings ?? DEFAULT_PRIMARY_SETTINGS, appId: input?.appId ?? '', episode: 0, requester: null }),
  initial: 'automation',
  on: {
    // Sequences and broadcasts go out whatever the thread's state; refusals are counted.
    broadcast: { actions: 'callSendBroadcast' },
    api_result: { guard: 'sendRefused', actions: 'noteSendRefused' },
  },
  states: {
    /** The bot believes it has the thread: it answers what arrives on `messaging`. */
    automation: {
      on: {
        message: [
          // On standby another app has the thread: ManyChat's automation stays silent.
          { guard: 'onStandby' },
          { guard: and(['asksForAgent', 'liveChatIsSelf']), target: 'liveChatInManyChat', actions: 'callSendHandoverNotice' },
          { guard: and(['asksForAgent', 'passesInline']), target: 'passingInline', actions: 'callSendNoticeAndPass' },
          { guard: 'asksForAgent', target: 'passingControl', actions: ['callSendHandoverNotice', 'callPassToLiveChat'] },
          { actions: 'callSendAutoReply' },
        ],
        postback: [{ guard: 'onStandby' }, { actions: 'callSendAutoReply' }],
        open_conversation: [
          { guard: 'liveChatIsSelf', target: 'liveChatInManyChat' },
          { target: 'passingControl', actions: 'callPassToLiveChat' },
        ],
        request_thread_control: [
          { guard: 'honoursRequests', target: 'passingControl', actions: ['rememberRequester', 'callPassToRequester'] },
          { actions: { type: 'note', params: { text: 'request_thread_control ignored: the bot does not honour requests' } } },
        ],
        // An app with the take permission took the thread (HOP v1 never sends the primary this).
        take_thread_control: { target: 'liveChat' },
      },
    },
    /** ManyChat is its own LiveChat app: it keeps control, automation pauses, a human answers in ManyChat. */
    liveChatInManyChat: {
      on: {
        agent_reply: { actions: 'callSendAgentReply' },
        close_conversation: { target: 'automation' },
      },
    },
    passingControl: {
      on: {
        api_result: [
          { guard: and(['passSucceeded', 'takesBackAfterWait']), target: 'liveChat', actions: ['nextEpisode', 'scheduleTakeBack'] },
          { guard: 'passSucceeded', target: 'liveChat' },
          { guard: 'passFailed', target: 'automation' },
        ],
      },
    },
    /** One send that also passes control (CR inline `thread_control`): it succeeds or fails as a whole. */
    passingInline: {
      on: {
        api_result: [
          { guard: and(['sendSucceeded', 'takesBackAfterWait']), target: 'liveChat', actions: ['nextEpisode', 'scheduleTakeBack'] },
          { guard: 'sendSucceeded', target: 'liveChat' },
          { guard: 'sendRefused', target: 'automation', actions: 'noteSendRefused' },
        ],
      },
    },
    /** Another app has the thread: the bot listens on standby and waits for control to come back. */
    liveChat: {
      on: {
        message: [
          // A message on `messaging` means control came back without a handover webhook: a role change (HOP v1),
          // or the thread went idle (released, or 24 hours without a user message) and reached the default app.
          { guard: 'onMessaging', target: 'automation', actions: 'callSendAutoReply' },
          { guard: 'asksForBot', target: 'takingBack', actions: 'callTake' },
        ],
        pass_thread_control: { target: 'automation', actions: 'callSendWelcomeBack' },
        timer: { guard: 'takeBackDue', target: 'takingBack', actions: 'callTake' },
        request_thread_control: { actions: { type: 'note', params: { text: 'request_thread_control ignored: the thread is with the LiveChat app' } } },
      },
    },
    takingBack: {
      on: {
        api_result: [
          { guard: 'takeSucceeded', target: 'automation', actions: 'callSendWelcomeBack' },
          { guard: 'takeFailed', target: 'liveChat' },
        ],
        // Control was passed back while the take was on its way.
        pass_thread_control: { target: 'automation', actions: 'callSendWelcomeBack' },
      },
    },
  },
});

export type PrimaryReceiverMachine = typeof primaryReceiverMachine;
