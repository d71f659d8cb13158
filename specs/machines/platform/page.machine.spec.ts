import { describe, expect, it } from 'vitest';
import { PAGE_INBOX_APP_ID, appRolesMap, createStepper, handoverActive, pageMachine, type PageEvent, type PageInput } from '../../../machines/platform/index.js';

/** The page machine: roles, activation, secondary_receivers, through createStepper. */
const stepper = createStepper(pageMachine);
const P = '1';
const S = '2';
const N = '3';
const INPUT: PageInput = { apps: [P, S, N], roles: { primary: P, secondaries: [S] } };

function run(input: PageInput, ...events: PageEvent[]) {
  let step = stepper.start(input);
  for (const event of events) step = stepper.step(step.snapshot, event);
  return { value: step.snapshot.value, context: step.snapshot.context, emitted: step.emitted };
}
const setRoles = (primary: string | null, secondaries: string[]): PageEvent => ({ type: 'set_roles', primary, secondaries });
const readSecondaries = (caller: string): PageEvent => ({ type: 'read_secondary_receivers', caller });

describe('activation', () => {
  it.each([
    ['one primary and one secondary', { primary: P, secondaries: [S] }, 'handoverActive'],
    ['a primary and no secondary', { primary: P, secondaries: [] }, 'handoverInactive'],
    ['secondaries and no primary', { primary: null, secondaries: [S] }, 'handoverInactive'],
    ['no roles', { primary: null, secondaries: [] }, 'handoverInactive'],
  ])('%s → %s', (_n, roles, value) => {
    expect(run({ apps: [P, S], roles }).value).toBe(value);
    expect(handoverActive(roles)).toBe(value === 'handoverActive');
  });

  it('duplicate apps in the input are kept once', () => {
    expect(run({ apps: [P, P, S], roles: { primary: P, secondaries: [S] } }).context.apps).toEqual([P, S]);
  });
});

describe('set_roles', () => {
  it('assigns roles and emits app_roles_changed with the page as it now is', () => {
    const page = { roles: { primary: S, secondaries: [P, N] }, apps: [P, S, N] };
    expect(run(INPUT, setRoles(S, [P, N, N]))).toEqual({
      value: 'handoverActive',
      context: page,
      emitted: [{ type: 'app_roles_changed', page }],
    });
  });

  it('to no secondary: handoverInactive', () => {
    expect(run(INPUT, setRoles(P, [])).value).toBe('handoverInactive');
  });

  it('back to active', () => {
    expect(run(INPUT, setRoles(null, [S]), setRoles(P, [S])).value).toBe('handoverActive');
  });

  it('naming the Page Inbox installs it', () => {
    const r = run(INPUT, setRoles(P, [PAGE_INBOX_APP_ID]));
    expect(r.context).toEqual({ apps: [P, S, N, PAGE_INBOX_APP_ID], roles: { primary: P, secondaries: [PAGE_INBOX_APP_ID] } });
    expect(r.value).toBe('handoverActive');
  });

  it.each([
    ['role_for_unknown_app (secondary)', setRoles(P, ['9'])],
    ['role_for_unknown_app (primary)', setRoles('9', [S])],
    ['role_conflict', setRoles(P, [P, S])],
  ])('%s: refused, nothing changes', (name, event) => {
    const refusal = name.split(' ')[0];
    expect(run(INPUT, event)).toEqual({ value: 'handoverActive', context: INPUT, emitted: [{ type: 'refused', refusal }] });
  });
});

describe('read_secondary_receivers', () => {
  it('the primary gets the secondaries in order', () => {
    expect(run({ apps: [P, S, N], roles: { primary: P, secondaries: [S, N] } }, readSecondaries(P)).emitted)
      .toEqual([{ type: 'secondary_receivers_read', appIds: [S, N] }]);
  });
  it('a secondary: secondary_receivers_primary_only', () => {
    expect(run(INPUT, readSecondaries(S)).emitted).toEqual([{ type: 'refused', refusal: 'secondary_receivers_primary_only' }]);
  });
  it('an app without a role: no_role', () => {
    expect(run(INPUT, readSecondaries(N)).emitted).toEqual([{ type: 'refused', refusal: 'no_role' }]);
  });
});

describe('appRolesMap', () => {
  it("Meta's role names for every app with a role", () => {
    expect(appRolesMap({ primary: P, secondaries: [S, N] })).toEqual({ [P]: ['primary_receiver'], [S]: ['secondary_receiver'], [N]: ['secondary_receiver'] });
    expect(appRolesMap({ primary: null, secondaries: [] })).toEqual({});
  });
});
