/**
 * The messaging window (protocol.md §3), the same rule under every profile: an app may send to a user
 * for 24 hours after the user's last message; a `MESSAGE_TAG` send with an allowed tag may go later,
 * `HUMAN_AGENT` up to 7 days after it. Tags Meta retired on March 4, 2020 are refused.
 */
export const MESSAGING_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HUMAN_AGENT_WINDOW_MS = 7 * MESSAGING_WINDOW_MS;

export const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'] as const;
export type MessagingType = (typeof MESSAGING_TYPES)[number];

/** The tags Meta accepts today (protocol.md §3, S37). */
export const MESSAGE_TAGS = ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'HUMAN_AGENT', 'CUSTOMER_FEEDBACK'] as const;

/** Legacy tags no longer accepted since March 4, 2020 (protocol.md §3, S38): known, but refused. */
export const RETIRED_MESSAGE_TAGS = [
  'SHIPPING_UPDATE', 'ISSUE_RESOLUTION', 'RESERVATION_UPDATE', 'APPOINTMENT_UPDATE', 'GAME_EVENT',
  'TRANSPORTATION_UPDATE', 'FEATURE_FUNCTIONALITY_UPDATE', 'TICKET_UPDATE', 'PAYMENT_UPDATE',
  'PERSONAL_FINANCE_UPDATE', 'PAIRING_UPDATE', 'APPLICATION_UPDATE', 'COMMUNITY_ALERT',
] as const;

export type MessageTag = (typeof MESSAGE_TAGS)[number] | (typeof RETIRED_MESSAGE_TAGS)[number];

/** What a send says about its timing: its `messaging_type` and `tag`, as the Send API got them. */
export interface SendTiming {
  messagingType: MessagingType | null;
  tag: MessageTag | null;
}

export function isRetiredTag(timing: SendTiming): boolean {
  return timing.messagingType === 'MESSAGE_TAG' && (RETIRED_MESSAGE_TAGS as readonly string[]).includes(timing.tag ?? '');
}

/**
 * Whether a send at `now` falls outside its window. The window counts from the user's last message;
 * `null` (no message known) is outside every window. A tag other than HUMAN_AGENT has no time limit
 * (Meta documents none for them).
 */
export function outsideMessagingWindow(lastUserMessageAt: number | null, now: number, timing: SendTiming): boolean {
  if (timing.messagingType === 'MESSAGE_TAG' && timing.tag !== null && !isRetiredTag(timing)) {
    if (timing.tag !== 'HUMAN_AGENT') return false;
    return lastUserMessageAt === null || now - lastUserMessageAt > HUMAN_AGENT_WINDOW_MS;
  }
  return lastUserMessageAt === null || now - lastUserMessageAt > MESSAGING_WINDOW_MS;
}
