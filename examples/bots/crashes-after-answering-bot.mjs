// Example bot: answers 200, then dies on a standby entry in an async forEach (an unhandled rejection); it
// logs every request to stderr and listens 1.2 s after it starts. One bug: conform must report one root
// cause, on the standby event, the same run one check at a time or side by side. See bot-kit.mjs.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { crashesAfterAnswering: true, logsRequests: true, startsAfterMs: 1200, answersHandshakeOnly: true };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
