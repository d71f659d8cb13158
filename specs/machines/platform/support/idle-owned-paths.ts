import type { EventObject } from 'xstate';
import { MACHINES } from '../../../../machines/index.js';
import type { PageView, RoutedPageView } from '../../../../machines/platform/index.js';

/**
 * The event alphabets that drive the HOP v2 and Conversation Routing machines through every state and
 * transition (specs/properties/graph-paths.spec.ts walks them with xstate/graph). Every event comes at two
 * times: inside every window (T) and three days later (LATE), so each owned handler's expiry branch is taken.
 */
export const A = '2000000001'; // CR: the default app; v2: the primary
export const B = '2000000002'; // CR: may take control; v2: a secondary
export const C = '2000000003'; // no setting at all
export const UNKNOWN = '2999999999';
export const INBOX = '263902037430900';
export const T = 1_700_000_000_000;
export const LATE = T + 3 * 86_400_000;
const LONG = 'x'.repeat(1001);

const entryPoints = [{ ref: 'support', app: C }, { adId: '6001', app: B, controlExpirationDays: 7 }];
export const ZERO_CONFIG: RoutedPageView = { apps: [A, B, C, INBOX], roles: { primary: null, secondaries: [] }, defaultApp: null, takeControl: [B], entryPoints };
export const WITH_DEFAULT: RoutedPageView = { ...ZERO_CONFIG, defaultApp: A };
export const WITH_PRIMARY: PageView = { apps: [A, B, C], roles: { primary: A, secondaries: [B] } };
export const NO_ROLES: PageView = { apps: [A, B, C], roles: { primary: null, secondaries: [] } };

const plain = { messagingType: null, tag: null };
const retired = { messagingType: 'MESSAGE_TAG', tag: 'SHIPPING_UPDATE' };

/** The calls every idle/owned machine answers, on one page, at one time. */
function calls(page: PageView, now: number): (EventObject & Record<string, unknown>)[] {
  const at = { page, now };
  const by = (caller: string) => ({ ...at, caller });
  return [
    { type: 'touch', ...at },
    { type: 'user_message', ...at, entryPoint: null },
    { type: 'user_message', ...at, entryPoint: { ref: 'support' } },
    { type: 'user_message', ...at, entryPoint: { adId: '6001' } },
    { type: 'app_roles_changed', ...at },
    ...[A, B, C].flatMap((caller) => [
      ...[null, A, B, C, UNKNOWN].map((target) => ({ type: 'pass_thread_control', ...by(caller), target, metadata: null })),
      { type: 'pass_thread_control', ...by(caller), target: C, metadata: LONG },
      { type: 'take_thread_control', ...by(caller), metadata: null },
      { type: 'take_thread_control', ...by(caller), metadata: LONG },
      { type: 'request_thread_control', ...by(caller), metadata: null },
      { type: 'request_thread_control', ...by(caller), metadata: LONG },
      { type: 'release_thread_control', ...by(caller) },
      { type: 'extend_thread_control', ...by(caller), durationSeconds: 3600 },
      { type: 'extend_thread_control', ...by(caller), durationSeconds: 604_800 },
      { type: 'extend_thread_control', ...by(caller), durationSeconds: 604_801 },
      { type: 'read_thread_owner', ...by(caller) },
      { type: 'send', ...by(caller), timing: plain, threadControl: null },
      { type: 'send', ...by(caller), timing: retired, threadControl: null },
      ...[null, C, caller, UNKNOWN].map((appId) => ({ type: 'send', ...by(caller), timing: plain, threadControl: { appId, controlType: 'pass' } })),
      { type: 'send', ...by(caller), timing: plain, threadControl: { appId: null, controlType: 'release' } },
    ]),
    { type: 'inbox_take', ...by(INBOX) },
    { type: 'inbox_done', ...by(INBOX) },
  ];
}

/** A send 3 days after the user's last message: outside the window, whatever the owner. */
const late = (page: PageView): EventObject[] => [A, B, C].map((caller) => ({ type: 'send', page, now: LATE, caller, timing: plain, threadControl: null }));

/** States told apart by value, owner, and whether control outlasts LATE (an extension or an ad's days). */
const serializeState = (s: { value: unknown; context: { owner: string | null; expiresAt: number | null } }) =>
  JSON.stringify({ v: s.value, owner: s.context.owner, outlastsLate: (s.context.expiresAt ?? 0) > LATE });

export const IDLE_OWNED_PATHS = [
  {
    name: 'hopV2Thread' as const,
    machine: MACHINES.hopV2Thread,
    serializeState,
    inputs: [{ page: WITH_PRIMARY, now: T, lastUserMessageAt: T }],
    events: [WITH_PRIMARY, NO_ROLES].flatMap((page) => [...calls(page, T), ...calls(page, LATE), ...late(page)]).filter((e) => !e.type.startsWith('inbox_')),
  },
  {
    name: 'crThread' as const,
    machine: MACHINES.crThread,
    serializeState,
    inputs: [{ page: ZERO_CONFIG, now: T, lastUserMessageAt: T }],
    events: [ZERO_CONFIG, WITH_DEFAULT].flatMap((page) => [...calls(page, T), ...calls(page, LATE), ...late(page)]),
  },
  {
    name: 'crPage' as const,
    machine: MACHINES.crPage,
    inputs: [
      { apps: [A, B], defaultApp: null, takeControl: [], entryPoints: [] },
      { apps: [A, B], defaultApp: A, takeControl: [B], entryPoints: [] },
    ],
    events: [{ type: 'set_roles', primary: A, secondaries: [B] }, { type: 'read_secondary_receivers', caller: A }],
  },
];
