import type { AnyStateMachine } from 'xstate';
import { pageInboxMachine } from './apps/page-inbox.machine.js';
import { primaryReceiverMachine } from './apps/primary-receiver.machine.js';
import { secondaryReceiverMachine } from './apps/secondary-receiver.machine.js';
import { userMachine } from './apps/user.machine.js';
import type { MachineName } from './names.js';
import { pageMachine } from './platform/page.machine.js';
import { threadControlMachine } from './platform/thread-control.machine.js';

/**
 * Every machine of the project by name: the diagrams, the inspector and the coverage checks walk this list,
 * so a new machine is drawn and checked once it is added here (and to MACHINE_NAMES: `satisfies` refuses a
 * name missing from either).
 */
export const MACHINES = {
  threadControl: threadControlMachine,
  page: pageMachine,
  primaryReceiver: primaryReceiverMachine,
  secondaryReceiver: secondaryReceiverMachine,
  pageInbox: pageInboxMachine,
  user: userMachine,
} as const satisfies Record<MachineName, AnyStateMachine>;

export { MACHINE_NAMES, type MachineName } from './names.js';
