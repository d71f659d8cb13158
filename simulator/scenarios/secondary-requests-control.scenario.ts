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
};
