import { LIVEDESK, MANYCHAT, PAGE_INBOX } from '../scenario.js';
import type { BotRole } from './types.js';

/**
 * The apps the simulator plays on a page next to a bot under test, by the bot's role: beside a primary bot,
 * LiveDesk and the Page Inbox as secondaries; beside a secondary bot, ManyChat as primary and the Page Inbox.
 */
export function appsBesideBot(role: BotRole) {
  return role === 'primary'
    ? [{ id: LIVEDESK, name: 'LiveDesk', role: 'secondary' as const }, { id: PAGE_INBOX, name: 'Page Inbox', role: 'secondary' as const }]
    : [{ id: MANYCHAT, name: 'ManyChat', role: 'primary' as const }, { id: PAGE_INBOX, name: 'Page Inbox', role: 'secondary' as const }];
}
