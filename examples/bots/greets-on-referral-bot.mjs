// Example bot: greets every user who arrives through an m.me link, even on a thread it does not own. Under
// Conversation Routing an idle thread's referral reaches every app, but only the default app may answer it.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { greetsOnReferral: true };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
