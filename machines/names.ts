/**
 * The names of every machine of the registry (machines/index.ts), without the machines: the command line
 * lists them in its help, which must not load xstate and every machine to print a line.
 */
export const MACHINE_NAMES = ['threadControl', 'page', 'primaryReceiver', 'secondaryReceiver', 'pageInbox', 'user'] as const;

export type MachineName = (typeof MACHINE_NAMES)[number];
