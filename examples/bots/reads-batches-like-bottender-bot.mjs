// Example bot: reads batches like Bottender 1.5. See bot-kit.mjs for what the switch does; run it as described there.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { firstItemPerEntry: true };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
