import { DEFAULT_PRIMARY_SETTINGS } from '../../machines/apps/primary-receiver.machine.js';
import { PAGE_INBOX_APP_ID } from '../../machines/platform/ids.js';
import type { World, WorldApp, WorldPage, WorldUser } from '../../fake-graph-api/world/world.schema.js';
import type { Scenario, ScenarioStep } from '../scenario.js';

/**
 * The seed's workflows (ManyChat's help page on the Handover Protocol, protocol.md §6), as one script the
 * simulator plays on a copy of a page: a user writes and the automation answers, a broadcast and a sequence go
 * out, Open Conversation passes to the Page Inbox, the agent replies and marks Done, the user writes again,
 * the conversation is reopened, and the user asks for the bot back. The apps are the simulator's own actors
 * (ManyChat as machines/apps/primary-receiver.machine.ts plays it, the Page Inbox as Meta's); every other app
 * of the page is installed and hears what Meta sends it, but does nothing.
 */
export const WORKFLOWS = [
  { id: 'automation-answers', title: 'A user writes and the automation answers' },
  { id: 'broadcast', title: 'A broadcast goes out to every subscriber' },
  { id: 'sequence', title: 'A sequence message goes out an hour later' },
  { id: 'open-conversation', title: 'Open Conversation passes the conversation to the Page Inbox' },
  { id: 'agent-replies-done', title: 'The agent replies from the Page Inbox and marks the conversation Done' },
  { id: 'user-writes-again', title: 'The user writes again and the automation answers' },
  { id: 'reopen', title: 'The conversation is reopened in the Page Inbox and the agent answers' },
  { id: 'take-back', title: 'The user asks for the bot and the automation takes the conversation back' },
] as const;

export type WorkflowId = (typeof WORKFLOWS)[number]['id'];

/** One line of the script: the workflow it belongs to, and the stimulus. */
export interface ScriptStep {
  workflow: WorkflowId;
  step: ScenarioStep;
}

/** Who plays what on the page: the automation app (ManyChat or the world's own), the users it writes to. */
export interface Cast {
  automation: { id: string; name: string };
  users: { psid: string; name: string }[];
}

/** The doctor writes to a few users: enough for "N of M", few enough to read every call. */
export const DOCTOR_USERS = 3;
const STAND_IN_USERS: WorldUser[] = [
  { psid: '3000000001', name: 'Ann' },
  { psid: '3000000002', name: 'Bo' },
  { psid: '3000000003', name: 'Cy' },
];
const HOUR = 3_600_000;

export class CastError extends Error {}

/**
 * The automation app: the one named, else an app called ManyChat, else the app the page gives new
 * conversations (its primary receiver or default app), else the first app with an access token.
 */
export function automationApp(page: WorldPage, named?: string): WorldApp {
  if (named !== undefined) {
    const app = page.apps.find((a) => a.id === named);
    if (!app) throw new CastError(`page ${page.id} has no app ${named} (its apps: ${page.apps.map((a) => `${a.id} ${a.name}`).join(', ')})`);
    return app;
  }
  const candidates = page.apps.filter((a) => a.id !== PAGE_INBOX_APP_ID);
  const app = candidates.find((a) => /manychat/i.test(a.name))
    ?? candidates.find((a) => a.role === 'primary' || a.id === page.defaultApp)
    ?? candidates.find((a) => a.accessToken !== undefined);
  if (!app) throw new CastError(`page ${page.id} has no app that could be the automation (name it with --automation APP_ID)`);
  return app;
}

/**
 * The page as the doctor plays it: the same settings, a few users, an access token for the automation app if
 * the world gave none (the simulator calls the Graph API as the app), and the Page Inbox, which every Facebook
 * Page has, listed without a role if the world left it out.
 */
export function doctorWorld(world: World, page: WorldPage, automation: WorldApp): { world: World; cast: Cast } {
  const users = page.users.length > 0 ? page.users.slice(0, DOCTOR_USERS) : STAND_IN_USERS;
  const apps = page.apps.map((a) => (a.id === automation.id && a.accessToken === undefined ? { ...a, accessToken: `doctor-token-${a.id}` } : a));
  if (!apps.some((a) => a.id === PAGE_INBOX_APP_ID)) apps.push({ id: PAGE_INBOX_APP_ID, name: 'Page Inbox' });
  const copy: WorldPage = { ...page, protocol: page.protocol ?? world.profile, apps, users };
  return {
    world: { profile: copy.protocol!, pages: [copy] },
    cast: { automation: { id: automation.id, name: automation.name }, users: users.map((u) => ({ psid: u.psid, name: u.name })) },
  };
}

/** The script, in order; the first user is the one whose conversation goes to the Page Inbox and back. */
export function doctorScript(cast: Cast): ScriptStep[] {
  const auto = cast.automation.id;
  const first = cast.users[0]!;
  const greetings = ['hi', 'hello', 'hey there'];
  const openConversation = DEFAULT_PRIMARY_SETTINGS.openConversationKeywords[0]!;
  const backToBot = DEFAULT_PRIMARY_SETTINGS.takeBackKeywords[0]!;
  return [
    ...cast.users.map((u, i): ScriptStep => ({ workflow: 'automation-answers', step: { user: u.psid, says: greetings[i % greetings.length]! } })),
    { workflow: 'broadcast', step: { app: auto, broadcast: 'Our spring sale starts today!' } },
    { workflow: 'sequence', step: { app: auto, broadcast: 'Day 2 of your welcome sequence: our best sellers', after: HOUR } },
    { workflow: 'open-conversation', step: { user: first.psid, says: `I want to talk to an ${openConversation}` } },
    { workflow: 'agent-replies-done', step: { inbox: 'reply', user: first.psid, text: `Hi ${first.name}, Jo from the shop here. How can I help?` } },
    { workflow: 'agent-replies-done', step: { inbox: 'done', user: first.psid } },
    { workflow: 'user-writes-again', step: { user: first.psid, says: 'thanks!' } },
    { workflow: 'reopen', step: { inbox: 'move_to_inbox', user: first.psid } },
    { workflow: 'reopen', step: { inbox: 'reply', user: first.psid, text: 'Reopened: anything else I can do?' } },
    { workflow: 'take-back', step: { user: first.psid, says: `back to the ${backToBot} please` } },
  ];
}

/** The script as a scenario of the simulator: ManyChat's actor with the Page Inbox as its LiveChat app. */
export function doctorScenario(world: World, cast: Cast, script: ScriptStep[]): Scenario {
  return {
    name: 'doctor',
    title: "ManyChat's workflows on this page",
    story: 'The seed\'s workflows, played on a copy of the page.',
    world,
    apps: [
      { appId: cast.automation.id, plays: 'primaryReceiver', settings: { liveChatAppId: PAGE_INBOX_APP_ID } },
      { appId: PAGE_INBOX_APP_ID, plays: 'pageInbox' },
    ],
    steps: script.map((s) => s.step),
    expect: {},
  };
}
