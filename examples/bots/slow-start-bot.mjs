// Example bot: compliant, but listens 1.5 s after it starts and logs every request to stderr (a bot that
// loads a lot first): conform waits for it, at the start and after nothing else. See bot-kit.mjs.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { startsAfterMs: 1500, logsRequests: true };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
