import { describe, expect, it } from 'vitest';
import { runScenario } from '../../simulator/run-scenario.js';
import { openHttpTransport } from '../../simulator/runtime/http.transport.js';
import { SCENARIOS, findScenario } from '../../simulator/scenarios/index.js';
import { everyoneSends } from '../properties/support/planted.js';

describe('the scenario catalogue', () => {
  it('has the nine HOP v1 workflows (request granted and ignored count as one) and the seven of issue 11', () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      'manychat-recommended-setup',
      'page-inbox-as-livechat',
      'no-secondary-receiver',
      'manychat-as-secondary',
      'stuck-conversations-fixed',
      'request-granted',
      'request-ignored',
      'primary-takes-back',
      'deaf-bot',
      'broadcast-with-agents',
      'quick-reply-handoff',
      'idle-after-24h',
      'release-to-default-app',
      'inline-pass-in-send',
      'take-needs-permission',
      'request-race-zero-config',
      'ad-entry-routing',
      'human-agent-tag-after-a-day',
    ]);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every expectation and every invariant holds (in-process)`, async () => {
      const result = await runScenario(scenario);
      expect(result.failedExpectations).toEqual([]);
      expect(result.violations).toEqual([]);
      expect(result.checks).toBeGreaterThan(0);
      expect(result.ok).toBe(true);
    });
  }

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: the HTTP transport gives the same protocol events and the same trace`, async () => {
      const inProcess = await runScenario(scenario);
      const http = await runScenario(scenario, { transport: 'http', openHttpTransport });
      expect(http.ok).toBe(true);
      expect(http.protocolEvents.length).toBeGreaterThan(0);
      expect(http.protocolEvents).toEqual(inProcess.protocolEvents);
      expect(http.trace.toJsonl()).toBe(inProcess.trace.toJsonl());
    });
  }
});

describe('the HTTP transport runs the same platform', () => {
  it('a planted rule reaches it too: the monitor catches the same violations over HTTP as in process', async () => {
    const profile = everyoneSends;
    const scenario = findScenario('primary-takes-back')!;
    const inProcess = await runScenario(scenario, { profile });
    const http = await runScenario(scenario, { profile, transport: 'http', openHttpTransport });
    expect(inProcess.violations.map((v) => v.invariant)).toEqual(['only_owner_sends']);
    expect(http.violations).toEqual(inProcess.violations);
  });
});

describe('what the scenarios show', () => {
  it('misconfiguration: ManyChat as secondary has every broadcast send refused with 2018300', async () => {
    const result = await runScenario(findScenario('manychat-as-secondary')!);
    expect(Object.fromEntries(result.counters.refusedSends)).toEqual({ '2000000001': 3 });
    const refusals = result.trace.entries.filter((e) => e.kind === 'call' && e.result === '(#10) 2018300');
    expect(refusals.map((e) => [e.actor, e.psid, e.action])).toEqual([
      ['ManyChat', '3000000001', '→ send "Our spring sale starts today!"'],
      ['ManyChat', '3000000002', '→ send "Our spring sale starts today!"'],
      ['ManyChat', '3000000003', '→ send "Our spring sale starts today!"'],
    ]);
  });

  it('no secondary: the pass is refused with the handover-inactive error and no standby is ever sent', async () => {
    const result = await runScenario(findScenario('no-secondary-receiver')!);
    const pass = result.trace.entries.find((e) => e.kind === 'call' && e.action.startsWith('→ pass_thread_control'));
    expect(pass?.result).toBe('(#10) 2018901');
    expect(result.protocolEvents.filter((e) => e.includes(' standby '))).toEqual([]);
  });

  it('a deaf bot never hears the user while another app owns the thread', async () => {
    const result = await runScenario(findScenario('deaf-bot')!);
    expect(result.protocolEvents.filter((e) => e.startsWith('2000000001 '))).toEqual([
      '2000000001 messaging message 3000000001',
      '2000000001 messaging message_echo 3000000001',
    ]);
  });

  it('the take-back timer fires after 15 virtual minutes, not before', async () => {
    const result = await runScenario(findScenario('primary-takes-back')!);
    const take = result.trace.entries.find((e) => e.kind === 'call' && e.action === '→ take_thread_control' && e.psid === '3000000001');
    expect(take?.t).toBe(1_000 + 15 * 60_000);
  });
});

describe('a quick-reply hand-off in the simulator', () => {
  it('the user machine taps a quick reply: one message with the payload, the primary opens the conversation from it', async () => {
    const result = await runScenario(findScenario('quick-reply-handoff')!);
    expect(result.ok).toBe(true);
    const stimuli = result.trace.entries.filter((e) => e.kind === 'stimulus' && e.actor === 'Ann').map((e) => [e.t, e.action, e.result, e.owner]);
    expect(stimuli).toEqual([
      [1000, 'taps quick reply "Talk to an agent"', 'ok', 'ManyChat'],
      [4000, 'taps quick reply "Track my order"', 'ok', 'ManyChat'],
    ]);
    expect(result.protocolEvents.filter((e) => e.endsWith(' 3000000001') && e.includes(' message ')).slice(0, 3)).toEqual([
      '2000000001 messaging message 3000000001',
      '2000000002 standby message 3000000001',
      '263902037430900 standby message 3000000001',
    ]);
  });
});
