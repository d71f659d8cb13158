// Example bot: answers only Meta's handshake GET, as Meta's sample apps do (any other GET hangs); otherwise
// compliant. conform must check it all the same: its one GET is the handshake. See bot-kit.mjs.
import { runIfMain, startBot } from './bot-kit.mjs';

export const BUGS = { answersHandshakeOnly: true };
export const start = (settings) => startBot(settings, BUGS);
runIfMain(import.meta.url, BUGS);
