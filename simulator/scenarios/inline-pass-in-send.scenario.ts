import { ANN, CONVERSATION_ROUTING, HOP_V2, LIVEDESK, MANYCHAT, manychatCast, routedActors, type Scenario } from '../scenario.js';

export const inlinePassInSend: Scenario = {
  name: 'inline-pass-in-send',
  title: 'Open Conversation in one call: the Send API\'s thread_control passes the thread with the handover notice',
  story:
    'ManyChat uses Conversation Routing\'s inline thread control: when Ann types "agent", one Send API call carries the ' +
    'notice and `thread_control: {app_id: LiveDesk, control_type: "pass"}`. LiveDesk gets pass_thread_control and its ' +
    'agent greets Ann; when she says thanks the agent passes back with no target, which goes to the default app.',
  world: manychatCast({ profile: CONVERSATION_ROUTING }),
  apps: routedActors({ liveChatAppId: LIVEDESK, inlineThreadControl: true }),
  steps: [
    { user: ANN, says: 'hi' },
    { user: ANN, says: 'agent' },
    { user: ANN, says: 'where is my order?' },
    { user: ANN, says: 'thanks' },
    { user: ANN, says: 'and the bot is back?' },
  ],
  expect: {
    owners: { [ANN]: MANYCHAT },
    received: [
      { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: LIVEDESK, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'standby', user: ANN, count: 2 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'watching' },
      { app: MANYCHAT, user: ANN, state: 'automation' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v1': { notMeaningful: 'inline thread_control exists only under Conversation Routing' },
    [HOP_V2]: { notMeaningful: 'inline thread_control exists only under Conversation Routing' },
  },
};
