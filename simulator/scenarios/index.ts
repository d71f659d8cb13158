import type { Scenario } from '../scenario.js';
import { broadcastWithAgents } from './broadcast-with-agents.scenario.js';
import { deafBot } from './deaf-bot.scenario.js';
import { manychatAsSecondary } from './manychat-as-secondary.scenario.js';
import { manychatRecommendedSetup } from './manychat-recommended-setup.scenario.js';
import { noSecondaryReceiver } from './no-secondary-receiver.scenario.js';
import { pageInboxAsLiveChat } from './page-inbox-as-livechat.scenario.js';
import { primaryTakesBack } from './primary-takes-back.scenario.js';
import { quickReplyHandoff } from './quick-reply-handoff.scenario.js';
import { requestGranted, requestIgnored } from './secondary-requests-control.scenario.js';
import { stuckConversationsFixed } from './stuck-conversations-fixed.scenario.js';
import { adEntryRouting } from './ad-entry-routing.scenario.js';
import { humanAgentTagAfterADay } from './human-agent-tag-after-a-day.scenario.js';
import { idleAfter24h } from './idle-after-24h.scenario.js';
import { inlinePassInSend } from './inline-pass-in-send.scenario.js';
import { releaseToDefaultApp } from './release-to-default-app.scenario.js';
import { requestRaceZeroConfig } from './request-race-zero-config.scenario.js';
import { takeNeedsPermission } from './take-needs-permission.scenario.js';

/** The scenario catalogue, in the order `handover-sim scenarios` lists it. */
export const SCENARIOS: readonly Scenario[] = [
  manychatRecommendedSetup,
  pageInboxAsLiveChat,
  noSecondaryReceiver,
  manychatAsSecondary,
  stuckConversationsFixed,
  requestGranted,
  requestIgnored,
  primaryTakesBack,
  deafBot,
  broadcastWithAgents,
  quickReplyHandoff,
  // Conversation Routing and HOP v2 (each states how it reads under the other generations).
  idleAfter24h,
  releaseToDefaultApp,
  inlinePassInSend,
  takeNeedsPermission,
  requestRaceZeroConfig,
  adEntryRouting,
  humanAgentTagAfterADay,
];

/** The scenario `npm run simulate` plays: ManyChat's main workflow end to end. */
export const DEFAULT_SCENARIO = pageInboxAsLiveChat.name;

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
