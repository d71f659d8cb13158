import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspectRun } from '../../simulator/report/inspect-run.js';
import { runScenario } from '../../simulator/run-scenario.js';
import { findScenario } from '../../simulator/scenarios/index.js';
import { startStatelyInspector, type StatelyInspector } from '../../simulator/inspect/stately.js';

let inspector: StatelyInspector | undefined;
afterEach(async () => {
  await inspector?.stop();
  inspector = undefined;
});

type Actor = Extract<StatelyInspectionEvent, { type: '@xstate.actor' }>;
type Snapshot = Extract<StatelyInspectionEvent, { type: '@xstate.snapshot' }>;

describe('simulate --inspect', () => {
  it('streams the app actors of a scenario, each step of each thread, next to the platform\'s page and threads', async () => {
    inspector = await startStatelyInspector();
    const received: StatelyInspectionEvent[] = [];
    createWebSocketReceiver({ server: inspector.relayUrl }).subscribe((e) => void received.push(e));
    const steps: string[] = [];
    const hooks = inspectRun(inspector, 'page-inbox-as-livechat');
    const result = await runScenario(findScenario('page-inbox-as-livechat')!, {
      observe: { platform: hooks.platform!, app: (step) => (steps.push(`${step.host.name}:${step.psid} ${step.event.type}`), hooks.app!(step)) },
    });
    expect(result.ok).toBe(true);
    await vi.waitFor(() => expect(received.filter((e) => e.type === '@xstate.snapshot').length).toBeGreaterThanOrEqual(steps.length), { timeout: 10_000 });

    const actors = (received.filter((e) => e.type === '@xstate.actor') as Actor[]).map((a) => a.sessionId);
    expect(actors).toEqual(expect.arrayContaining([
      'page-inbox-as-livechat/ManyChat:3000000001',
      'page-inbox-as-livechat/LiveDesk:3000000001',
      'page-inbox-as-livechat/Page Inbox:3000000001',
      'page-inbox-as-livechat/user:1000000001/3000000001',
      'page-inbox-as-livechat/page:1000000001',
      'page-inbox-as-livechat/thread:1000000001/3000000001',
    ]));
    const manychat = (received.filter((e) => e.type === '@xstate.snapshot') as Snapshot[])
      .filter((s) => s.sessionId === 'page-inbox-as-livechat/ManyChat:3000000001')
      .map((s) => (s.snapshot as unknown as { value: unknown }).value);
    expect(manychat).toEqual(steps.filter((s) => s.startsWith('ManyChat:3000000001 ')).map(() => expect.any(String)));
    expect(manychat).toEqual(MANYCHAT_STATES);
  });
});

/** ManyChat's machine for Ann, step by step: "hi" and its reply, "agent", the notice, the pass, Done, "thanks". */
const MANYCHAT_STATES = [
  'automation', // message "hi"
  'automation', // api_result send
  'passingControl', // message "agent"
  'passingControl', // api_result send (the notice)
  'liveChat', // api_result pass_thread_control
  'liveChat', // message "my order is late" on standby
  'automation', // pass_thread_control back from the Page Inbox
  'automation', // api_result send (welcome back)
  'automation', // message "thanks"
  'automation', // api_result send
];
