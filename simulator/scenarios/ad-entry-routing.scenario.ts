import { ANN, BO, CONVERSATION_ROUTING, HOP_V2, CY, LIVEDESK, MANYCHAT, hours, manychatCast, routedActors, type Scenario } from '../scenario.js';

export const adEntryRouting: Scenario = {
  name: 'ad-entry-routing',
  title: 'Entry points: an ad and an m.me link route new threads to LiveDesk; an organic message to the default app',
  story:
    'The page routes its "support" m.me link and its click-to-Messenger ad 6001 (7 days of control) to LiveDesk. Ann ' +
    'comes from the link, Bo from the ad, Cy writes on her own. Ann\'s and Bo\'s threads go to LiveDesk, Cy\'s to ' +
    'ManyChat, the default app. Two days later Bo writes again: the ad\'s 7-day window still holds, his thread is LiveDesk\'s, while Ann\'s and Cy\'s control lapsed after a day.',
  world: manychatCast({
    profile: CONVERSATION_ROUTING,
    entryPoints: [
      { ref: 'support', app: LIVEDESK },
      { adId: '6001', app: LIVEDESK, controlExpirationDays: 7 },
    ],
  }),
  apps: routedActors(),
  steps: [
    { user: ANN, says: 'hi, I clicked your support link', referral: { ref: 'support' } },
    { user: BO, says: 'is the red shoe in stock?', referral: { ad_id: '6001' } },
    { user: CY, says: 'hello' },
    { wait: hours(48) },
    { user: BO, says: 'still there?' },
  ],
  expect: {
    // A day after their last message the link's and the organic thread's control lapsed; the ad's 7 days hold.
    owners: { [ANN]: null, [BO]: LIVEDESK, [CY]: null },
    received: [
      { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 1 },
      { app: LIVEDESK, kind: 'message', channel: 'messaging', user: BO, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'standby', user: BO, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: CY, count: 1 },
    ],
  },
  under: {
    'hop-v1': { notMeaningful: 'entry-point routing exists only under Conversation Routing' },
    [HOP_V2]: { notMeaningful: 'entry-point routing exists only under Conversation Routing' },
  },
};
