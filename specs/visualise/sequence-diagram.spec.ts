import { describe, expect, it } from 'vitest';
import { Platform } from '../../fake-graph-api/platform.js';
import { DEFAULT_WORLD } from '../../fake-graph-api/world/default-world.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import { PAGE_INBOX_APP_ID } from '../../machines/platform/index.js';
import { formatElapsed, recordSequenceDiagram, sequenceMarkdown, toSequenceDiagram } from '../../simulator/visualise/sequence-diagram.js';

const PAGE = '1000000001';
const ANN = '3000000001';
const BO = '3000000002';
const BOT = { appId: '2000000001', pageId: PAGE };

describe('traces as Mermaid sequence diagrams', () => {
  it("draws a thread from the platform's own log: messages, deliveries, echoes, a handover, a refusal, role changes", () => {
    let now = 1_700_000_000_000;
    const platform = new Platform(parseWorld(DEFAULT_WORLD), { clock: { now: () => now } });
    const trace = recordSequenceDiagram(platform);
    platform.userWrites(PAGE, ANN, { text: 'agent please' });
    platform.userWrites(PAGE, BO, { text: 'not in my thread' });
    now += 1500;
    platform.passThreadControl(BOT, ANN, PAGE_INBOX_APP_ID, 'wants a human');
    now += 500;
    platform.sendMessage(BOT, ANN, { text: 'Daily deals!' });
    now += 86_400_000;
    platform.inboxDone(PAGE, ANN);
    // A day after Ann's last message: outside the messaging window (protocol.md §3), so the send carries a tag.
    platform.sendMessage(BOT, ANN, { text: 'Welcome back' }, { timing: { messagingType: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' } });
    platform.setRoles(PAGE, BOT.appId, ['2000000002']);
    expect(trace.diagram(PAGE, ANN)).toBe(`sequenceDiagram
  actor user as Ann (user)
  participant platform as Messenger platform
  participant app2000000001 as ManyChat (primary)
  participant app2000000002 as LiveDesk (secondary)
  participant app263902037430900 as Page Inbox (no role)
  user->>platform: +0s "agent please"
  platform-)app2000000001: +0s message · messaging [recorded]
  platform-)app2000000002: +0s message · standby [recorded]
  platform-)app263902037430900: +0s message · standby [recorded]
  rect rgb(237, 231, 246)
    app2000000001->>platform: +1.5s pass_thread_control → Page Inbox
  end
  Note over platform: +1.5s owner: Page Inbox
  platform-)app263902037430900: +1.5s pass_thread_control · messaging [recorded]
  app2000000001-xplatform: +2s send refused: send_not_owner
  rect rgb(237, 231, 246)
    app263902037430900->>platform: +1d 2s pass_thread_control → ManyChat
  end
  Note over platform: +1d 2s owner: ManyChat
  platform-)app2000000001: +1d 2s pass_thread_control · messaging [recorded]
  app2000000001->>user: +1d 2s "Welcome back"
  platform--)app2000000001: +1d 2s message_echo · messaging [recorded]
  platform--)app2000000002: +1d 2s message_echo · messaging [recorded]
  platform--)app263902037430900: +1d 2s message_echo · messaging [recorded]
  Note over platform: +1d 2s roles: primary ManyChat, secondary LiveDesk
  platform-)app2000000001: +1d 2s app_roles · messaging [recorded]
  platform-)app2000000002: +1d 2s app_roles · messaging [recorded]
  platform-)app263902037430900: +1d 2s app_roles · messaging [recorded]
`);
    trace.stop();
  });

  it('takes neutral steps from any trace; Mermaid syntax in labels is written as look-alikes', () => {
    const diagram = toSequenceDiagram(
      [{ id: 'user', label: 'Ann', kind: 'user' }, { id: 'platform', label: 'Messenger platform', kind: 'platform' }],
      [
        { time: 10, from: 'user', to: 'platform', label: 'hi; see #3\nthanks', kind: 'message' },
        { time: 10, from: 'platform', to: 'bot-1', label: 'message · messaging', kind: 'delivery', status: 'delivered 200' },
        { time: 20, from: 'bot-1', to: 'platform', label: 'send', kind: 'echo' },
        { time: 20, from: 'platform', to: 'bot-1', label: 'owner', kind: 'note' },
      ],
      { times: false, title: 'A; B' },
    );
    expect(diagram).toBe(`sequenceDiagram
  title A； B
  actor user as Ann
  participant platform as Messenger platform
  participant appbot1 as bot-1
  user->>platform: hi； see ＃3<br/>thanks
  platform-)appbot1: message · messaging [delivered 200]
  appbot1--)platform: send
  Note over platform,appbot1: owner
`);
  });

  it('writes elapsed simulated time compactly', () => {
    expect([0, 250, 1500, 61_000, 3_600_000, 86_400_000 + 3_000].map(formatElapsed)).toEqual(['+0s', '+0.25s', '+1.5s', '+1m 1s', '+1h', '+1d 3s']);
  });
});

describe('simulate --mermaid FILE.md', () => {
  it('writes one titled Mermaid block per scenario', () => {
    const participants = [{ id: 'user', label: 'Ann', kind: 'user' as const }, { id: 'platform', label: 'Messenger platform', kind: 'platform' as const }];
    const steps = [{ time: 0, from: 'user', to: 'platform', label: '"hi"', kind: 'message' as const }];
    expect(sequenceMarkdown([
      { title: 'happy path', summary: 'passed · seed 7', participants, steps },
      { title: 'refusal', participants, steps: [] },
    ])).toBe(`# Simulation traces

## happy path

passed · seed 7

\`\`\`mermaid
sequenceDiagram
  actor user as Ann
  participant platform as Messenger platform
  user->>platform: +0s "hi"
\`\`\`

## refusal

\`\`\`mermaid
sequenceDiagram
  actor user as Ann
  participant platform as Messenger platform
\`\`\`
`);
  });
});
