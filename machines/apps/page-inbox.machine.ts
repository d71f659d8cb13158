import { emit, enqueueActions, setup } from 'xstate';
import type { AppEffect, WebhookEvent } from './app-events.js';
import type { PageInboxAction } from '../platform/page-inbox.js';

/**
 * Meta's Page Inbox as a Secondary Receiver (app 263902037430900), for one user's thread, with its two
 * folders (protocol.md §4.2): while the bot has the thread it sits in Done; when the inbox gets control
 * it moves to the Inbox folder, where a human may reply. Marking it Done passes control back to the
 * primary; moving a thread from Done to the Inbox requests control from the primary.
 *
 * Under Conversation Routing the inbox is one more connected app (protocol.md §4.2): a human may answer
 * any thread, and answering, or moving the thread to the Inbox (Main) folder, takes control of it; the
 * platform decides, the machine only lets the human act (`actsOnAnyThread`).
 */
export interface PageInboxSettings {
  /** A human may reply to, or move, a thread the inbox does not control, and the platform gives it control (CR). */
  actsOnAnyThread: boolean;
}

export const DEFAULT_PAGE_INBOX_SETTINGS: PageInboxSettings = { actsOnAnyThread: false };

export type InboxAction = { type: 'inbox'; action: PageInboxAction; text?: string };

export type PageInboxEvent =
  | WebhookEvent
  | { type: 'mark_done' }
  | { type: 'move_to_inbox' }
  | { type: 'agent_reply'; text: string }
  | { type: 'inbox_result'; action: InboxAction['action']; ok: boolean };

export const pageInboxMachine = setup({
  types: {
    context: {} as { settings: PageInboxSettings },
    input: {} as { settings?: Partial<PageInboxSettings> } | undefined,
    events: {} as PageInboxEvent,
    emitted: {} as InboxAction | AppEffect,
  },
  guards: {
    requestAnswered: ({ event }) => event.type === 'inbox_result' && event.action === 'move_to_inbox',
    actsOnAnyThread: ({ context }) => context.settings.actsOnAnyThread,
    tookControl: ({ context, event }) => context.settings.actsOnAnyThread && event.type === 'inbox_result' && event.ok,
  },
  actions: {
    markDone: emit(() => ({ type: 'inbox' as const, action: 'done' as const })),
    requestControl: emit(() => ({ type: 'inbox' as const, action: 'move_to_inbox' as const })),
    reply: emit(({ event }) => ({ type: 'inbox' as const, action: 'reply' as const, text: event.type === 'agent_reply' ? event.text : '' }) as InboxAction),
    note: emit((_, params: { text: string }) => ({ type: 'note' as const, text: params.text })),
    noteIfDoneRefused: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'inbox_result' && !event.ok) {
        enqueue.emit({ type: 'note', text: 'Done was refused: the inbox no longer had the thread' });
      }
    }),
  },
}).createMachine({
  id: 'pageInbox',
  context: ({ input }) => ({ settings: { ...DEFAULT_PAGE_INBOX_SETTINGS, ...input?.settings } }),
  initial: 'doneFolder',
  on: {
    // Control passed to the inbox, from any folder: the thread shows in the Inbox folder.
    pass_thread_control: { target: '.inboxFolder' },
    // The primary took the thread, whatever the human was doing (even marking it Done): back to Done.
    take_thread_control: { target: '.doneFolder' },
  },
  states: {
    /** The bot (or another app) has the thread. */
    doneFolder: {
      on: {
        move_to_inbox: { target: 'requested', actions: 'requestControl' },
        agent_reply: [
          { guard: 'actsOnAnyThread', target: 'replyingFromDone', actions: 'reply' },
          { actions: { type: 'note', params: { text: 'the Page Inbox does not have this thread: reply not sent' } } },
        ],
      },
    },
    /** Moved to the Inbox by a human: control was requested from the primary, which may ignore it. */
    requested: {
      on: {
        inbox_result: [
          // CR: moving the thread to the Main folder took control.
          { guard: 'tookControl', target: 'inboxFolder' },
          { guard: 'requestAnswered', target: 'doneFolder' },
        ],
      },
    },
    /** CR: a human answered a thread the inbox did not control; the reply took control, or was refused. */
    replyingFromDone: {
      on: {
        inbox_result: [{ guard: 'tookControl', target: 'inboxFolder' }, { target: 'doneFolder' }],
      },
    },
    /** The inbox has the thread: a human replies, then marks it Done. */
    inboxFolder: {
      on: {
        agent_reply: { actions: 'reply' },
        mark_done: { target: 'markingDone', actions: 'markDone' },
      },
    },
    /** Done either passes the thread back or is refused because the inbox no longer has it: Done either way. */
    markingDone: {
      on: {
        inbox_result: { target: 'doneFolder', actions: 'noteIfDoneRefused' },
      },
    },
  },
});

export type PageInboxMachine = typeof pageInboxMachine;
