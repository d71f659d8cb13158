import { describe, expect, it } from 'vitest';
import {
  PAGE_INBOX_APP_ID,
  createStepper,
  threadControlMachine,
  type PageView,
  type ThreadControlEvent,
} from '../../../machines/platform/index.js';

/** Every transition of the HOP v1 thread-control machine, run through createStepper as the platform runs it. */
const P = 'primary-app';
const S = 'secondary-app';
const S2 = 'other-secondary';
const N = 'no-role-app';
const stepper = createStepper(threadControlMachine);

const ACTIVE: PageView = { roles: { primary: P, secondaries: [S, S2] }, apps: [P, S, S2, N] };
const NO_SECONDARY: PageView = { roles: { primary: P, secondaries: [] }, apps: [P, S, S2, N] };
const NO_PRIMARY: PageView = { roles: { primary: null, secondaries: [S] }, apps: [P, S, S2, N] };

const WITH_PRIMARY = { handoverActive: 'withPrimary' };
const WITH_SECONDARY = { handoverActive: 'withSecondary' };

/** A thread started on `page`, then driven through `events`; returns the last step. */
function run(page: PageView, ...events: ThreadControlEvent[]) {
  let step = stepper.start({ page });
  for (const event of events) step = stepper.step(step.snapshot, event);
  return { value: step.snapshot.value, owner: step.snapshot.context.owner, emitted: step.emitted };
}
const pass = (caller: string, target: string | null, metadata: string | null = null, page = ACTIVE): ThreadControlEvent =>
  ({ type: 'pass_thread_control', page, caller, target, metadata });
const take = (caller: string, metadata: string | null = null, page = ACTIVE): ThreadControlEvent => ({ type: 'take_thread_control', page, caller, metadata });
const request = (caller: string, metadata: string | null = null, page = ACTIVE): ThreadControlEvent => ({ type: 'request_thread_control', page, caller, metadata });
const send = (caller: string, page = ACTIVE): ThreadControlEvent => ({ type: 'send', page, caller });
const read = (caller: string, page = ACTIVE): ThreadControlEvent => ({ type: 'read_thread_owner', page, caller });
const roles = (page: PageView): ThreadControlEvent => ({ type: 'app_roles_changed', page });
const refused = (refusal: string) => [{ type: 'refused', refusal }];

describe('start', () => {
  it('handover active: a new thread belongs to the primary', () => {
    expect(run(ACTIVE)).toEqual({ value: WITH_PRIMARY, owner: P, emitted: [] });
  });
  it.each([['no secondary', NO_SECONDARY], ['no primary', NO_PRIMARY]])('handover inactive (%s): no owner', (_n, page) => {
    expect(run(page)).toEqual({ value: 'handoverInactive', owner: null, emitted: [] });
  });
});

