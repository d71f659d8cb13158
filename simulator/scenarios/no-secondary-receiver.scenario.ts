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
  under: {
    'hop-v2': {
      differences: 'HOP v2 needs no secondary: ManyChat, the primary, gets the idle thread and its pass to LiveDesk succeeds; LiveDesk then hears Ann on messaging and ManyChat on standby.',
      expect: {
        owners: { [ANN]: LIVEDESK },
        received: [
          { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
          { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 1 },
          { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
        ],
        appStates: [{ app: MANYCHAT, user: ANN, state: 'liveChat' }],
      },
    },
    'conversation-routing': {
      differences: 'zero-config (no default app): every app hears Ann on messaging while the thread is idle, and anyone may pass an idle thread, so ManyChat\'s pass to LiveDesk succeeds; from then on LiveDesk owns it and ManyChat hears standby.',
      world: manychatCast({ profile: 'conversation-routing', roles: { primary: MANYCHAT, secondary: [] }, pageInbox: false, defaultApp: null }),
      expect: {
        owners: { [ANN]: LIVEDESK },
        received: [
          { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
          { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 3 },
          { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
        ],
        appStates: [{ app: MANYCHAT, user: ANN, state: 'liveChat' }],
      },
    },
  },
};
