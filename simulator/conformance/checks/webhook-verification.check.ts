import { defineCheck } from '../check.js';

/**
 * 1. The subscription handshake: the challenge comes back for the right verify token, a wrong one is
 * refused. Meta subscribes only when the body is the challenge, so a 200 without it is a refusal too.
 */
export const webhookVerification = defineCheck({
  id: 'webhook-verification',
  number: 1,
  title: 'Webhook verification: the challenge is echoed for the right token; a wrong token is refused',
  runsAlone: 'the handshake is about the bot as a whole, outside any thread',
  async run({ h }) {
    const right = await h.handshake();
    const wrong = await h.handshake(`${h.bot.verifyToken}-wrong`);
    const notes = [
      `GET ${h.bot.webhook}?hub.mode=subscribe&hub.verify_token=<right token>&hub.challenge=…: ${right.ok ? 'HTTP 200 with the challenge' : right.reason}`,
      `GET ${h.bot.webhook}?hub.mode=subscribe&hub.verify_token=<wrong token>&hub.challenge=…: ${wrong.ok ? 'HTTP 200 with the challenge' : (wrong.reason ?? '')}`,
    ];
    if (!right.ok) return { status: 'fail', summary: `the handshake with the right verify token failed: ${right.reason}`, notes };
    if (wrong.ok || wrong.status === undefined) {
      return { status: 'fail', summary: wrong.ok ? 'a wrong verify token got the challenge back' : `a wrong verify token was not refused (${wrong.reason})`, notes };
    }
    const how = wrong.status === 200 ? 'HTTP 200 without the challenge' : `HTTP ${wrong.status}`;
    return { status: 'pass', summary: `challenge echoed for the right token; wrong token refused with ${how}`, notes };
  },
});
