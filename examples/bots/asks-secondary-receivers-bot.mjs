// Example bot: looks the Page Inbox up with GET /me/secondary_receivers before it hands over (HOP v1's way).
// Under Conversation Routing that edge is retired: conform warns, naming it. See bot-kit.mjs.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { asksSecondaryReceivers: true };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
