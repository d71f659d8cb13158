import { ANN, LIVEDESK, MANYCHAT, manychatActors, manychatCast, type Scenario } from '../scenario.js';

export const noSecondaryReceiver: Scenario = {
  name: 'no-secondary-receiver',
  title: 'No secondary receiver: handover stays inactive, every app gets messaging, pass fails',
  story:
    'ManyChat is primary but no app is secondary, so the Handover Protocol is not activated: there is no thread owner, ' +
    'no standby, both apps get every message on messaging, and ManyChat\'s pass to LiveDesk is refused.',
  world: manychatCast({ roles: { primary: MANYCHAT, secondary: [] }, pageInbox: false }),
  apps: manychatActors({ liveChatAppId: LIVEDESK }, {}, false),
  steps: [
    { user: ANN, says: 'hi' },
    { user: ANN, says: 'agent' },
    { user: ANN, says: 'hello?' },
  ],
  expect: {
    owners: { [ANN]: null },
    received: [
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 3 },
      { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 3 },
      { app: LIVEDESK, kind: 'message', channel: 'standby', count: 0 },
      { app: LIVEDESK, kind: 'pass_thread_control', count: 0 },
    ],
    appStates: [{ app: MANYCHAT, user: ANN, state: 'automation' }],
  },
};
