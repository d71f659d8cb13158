import { ANN, CONVERSATION_ROUTING, HOP_V2, LIVEDESK, MANYCHAT, manychatActors, manychatCast, routedActors, type Scenario } from '../scenario.js';

export const releaseToDefaultApp: Scenario = {
  name: 'release-to-default-app',
  title: 'The agent releases the thread: idle at once, no webhook, and the next message goes to the default app',
  story:
    'LiveDesk takes Ann\'s thread when she asks for a human. When she says thanks, the agent says goodbye and releases ' +
    'the thread instead of passing it: it is idle at once and nobody is told. Her next message reaches ManyChat, the ' +
    'default app, on messaging, and the bot answers as if it had been handed the thread.',
  world: manychatCast({ profile: CONVERSATION_ROUTING }),
  apps: routedActors({}, { handsBackBy: 'release' }),
  steps: [
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'order 42 never arrived' },
    { user: ANN, says: 'thanks, bye' },
    { user: ANN, says: 'one more question' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: MANYCHAT, kind: 'take_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 0 },
      { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'watching' },
      { app: MANYCHAT, user: ANN, state: 'automation' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v1': { notMeaningful: 'HOP v1 has no release_thread_control: a secondary passes back to the primary (request-granted)' },
    [HOP_V2]: {
      differences: 'LiveDesk requests and ManyChat passes (no take permission); after the release the idle thread goes to the primary with Ann\'s next message.',
      world: manychatCast({ profile: HOP_V2 }),
      apps: manychatActors({}, { handsBackBy: 'release' }),
      expect: {
        owners: { [ANN]: MANYCHAT },
        received: [
          { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
          { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 0 },
          { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
          { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
        ],
        appStates: [
          { app: LIVEDESK, user: ANN, state: 'watching' },
          { app: MANYCHAT, user: ANN, state: 'automation' },
        ],
        unanswered: { [ANN]: 0 },
      },
    },
  },
};
