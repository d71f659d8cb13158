import { ANN, CONVERSATION_ROUTING, HOP_V2, LIVEDESK, hours, manychatActors, manychatCast, routedActors, type Scenario } from '../scenario.js';

const DAYS_3 = 3 * 24 * 3600;

export const humanAgentTagAfterADay: Scenario = {
  name: 'human-agent-tag-after-a-day',
  title: 'An agent answers a day later: refused outside the 24-hour window, sent again with the HUMAN_AGENT tag',
  story:
    'LiveDesk takes Ann\'s thread and extends its control to 3 days. Ann asks about her order and the agent answers at ' +
    'once. The agent finds the answer 26 hours later: a RESPONSE send is refused with (#10) 2018278 (outside the ' +
    'messaging window), and LiveDesk, which has the Human Agent feature, sends it again tagged HUMAN_AGENT: delivered.',
  world: manychatCast({ profile: CONVERSATION_ROUTING }),
  apps: routedActors({}, { extendControlSeconds: DAYS_3, humanAgentTag: true }),
  steps: [
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'where is order 42?' },
    { wait: hours(26) },
    { agent: LIVEDESK, user: ANN, replies: 'Found it: order 42 ships today.' },
  ],
  expect: {
    owners: { [ANN]: LIVEDESK },
    refused: [{ app: LIVEDESK, call: 'send', subcode: 2018278, count: 1 }],
    appStates: [{ app: LIVEDESK, user: ANN, state: 'chatting' }],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v1': {
      differences: 'LiveDesk requests and ManyChat passes; v1 control never lapses, but the messaging window applies all the same.',
      world: manychatCast(),
      apps: manychatActors({}, { humanAgentTag: true }),
      expect: {
        owners: { [ANN]: LIVEDESK },
        refused: [{ app: LIVEDESK, call: 'send', subcode: 2018278, count: 1 }],
        appStates: [{ app: LIVEDESK, user: ANN, state: 'chatting' }],
        unanswered: { [ANN]: 0 },
      },
    },
    [HOP_V2]: {
      differences: 'LiveDesk requests and ManyChat (primary) passes; the extension keeps control past 24 h, the window refuses the untagged send.',
      world: manychatCast({ profile: HOP_V2 }),
      apps: manychatActors({}, { extendControlSeconds: DAYS_3, humanAgentTag: true }),
    },
  },
};
