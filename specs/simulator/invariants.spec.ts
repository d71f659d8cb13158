import { assign, emit } from 'xstate';
import { crThreadMachine } from '../../machines/platform/cr-thread.machine.js';
import { PROFILES } from '../../machines/platform/profiles.js';
import { homeProfile, scenarioUnder } from '../../simulator/scenario-profiles.js';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../machines/platform/profiles.js';
import { routeUserEvent } from '../../machines/platform/routing.js';
import { threadControlMachine } from '../../machines/platform/thread-control.machine.js';
import { INVARIANTS } from '../../simulator/invariants.js';
import { runScenario } from '../../simulator/run-scenario.js';
import { findScenario, SCENARIOS } from '../../simulator/scenarios/index.js';
import { everyoneSends, realProfile, withRouting, withThreadControl } from '../properties/support/planted.js';

/**
 * The monitor that every run carries must catch each bug it exists for. Each test plants one broken rule
 * through the Platform's profile seam (never a flag in production code) and runs a catalogue scenario.
 */
async function violationsOf(scenario: string, profile: Profile) {
  const result = await runScenario(findScenario(scenario)!, { profile });
  return [...new Set(result.violations.map((v) => v.invariant))];
}

describe('the invariant monitor', () => {
  it('checks eight named invariants', () => {
    expect(Object.keys(INVARIANTS)).toEqual(['one_owner', 'inactive_means_no_handover', 'delivered_once', 'only_owner_sends', 'request_keeps_owner', 'silent_lapse', 'control_lapses', 'messaging_window']);
  });

  it('finds nothing wrong with the real rules over the whole catalogue', async () => {
    const found: Record<string, string[]> = {};
    const hopV1 = SCENARIOS.filter((s) => homeProfile(s) === 'hop-v1');
    for (const scenario of hopV1) found[scenario.name] = await violationsOf(scenario.name, realProfile);
    expect(found).toEqual(Object.fromEntries(hopV1.map((s) => [s.name, []])));
  });

  it('catches a Send API that lets every app send (only_owner_sends)', async () => {
    expect(await violationsOf('broadcast-with-agents', everyoneSends)).toEqual(['only_owner_sends']);
  });

  it('catches a Send API that refuses the owner (only_owner_sends)', async () => {
    const ownerRefused = withThreadControl(threadControlMachine.provide({ guards: { callerIsNotOwner: () => true } }));
    expect(await violationsOf('page-inbox-as-livechat', ownerRefused)).toEqual(['only_owner_sends']);
  });

  it('catches a request that hands the thread over (request_keeps_owner)', async () => {
    const requestGrants = withThreadControl(
      threadControlMachine.provide({
        actions: { emitControlRequested: assign({ owner: ({ event }) => ('caller' in event ? event.caller : null) }) },
      }),
    );
    expect(await violationsOf('request-ignored', requestGrants)).toEqual(['request_keeps_owner']);
  });

  it('catches standby while handover is inactive (inactive_means_no_handover)', async () => {
    const standbyWhenInactive = withRouting({
      routeUserEvent: (kind, owner, listeners) =>
        owner === null ? listeners.map((l, i) => ({ appId: l.appId, channel: i === 0 ? 'messaging' : 'standby' })) : routeUserEvent(kind, owner, listeners),
    });
    expect(await violationsOf('no-secondary-receiver', standbyWhenInactive)).toEqual(['inactive_means_no_handover', 'delivered_once']);
  });

  it('catches a message delivered twice, or to two owners (delivered_once, one_owner)', async () => {
    const everyoneOnMessaging = withRouting({ routeUserEvent: (kind, _owner, listeners) => routeUserEvent(kind, null, listeners) });
    expect(await violationsOf('page-inbox-as-livechat', everyoneOnMessaging)).toEqual(['delivered_once', 'one_owner']);
  });

  it('catches an owner without a role (one_owner)', async () => {
    // A role change that forgets to return the threads of an app that lost its role.
    const keepsOwner = withThreadControl(threadControlMachine.provide({ guards: { ownerIsSecondary: ({ context }) => context.owner !== null } }));
    const result = await runScenario(
      {
        ...findScenario('page-inbox-as-livechat')!,
        name: 'inbox-loses-its-role',
        steps: [{ user: '3000000001', says: 'agent' }, { roles: { primary: '2000000001', secondary: ['2000000002'] } }],
        expect: {},
      },
      { profile: keepsOwner },
    );
    expect([...new Set(result.violations.map((v) => v.invariant))]).toEqual(['one_owner']);
    expect(result.violations[0]!.message).toBe('thread 1000000001/3000000001 has owner 263902037430900 without a role while handover is active');
  });
});

describe('the monitor under the later generations catches the bugs its new invariants exist for', () => {
  const cr = PROFILES['conversation-routing'];
  const plantedCr = (threadControl: Profile['threadControl']): Profile => ({ ...cr, threadControl });
  async function crViolations(name: string, profile: Profile) {
    const result = await runScenario(scenarioUnder(findScenario(name)!, 'conversation-routing').scenario!, { profile });
    return [...new Set(result.violations.map((v) => v.invariant))];
  }

  it('finds nothing wrong with the real CR rules in the scenarios that exercise them', async () => {
    expect(await crViolations('human-agent-tag-after-a-day', cr)).toEqual([]);
    expect(await crViolations('release-to-default-app', cr)).toEqual([]);
  });

  it('catches a Send API that forgets the messaging window (messaging_window)', async () => {
    const noWindow = plantedCr(crThreadMachine.provide({ guards: { outsideMessagingWindow: () => false } }));
    expect(await crViolations('human-agent-tag-after-a-day', noWindow)).toEqual(['messaging_window']);
  });

  it('catches a release that tells the app it passes to (silent_lapse)', async () => {
    const noisyRelease = plantedCr(
      crThreadMachine.provide({
        actions: { emitControlReleased: emit(({ context }) => ({ type: 'control_passed' as const, from: context.owner, to: context.owner ?? '', metadata: null })) },
      }),
    );
    expect(await crViolations('release-to-default-app', noisyRelease)).toEqual(['silent_lapse']);
  });

  it('catches a thread whose control never lapses (control_lapses)', async () => {
    const neverLapses = plantedCr(crThreadMachine.provide({ guards: { controlExpired: () => false } }));
    expect(await crViolations('idle-after-24h', neverLapses)).toEqual(['control_lapses']);
  });
});
