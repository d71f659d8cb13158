import { LIVEDESK, MANYCHAT, manychatActors, manychatCast, PAGE_INBOX, routedActors, type Scenario } from '../scenario.js';

const users = ['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'].map((name, i) => ({ psid: String(3000000001 + i), name }));
const [ann, bo, cy, di, ed, flo] = users.map((u) => u.psid) as [string, string, string, string, string, string];

export const broadcastWithAgents: Scenario = {
  name: 'broadcast-with-agents',
  title: 'A broadcast to 6 subscribers while 3 threads are with agents',
  story:
    'Ann and Bo are chatting with LiveDesk agents and Cy is in the Page Inbox when ManyChat sends a broadcast to all six ' +
    'subscribers: three sends succeed, three are refused with (#10) 2018300 and counted, and the bot carries on.',
  world: manychatCast({ users }),
  apps: manychatActors({ liveChatAppId: PAGE_INBOX }),
  steps: [
    { user: ann, says: 'I need a human' },
    { user: bo, says: 'human please' },
    { user: cy, says: 'agent' },
    { user: di, says: 'hi' },
    { user: ed, says: 'hello' },
    { user: flo, taps: { title: 'Get started', payload: 'GET_STARTED' } },
    { app: MANYCHAT, broadcast: 'Flash sale: 20% off everything!' },
  ],
  expect: {
    owners: { [ann]: LIVEDESK, [bo]: LIVEDESK, [cy]: PAGE_INBOX, [di]: MANYCHAT, [ed]: MANYCHAT, [flo]: MANYCHAT },
    refusedSends: { [MANYCHAT]: 3 },
  },
  under: {
    'hop-v2': { differences: 'the same: three sends refused with 2018300 while the agents own the threads.' },
    'conversation-routing': {
      differences: 'LiveDesk takes the threads (take permission) instead of requesting them: the same three refusals.',
      world: manychatCast({ users, profile: 'conversation-routing' }),
      apps: routedActors({ liveChatAppId: PAGE_INBOX }),
    },
  },
};
