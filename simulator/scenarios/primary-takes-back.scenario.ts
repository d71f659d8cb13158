import { ANN, BO, LIVEDESK, MANYCHAT, manychatActors, manychatCast, type Scenario } from '../scenario.js';

export const primaryTakesBack: Scenario = {
  name: 'primary-takes-back',
  title: 'The primary takes control back from a live agent: after a wait, and on a keyword',
  story:
    'LiveDesk is the LiveChat app. Ann\'s agent goes quiet: after 15 minutes ManyChat takes the thread back and LiveDesk gets ' +
    'take_thread_control. Bo types "bot" while his agent has the thread: ManyChat hears it on standby and takes control at once; ' +
    'LiveDesk, which got the same message on messaging a moment before, answers it and is refused with (#10) 2018300: ' +
    'the race every live-chat app must expect.',
  world: manychatCast(),
  apps: manychatActors({ liveChatAppId: LIVEDESK, takeBackAfterMs: 15 * 60_000 }),
  steps: [
    { user: ANN, says: 'agent' },
    { user: ANN, says: 'hello?' },
    { wait: 15 * 60_000 },
    { user: BO, says: 'agent' },
    { user: BO, says: 'bot' },
    { user: BO, says: 'where is my order?' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT, [BO]: MANYCHAT },
    refusedSends: { [LIVEDESK]: 1 },
    received: [
      { app: LIVEDESK, kind: 'take_thread_control', user: ANN, count: 1 },
      { app: LIVEDESK, kind: 'take_thread_control', user: BO, count: 1 },
      { app: LIVEDESK, kind: 'pass_thread_control', count: 2 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'watching' },
      { app: LIVEDESK, user: BO, state: 'watching' },
      { app: MANYCHAT, user: BO, state: 'automation' },
    ],
    unanswered: { [BO]: 0 },
  },
  under: {
    'hop-v2': { differences: 'the primary may take a thread another app controls, as in HOP v1.' },
    'conversation-routing': { differences: 'ManyChat (default app) takes back with its take permission; LiveDesk gets take_thread_control as in HOP v1.' },
  },
};
