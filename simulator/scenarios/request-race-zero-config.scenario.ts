import { ANN, CONVERSATION_ROUTING, HOP_V2, HELPHUB, LIVEDESK, MANYCHAT, manychatCast, type Scenario } from '../scenario.js';

const cast = manychatCast({ profile: CONVERSATION_ROUTING, defaultApp: null, pageInbox: false });
const helpHub = { id: HELPHUB, name: 'HelpHub', accessToken: 'tok-helphub', appSecret: 'sec-helphub', webhook: { url: 'http://127.0.0.1:9/helphub', verifyToken: 'vt-helphub', fields: ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby', 'message_echoes'] as const } };
const page = cast.pages[0]!;

export const requestRaceZeroConfig: Scenario = {
  name: 'request-race-zero-config',
  title: 'Zero-config: two live-chat apps request the same idle thread, the first wins',
  story:
    'The page has no default app (Conversation Routing\'s zero-config behaviour): every app hears Ann on messaging. ' +
    'She asks for a human and both LiveDesk and HelpHub request control. The thread is idle, so the first request ' +
    'passes it to LiveDesk at once (pass_thread_control from idle); HelpHub\'s, a moment later, finds LiveDesk the ' +
    'owner and reaches it as request_thread_control, which LiveDesk\'s agent ignores.',
  world: { ...cast, pages: [{ ...page, apps: [...page.apps, { ...helpHub, webhook: { ...helpHub.webhook, fields: [...helpHub.webhook.fields] } }] }] },
  apps: [
    { appId: MANYCHAT, plays: 'primaryReceiver' },
    { appId: LIVEDESK, plays: 'secondaryReceiver' },
    { appId: HELPHUB, plays: 'secondaryReceiver', settings: { agentGreeting: 'HelpHub here!' } },
  ],
  steps: [
    { user: ANN, says: 'hi' },
    { user: ANN, says: 'I need a human' },
    { user: ANN, says: 'my parcel is lost' },
  ],
  expect: {
    owners: { [ANN]: LIVEDESK },
    received: [
      { app: LIVEDESK, kind: 'pass_thread_control', user: ANN, count: 1 },
      { app: HELPHUB, kind: 'pass_thread_control', user: ANN, count: 0 },
      { app: LIVEDESK, kind: 'request_thread_control', user: ANN, count: 1 },
      { app: MANYCHAT, kind: 'message', channel: 'messaging', user: ANN, count: 2 },
      { app: MANYCHAT, kind: 'message', channel: 'standby', user: ANN, count: 1 },
    ],
    appStates: [
      { app: LIVEDESK, user: ANN, state: 'chatting' },
      { app: HELPHUB, user: ANN, state: 'awaitingControl' },
    ],
    unanswered: { [ANN]: 0 },
  },
  under: {
    'hop-v1': { notMeaningful: 'HOP v1 requests go to the primary, which decides (request-granted, request-ignored)' },
    [HOP_V2]: { notMeaningful: 'HOP v2 requests go to the primary; no idle hand-over on request' },
  },
};
