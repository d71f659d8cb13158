import { pageInboxMachine } from './apps/page-inbox.machine.js';
import { primaryReceiverMachine } from './apps/primary-receiver.machine.js';
import { secondaryReceiverMachine } from './apps/secondary-receiver.machine.js';
import { userMachine } from './apps/user.machine.js';
import { crPageMachine } from './platform/cr-page.machine.js';
import { crThreadMachine } from './platform/cr-thread.machine.js';
import { hopV2ThreadMachine } from './platform/hop-v2-thread.machine.js';
import { pageMachine } from './platform/page.machine.js';
import { threadControlMachine } from './platform/thread-control.machine.js';

/**
 * Every machine of the project by name: the diagrams, the inspector and the coverage checks walk this list,
 * so a new machine is drawn and checked once it is added here.
 */
export const MACHINES = {
  threadControl: threadControlMachine,
  page: pageMachine,
  hopV2Thread: hopV2ThreadMachine,
  crThread: crThreadMachine,
  crPage: crPageMachine,
  primaryReceiver: primaryReceiverMachine,
  secondaryReceiver: secondaryReceiverMachine,
  pageInbox: pageInboxMachine,
  user: userMachine,
} as const;

export type MachineName = keyof typeof MACHINES;
