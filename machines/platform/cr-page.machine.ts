import { setup } from 'xstate';
import type { EntryPoint, RoutedPageView } from './entry-points.js';
import { refuse, refuseAction } from './thread-rules.js';

/**
 * One Facebook Page under Conversation Routing (protocol.md §1.10): its connected apps, its default
 * application (none: zero-config), the apps allowed to take control, and its entry-point routes. CR has
 * no roles: the HOP-only calls on the page are refused ("Handover Protocol APIs disabled for this page").
 */
export interface CrPageInput {
  apps: readonly string[];
  defaultApp: string | null;
  takeControl: readonly string[];
  entryPoints: readonly EntryPoint[];
}

export type CrPageEvent =
  | { type: 'set_roles'; primary: string | null; secondaries: readonly string[] }
  | { type: 'read_secondary_receivers'; caller: string };

export type CrPageEmitted = { type: 'refused'; refusal: 'hop_api_disabled' };

export const crPageMachine = setup({
  types: {
    context: {} as RoutedPageView,
    events: {} as CrPageEvent,
    input: {} as CrPageInput,
    emitted: {} as CrPageEmitted,
  },
  guards: {
    hasDefaultApp: ({ context }) => context.defaultApp !== null,
  },
  actions: { refuse: refuseAction<RoutedPageView, CrPageEvent, CrPageEmitted>() },
}).createMachine({
  id: 'crPage',
  context: ({ input }) => ({
    apps: [...new Set(input.apps)],
    roles: { primary: null, secondaries: [] },
    defaultApp: input.defaultApp,
    takeControl: input.takeControl,
    entryPoints: input.entryPoints,
  }),
  initial: 'resolvingRouting',
  on: {
    set_roles: { actions: refuse('hop_api_disabled') },
    read_secondary_receivers: { actions: refuse('hop_api_disabled') },
  },
  states: {
    resolvingRouting: {
      always: [{ guard: 'hasDefaultApp', target: 'withDefaultApp' }, { target: 'zeroConfig' }],
    },
    /** No default application: every app hears idle threads; request works, take does not. */
    zeroConfig: {},
    /** Idle threads go to the default application (or an entry point's app); take works, request does not. */
    withDefaultApp: {},
  },
});

export type CrPageMachine = typeof crPageMachine;
