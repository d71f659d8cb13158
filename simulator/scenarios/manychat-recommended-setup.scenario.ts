import { ANN, LIVEDESK, MANYCHAT, manychatActors, manychatCast, PAGE_INBOX, type Scenario } from '../scenario.js';

export const manychatRecommendedSetup: Scenario = {
  name: 'manychat-recommended-setup',
  title: "ManyChat's recommended setup: ManyChat primary, the other apps secondary, ManyChat as its own LiveChat app",
  story:
    'ManyChat keeps control of every thread: Open Conversation pauses its automation while a human answers inside ManyChat, ' +
    'and closing the conversation resumes it. LiveDesk and the Page Inbox hear everything on standby and never need control.',
  world: manychatCast(),
  apps: manychatActors({ liveChatAppId: MANYCHAT }),
  steps: [
    { user: ANN, says: 'hi' },
    { user: ANN, says: 'agent' },
    { agent: MANYCHAT, user: ANN, replies: 'Hi Ann, Maria from Acme here.' },
    { user: ANN, says: 'my order is late' },
    { agent: MANYCHAT, user: ANN, does: 'close_conversation' },
    { user: ANN, says: 'thanks' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 4 },
      { app: LIVEDESK, kind: 'message', channel: 'standby', user: ANN, count: 4 },
      { app: PAGE_INBOX, kind: 'message', channel: 'standby', user: ANN, count: 4 },
      { app: PAGE_INBOX, kind: 'pass_thread_control', count: 0 },
    ],
    appStates: [{ app: MANYCHAT, user: ANN, state: 'automation' }],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v2': { differences: 'roles are optional but set: the thread starts idle and Ann\'s first message gives it to ManyChat, the primary; the rest is the same.' },
    'conversation-routing': { differences: 'ManyChat is the default app (LiveDesk and the Page Inbox have the take permission): Ann\'s idle thread goes to ManyChat; the rest is the same.' },
  },
};
