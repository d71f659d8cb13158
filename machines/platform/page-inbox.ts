/**
 * What a human's action in the Page Inbox is on the protocol's side (protocol.md §6, HOP v1): the inbox is an
 * app like any other. Done passes control back to the primary, moving a thread to the Inbox folder requests
 * control from it, and a reply is a send under the ownership rule. The Platform's inbox operations carry
 * these out; the simulator checks them as the calls they are.
 */
export const PAGE_INBOX_ACTIONS = {
  done: 'pass_thread_control',
  move_to_inbox: 'request_thread_control',
  reply: 'send',
} as const;

export type PageInboxAction = keyof typeof PAGE_INBOX_ACTIONS;