describe('handoverActive: pass_thread_control', () => {
  it('primary → secondary: withSecondary, control_passed', () => {
    expect(run(ACTIVE, pass(P, S, 'm'))).toEqual({ value: WITH_SECONDARY, owner: S, emitted: [{ type: 'control_passed', from: P, to: S, metadata: 'm' }] });
  });
  it('owning secondary → primary without target (defaults to the primary): withPrimary', () => {
    expect(run(ACTIVE, pass(P, S), pass(S, null))).toEqual({ value: WITH_PRIMARY, owner: P, emitted: [{ type: 'control_passed', from: S, to: P, metadata: null }] });
  });
  it('owning secondary → another secondary', () => {
    expect(run(ACTIVE, pass(P, S), pass(S, S2))).toEqual({ value: WITH_SECONDARY, owner: S2, emitted: [{ type: 'control_passed', from: S, to: S2, metadata: null }] });
  });
  it('primary passes a thread a secondary owns to another secondary', () => {
    expect(run(ACTIVE, pass(P, S), pass(P, S2))).toEqual({ value: WITH_SECONDARY, owner: S2, emitted: [{ type: 'control_passed', from: S, to: S2, metadata: null }] });
  });
  it('primary passes to the Page Inbox once it is installed and a secondary', () => {
    const page: PageView = { roles: { primary: P, secondaries: [PAGE_INBOX_APP_ID] }, apps: [P, PAGE_INBOX_APP_ID] };
    expect(run(page, pass(P, PAGE_INBOX_APP_ID, null, page)).owner).toBe(PAGE_INBOX_APP_ID);
  });
  it.each([
    ['no_role', [pass(N, S)]],
    ['metadata_too_long', [pass(P, S, 'x'.repeat(1001))]],
    ['pass_by_non_owner', [pass(S, S2)]],
    ['target_app_id_required', [pass(P, null)]],
    ['incorrect_app_id', [pass(P, '999')]],
    ['target_has_no_role', [pass(P, N)]],
    ['pass_to_self', [pass(P, P)]],
    ['target_already_owner', [pass(P, S), pass(P, S)]],
  ])('%s: refused, owner unchanged', (refusal, events) => {
    const before = run(ACTIVE, ...events.slice(0, -1));
    expect(run(ACTIVE, ...events)).toEqual({ value: before.value, owner: before.owner, emitted: refused(refusal) });
  });
  it('incorrect_app_id: the Page Inbox is not installed until listed or named in a role (docs/choices.md)', () => {
    expect(run(ACTIVE, pass(P, PAGE_INBOX_APP_ID))).toEqual({ value: WITH_PRIMARY, owner: P, emitted: refused('incorrect_app_id') });
  });
  it('metadata of 1000 characters passes', () => {
    expect(run(ACTIVE, pass(P, S, 'x'.repeat(1000))).owner).toBe(S);
  });
});

describe('handoverActive: take_thread_control', () => {
  it('primary takes from a secondary: withPrimary, control_taken', () => {
    expect(run(ACTIVE, pass(P, S), take(P, 'back'))).toEqual({ value: WITH_PRIMARY, owner: P, emitted: [{ type: 'control_taken', from: S, to: P, metadata: 'back' }] });
  });
  it.each([
    ['no_role', [take(N)]],
    ['metadata_too_long', [pass(P, S), take(P, 'x'.repeat(1001))]],
    ['take_by_non_primary', [pass(P, S), take(S)]],
    ['already_thread_owner', [take(P)]],
  ])('%s', (refusal, events) => {
    const before = run(ACTIVE, ...events.slice(0, -1));
    expect(run(ACTIVE, ...events)).toEqual({ value: before.value, owner: before.owner, emitted: refused(refusal) });
  });
});

describe('handoverActive: request_thread_control', () => {
  it('a secondary requests: control_requested, owner unchanged', () => {
    expect(run(ACTIVE, request(S, 'please'))).toEqual({ value: WITH_PRIMARY, owner: P, emitted: [{ type: 'control_requested', requester: S, owner: P, metadata: 'please' }] });
  });
  it('a secondary requests a thread another secondary owns', () => {
    expect(run(ACTIVE, pass(P, S2), request(S))).toEqual({ value: WITH_SECONDARY, owner: S2, emitted: [{ type: 'control_requested', requester: S, owner: S2, metadata: null }] });
  });
  it.each([
    ['no_role', [request(N)]],
    ['metadata_too_long', [request(S, 'x'.repeat(1001))]],
    ['request_by_primary', [pass(P, S), request(P)]],
    ['already_thread_owner', [pass(P, S), request(S)]],
  ])('%s', (refusal, events) => {
    const before = run(ACTIVE, ...events.slice(0, -1));
    expect(run(ACTIVE, ...events)).toEqual({ value: before.value, owner: before.owner, emitted: refused(refusal) });
  });
});

describe('handoverActive: send and read_thread_owner', () => {
  it('the owner sends: nothing emitted (allowed)', () => {
    expect(run(ACTIVE, send(P)).emitted).toEqual([]);
    expect(run(ACTIVE, pass(P, S), send(S)).emitted).toEqual([]);
  });
  it('a non-owner sends: send_not_owner, the primary included', () => {
    expect(run(ACTIVE, send(S)).emitted).toEqual(refused('send_not_owner'));
    expect(run(ACTIVE, pass(P, S), send(P)).emitted).toEqual(refused('send_not_owner'));
    expect(run(ACTIVE, send(N)).emitted).toEqual(refused('send_not_owner'));
  });
  it.each([
    ['the primary, a secondary owning', P, [pass(P, S)], S],
    ['a secondary, the primary owning', S, [], P],
    ['a secondary, itself owning', S, [pass(P, S)], S],
  ])('owner_read for %s', (_n, caller, before, owner) => {
    expect(run(ACTIVE, ...before, read(caller)).emitted).toEqual([{ type: 'owner_read', owner }]);
  });
  it('owner_not_visible: a secondary while another secondary owns', () => {
    expect(run(ACTIVE, pass(P, S2), read(S)).emitted).toEqual(refused('owner_not_visible'));
  });
  it('no_role reading the owner', () => {
    expect(run(ACTIVE, read(N)).emitted).toEqual(refused('no_role'));
  });
});

