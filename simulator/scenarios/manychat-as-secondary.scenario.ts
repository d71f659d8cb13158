import { ANN, BO, CY, LIVEDESK, MANYCHAT, manychatActors, manychatCast, PAGE_INBOX, type Scenario } from '../scenario.js';

export const manychatAsSecondary: Scenario = {
  name: 'manychat-as-secondary',
  title: 'Misconfiguration: ManyChat set as secondary, another app primary: automation silent, broadcasts blocked (2018300)',
  story:
    'LiveDesk is the primary receiver, so it owns every new thread; ManyChat only hears standby. Its automation stays silent ' +
    'and its broadcast is refused with (#10) 2018300 for every subscriber: the warning on ManyChat\'s help page, shown plainly.',
  world: manychatCast({ roles: { primary: LIVEDESK, secondary: [MANYCHAT, PAGE_INBOX] } }),
  apps: manychatActors(),
  steps: [
    { user: ANN, says: 'hi' },
    { user: BO, says: 'hello' },
    { user: CY, taps: { title: 'Get started', payload: 'GET_STARTED' } },
    { app: MANYCHAT, broadcast: 'Our spring sale starts today!' },
  ],
  expect: {
    owners: { [ANN]: LIVEDESK, [BO]: LIVEDESK, [CY]: LIVEDESK },
    refusedSends: { [MANYCHAT]: 3 },
    received: [
      { app: MANYCHAT, kind: 'message', channel: 'standby', count: 2 },
      { app: MANYCHAT, kind: 'postback', channel: 'standby', count: 1 },
      { app: LIVEDESK, kind: 'postback', channel: 'messaging', count: 1 },
    ],
    unanswered: { [ANN]: 1, [BO]: 1, [CY]: 1 },
  },
  under: {
    'hop-v2': { differences: 'LiveDesk, the primary, gets every idle thread with the user\'s first message: the same silence and refusals.' },
    'conversation-routing': { differences: 'the same misconfiguration is LiveDesk as the default app: every idle thread goes to LiveDesk, ManyChat hears standby and its broadcast is refused.' },
  },
};
