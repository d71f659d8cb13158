import { ANN, MANYCHAT, manychatActors, manychatCast, PAGE_INBOX, type Scenario } from '../scenario.js';

export const deafBot: Scenario = {
  name: 'deaf-bot',
  title: 'A bot not subscribed to standby goes deaf after passing control',
  story:
    'ManyChat\'s webhook lacks the standby field. After it passes Ann to the Page Inbox it hears nothing: Ann\'s "bot" never ' +
    'reaches it, so it cannot take the thread back, and nobody answers while the inbox is unattended.',
  world: manychatCast({ manychatFields: ['messages', 'messaging_postbacks', 'messaging_handovers', 'message_echoes'] }),
  apps: manychatActors({ liveChatAppId: PAGE_INBOX }),
  steps: [
    { user: ANN, says: 'agent' },
    { user: ANN, says: 'bot' },
    { user: ANN, says: 'hello? anyone?' },
  ],
  expect: {
    owners: { [ANN]: PAGE_INBOX },
    received: [
      { app: MANYCHAT, kind: 'message', channel: 'standby', count: 0 },
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 1 },
      { app: PAGE_INBOX, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
    ],
    appStates: [{ app: MANYCHAT, user: ANN, state: 'liveChat' }],
    unanswered: { [ANN]: 2 },
  },
  under: {
    'hop-v2': { differences: 'the same deafness: the thread is the Page Inbox\'s and ManyChat hears nothing without standby.' },
    'conversation-routing': { differences: 'the same deafness; only after 24 hours without a user message would the thread lapse to idle and reach ManyChat again.' },
  },
};