describe('app_roles_changed (resolvingOwner)', () => {
  it('the primary keeps its thread', () => {
    expect(run(ACTIVE, roles({ roles: { primary: P, secondaries: [S] }, apps: ACTIVE.apps }))).toEqual({ value: WITH_PRIMARY, owner: P, emitted: [] });
  });
  it('a secondary that keeps its role keeps its thread', () => {
    expect(run(ACTIVE, pass(P, S), roles({ roles: { primary: P, secondaries: [S] }, apps: ACTIVE.apps }))).toEqual({ value: WITH_SECONDARY, owner: S, emitted: [] });
  });
  it('the owning secondary becomes primary: withPrimary, same owner', () => {
    expect(run(ACTIVE, pass(P, S), roles({ roles: { primary: S, secondaries: [P] }, apps: ACTIVE.apps }))).toEqual({ value: WITH_PRIMARY, owner: S, emitted: [] });
  });
  it('the owner loses its role: control_returned to the primary', () => {
    expect(run(ACTIVE, pass(P, S), roles({ roles: { primary: P, secondaries: [S2] }, apps: ACTIVE.apps }))).toEqual({
      value: WITH_PRIMARY, owner: P, emitted: [{ type: 'control_returned', from: S, to: P }],
    });
  });
  it('handover becomes inactive: no owner', () => {
    expect(run(ACTIVE, pass(P, S), roles(NO_SECONDARY))).toEqual({ value: 'handoverInactive', owner: null, emitted: [] });
  });
  it('handover becomes active: the primary owns', () => {
    expect(run(NO_SECONDARY, roles(ACTIVE))).toEqual({ value: WITH_PRIMARY, owner: P, emitted: [] });
  });
});

describe('handoverInactive', () => {
  it.each([
    ['pass', pass(P, S, null, NO_SECONDARY), 'handover_inactive'],
    ['take', take(P, null, NO_SECONDARY), 'handover_inactive'],
    ['request', request(P, null, NO_SECONDARY), 'handover_inactive'],
    ['pass by an app without role', pass(N, P, null, NO_SECONDARY), 'no_role'],
    ['take by an app without role', take(N, null, NO_SECONDARY), 'no_role'],
    ['request by an app without role', request(N, null, NO_SECONDARY), 'no_role'],
    ['read by an app without role', read(N, NO_SECONDARY), 'no_role'],
  ])('%s → %s', (_n, event, refusal) => {
    expect(run(NO_SECONDARY, event)).toEqual({ value: 'handoverInactive', owner: null, emitted: refused(refusal) });
  });
  it('any app may send, one without a role too', () => {
    expect(run(NO_SECONDARY, send(N, NO_SECONDARY)).emitted).toEqual([]);
    expect(run(NO_SECONDARY, send(S, NO_SECONDARY)).emitted).toEqual([]);
  });
  it('reading the owner gives null', () => {
    expect(run(NO_SECONDARY, read(P, NO_SECONDARY)).emitted).toEqual([{ type: 'owner_read', owner: null }]);
  });
});

describe('createStepper', () => {
  it('leaves the stored snapshot untouched: the same snapshot stepped twice gives the same answer', () => {
    const start = stepper.start({ page: ACTIVE });
    const a = stepper.step(start.snapshot, pass(P, S));
    const b = stepper.step(start.snapshot, pass(P, S2));
    expect([start.snapshot.context.owner, a.snapshot.context.owner, b.snapshot.context.owner]).toEqual([P, S, S2]);
  });
});
