import type { ProfileName } from '../../machines/platform/profile-names.js';
import { PAGE_INBOX_APP_ID } from '../../machines/platform/ids.js';
import type { WorldPage } from '../../fake-graph-api/world/world.schema.js';

/**
 * How a page owner names their setup, per protocol generation: HOP pages have receivers and roles, Conversation
 * Routing pages a default app and take permissions (ManyChat's help page, protocol.md §6). Words only: which
 * setting causes what is read off the run, never decided here.
 */
export interface PageSetup {
  protocol: ProfileName;
  /** App names, as the page owner sees them in Page Settings. */
  primary: string | null;
  secondaries: string[];
  defaultApp: string | null;
  takeControl: string[];
}

export function pageSetup(page: WorldPage, protocol: ProfileName): PageSetup {
  const name = (id: string) => page.apps.find((a) => a.id === id)?.name ?? (id === PAGE_INBOX_APP_ID ? 'Page Inbox' : id);
  return {
    protocol,
    primary: page.apps.find((a) => a.role === 'primary')?.name ?? null,
    secondaries: page.apps.filter((a) => a.role === 'secondary').map((a) => a.name),
    defaultApp: page.defaultApp === undefined ? null : name(page.defaultApp),
    takeControl: page.apps.filter((a) => a.takeControl === true).map((a) => a.name),
  };
}

export interface SetupWords {
  /** Where the page owner changes it. */
  settingsPath: string;
  /** Why the automation's broadcast was refused, from the setup: "ManyChat is a Secondary Receiver". */
  automationNotInControl(setup: PageSetup, auto: string, owner: string): string;
  /** Who gets the conversations instead, and what the automation hears. */
  ownerGetsEverything(setup: PageSetup, owner: string, auto: string): string;
  /** The fix that gives the automation the conversations. */
  makeAutomationHome(auto: string): string;
  /** The missing setting when every app hears a new conversation. */
  noHomeApp: string;
  noHomeAppDetail: string;
  /** What ManyChat's help page says of the automation without control, if it says anything. */
  warning: string;
}

const HOP_PATH = 'Facebook Page → Settings → Advanced Messaging → Handover Protocol → Configure';
const CR_PATH = 'Page Settings → Advanced Messaging → Conversation Routing';

const HOP_WORDS: SetupWords = {
  settingsPath: HOP_PATH,
  automationNotInControl: (setup, auto, owner) =>
    setup.secondaries.includes(auto) ? `${auto} is a Secondary Receiver`
      : setup.primary === auto ? `${owner} has the conversations, not ${auto}`
        : `${auto} has no Handover Protocol role`,
  ownerGetsEverything: (setup, owner, auto) =>
    setup.primary === owner
      ? `${owner} is the Primary Receiver: it gets control of every new conversation, and ${auto} hears the users only on standby`
      : `${owner} has every conversation, and ${auto} hears the users only on standby`,
  makeAutomationHome: (auto) =>
    `Set ${auto} as the Primary Receiver and every other app, the Page Inbox included, as a Secondary Receiver: ${HOP_PATH}. Then Refresh Permissions in ManyChat (the Help button).`,
  noHomeApp: 'No Primary Receiver',
  noHomeAppDetail: 'Without a Primary Receiver, every app gets each message of an idle conversation on messaging',
  warning: ' ManyChat\'s help page warns of this: "If you set ManyChat as Secondary Receiver, sequences and broadcast may not launch at all."',
};

const CR_WORDS: SetupWords = {
  settingsPath: CR_PATH,
  automationNotInControl: (setup, auto, owner) => (setup.defaultApp === owner ? `${owner} is the page's default app, not ${auto}` : `${owner} has the conversations, not ${auto}`),
  ownerGetsEverything: (setup, owner, auto) =>
    setup.defaultApp === owner
      ? `${owner} is the page's default app: it gets every new conversation, and ${auto} hears the users only on standby`
      : `${owner} has every conversation, and ${auto} hears the users only on standby`,
  makeAutomationHome: (auto) =>
    `Make ${auto} the page's default app and turn on "Allow this app to take control of conversations" for it: ${CR_PATH}.`,
  noHomeApp: 'No default app',
  noHomeAppDetail: 'Under Conversation Routing without a default app (zero-config), every connected app gets each message of an idle conversation on messaging',
  warning: '',
};

export const SETUP_WORDS: Record<ProfileName, SetupWords> = {
  'hop-v1': HOP_WORDS,
  'hop-v2': HOP_WORDS,
  'conversation-routing': CR_WORDS,
};
