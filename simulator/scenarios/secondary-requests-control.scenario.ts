import { ANN, LIVEDESK, MANYCHAT, manychatActors, manychatCast, type Scenario } from '../scenario.js';

export const requestGranted: Scenario = {
  name: 'request-granted',
  title: 'A secondary requests control and the primary grants it',
  story:
    'LiveDesk sees on standby that Ann wants a human and requests control; ManyChat honours requests and passes the thread. ' +
    'The agent greets Ann, answers, and passes control back to the primary when Ann says thanks.',
  world: manychatCast(),
  apps: manychatActors({ honourRequests: true }),
  steps: [
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'order 42 never arrived' },
    { user: ANN, says: 'thanks, bye' },
    { user: ANN, says: 'one more question' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: MANYCHAT, kind: 'request_thread_control', user: ANN, count: 1 },
      { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'watching' },
      { app: MANYCHAT, user: ANN, state: 'automation' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v2': { differences: 'the thread starts idle and goes to ManyChat with Ann\'s message; the request reaches the primary as in HOP v1.' },
    'conversation-routing': {
      differences: 'zero-config (a request is refused while a default app is set): every app hears Ann on messaging, and LiveDesk\'s request on the idle thread hands it over at once (pass_thread_control from idle), without ManyChat.',
      world: manychatCast({ profile: 'conversation-routing', defaultApp: null }),
      expect: {
        owners: { [ANN]: LIVEDESK },
        received: [
          { app: MANYCHAT, kind: 'request_thread_control', user: ANN, count: 0 },
          { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
        ],
      },
    },
  },
};

export const requestIgnored: Scenario = {
  name: 'request-ignored',
  title: 'A secondary requests control and the primary ignores it: a request is not a grant',
  story:
    'Same request, but ManyChat is set not to honour requests: the request succeeds ({"success":true}) yet the owner does not ' +
    'change. LiveDesk waits for control that never comes, and the bot keeps answering.',
  world: manychatCast(),
  apps: manychatActors({ honourRequests: false }),
  steps: [
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'hello?' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: MANYCHAT, kind: 'request_thread_control', user: ANN, count: 1 },
      { app: LIVEDESK, kind: 'pass_thread_control', count: 0 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'awaitingControl' },
      { app: MANYCHAT, user: ANN, state: 'automation' },
    ],
  },
  under: {
    'hop-v2': { differences: 'the same: a request reaches the primary, which ignores it.' },
    'conversation-routing': {
      notMeaningful: 'no request to ignore: with a default app a request is refused (2018928); in zero-config an idle thread is handed over at once (request-granted, request-race-zero-config)',
    },
  },
};
