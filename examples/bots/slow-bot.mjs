// Example bot: a compliant bot that takes 300 ms before each thing it does (a slow backend). Not a bug:
// conform must wait for it (its quiet period is a per-event ceiling). See bot-kit.mjs.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { answersAfterMs: 300 };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
