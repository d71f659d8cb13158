import { WEBHOOK_FIELDS } from '../../machines/platform/routing.js';
import { PAGE_ID } from '../scenario.js';
import { appsBesideBot } from './apps-beside-bot.js';
import type { BotUnderTest } from './harness.js';

/** Users enough for every check, each check taking fresh ones (their PSIDs start here). */
export const USER_COUNT = 80;
export const FIRST_PSID = 3100000001;

/**
 * The page as HOP v1 describes it: the bot in its role, the simulator's apps in the others, and users
 * enough for every check. Every other protocol adopts this one description (the profile's `adoptHopPage`):
 * under Conversation Routing the primary becomes the default application and every app with a role may take
 * control; HOP v2 keeps the roles.
 */
export function conformanceWorld(bot: Required<BotUnderTest>) {
  const botApp = {
    id: bot.appId,
    name: 'Bot under test',
    role: bot.role,
    accessToken: bot.accessToken,
    appSecret: bot.appSecret,
    webhook: { url: bot.webhook, verifyToken: bot.verifyToken, fields: [...WEBHOOK_FIELDS] },
  };
  return {
    profile: 'hop-v1' as const,
    pages: [
      {
        id: PAGE_ID,
        name: 'Acme Shoes',
        apps: [botApp, ...appsBesideBot(bot.role)],
        users: Array.from({ length: USER_COUNT }, (_, i) => ({ psid: String(FIRST_PSID + i), name: `User ${i + 1}` })),
      },
    ],
  };
}
