import { assign, emit, setup } from 'xstate';
import { PAGE_INBOX_APP_ID } from './ids.js';
import type { Refusal } from './refusals.js';
import { handoverActive, roleOf, type PageRoles, type PageView } from './roles.js';

/**
 * One Facebook Page: its installed apps and the roles a Page admin gave them (HOP v1, protocol.md §1.10).
 * Whether handover is active follows from the roles; each thread asks the page for them.
 */
export type PageContext = PageView;

export interface PageInput {
  apps: readonly string[];
  roles: PageRoles;
}

export type PageEvent =
  | { type: 'set_roles'; primary: string | null; secondaries: readonly string[] }
  | { type: 'read_secondary_receivers'; caller: string };

export type PageEmitted =
  | { type: 'refused'; refusal: Refusal }
  /** Every app of the page gets `app_roles`; every thread re-resolves its owner. */
  | { type: 'app_roles_changed'; page: PageView }
  | { type: 'secondary_receivers_read'; appIds: readonly string[] };

const unique = (ids: readonly string[]) => [...new Set(ids)];

/** The apps a role change names; the Page Inbox is built in, so naming it installs it. */
function namedApps(event: PageEvent): string[] {
  if (event.type !== 'set_roles') return [];
  return [...(event.primary === null ? [] : [event.primary]), ...event.secondaries];
}

const refuse = (refusal: Refusal) => ({ type: 'refuse', params: { refusal } }) as const;

export const pageMachine = setup({
  types: {
    context: {} as PageContext,
    events: {} as PageEvent,
    input: {} as PageInput,
    emitted: {} as PageEmitted,
  },
  guards: {
    handoverActive: ({ context }) => handoverActive(context.roles),
    rolesNameUnknownApp: ({ context, event }) =>
      namedApps(event).some((id) => id !== PAGE_INBOX_APP_ID && !context.apps.includes(id)),
    primaryAlsoSecondary: ({ event }) =>
      event.type === 'set_roles' && event.primary !== null && event.secondaries.includes(event.primary),
    callerHasNoRole: ({ context, event }) => 'caller' in event && roleOf(context.roles, event.caller) === null,
    callerIsNotPrimary: ({ context, event }) => 'caller' in event && context.roles.primary !== event.caller,
  },
  actions: {
    refuse: emit((_, params: { refusal: Refusal }) => ({ type: 'refused' as const, refusal: params.refusal })),
    assignRoles: assign(({ context, event }) => {
      if (event.type !== 'set_roles') return {};
      return {
        apps: unique([...context.apps, ...namedApps(event)]),
        roles: { primary: event.primary, secondaries: unique(event.secondaries) },
      };
    }),
    emitRolesChanged: emit(({ context }) => ({
      type: 'app_roles_changed' as const,
      page: { roles: context.roles, apps: context.apps },
    })),
    emitSecondaryReceivers: emit(({ context }) => ({
      type: 'secondary_receivers_read' as const,
      appIds: context.roles.secondaries,
    })),
  },
}).createMachine({
  id: 'page',
  context: ({ input }) => ({ apps: unique(input.apps), roles: input.roles }),
  initial: 'resolvingActivation',
  on: {
    set_roles: [
      { guard: 'rolesNameUnknownApp', actions: refuse('role_for_unknown_app') },
      { guard: 'primaryAlsoSecondary', actions: refuse('role_conflict') },
      { target: '.resolvingActivation', actions: ['assignRoles', 'emitRolesChanged'] },
    ],
    read_secondary_receivers: [
      { guard: 'callerHasNoRole', actions: refuse('no_role') },
      { guard: 'callerIsNotPrimary', actions: refuse('secondary_receivers_primary_only') },
      { actions: 'emitSecondaryReceivers' },
    ],
  },
  states: {
    resolvingActivation: {
      always: [{ guard: 'handoverActive', target: 'handoverActive' }, { target: 'handoverInactive' }],
    },
    /** No primary, or no secondary: ManyChat's "Handover Protocol will not be activated". */
    handoverInactive: {},
    handoverActive: {},
  },
});

export type PageMachine = typeof pageMachine;
