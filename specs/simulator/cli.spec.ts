import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../simulator/commands/simulate.run.js';
import { formatSummary } from '../../simulator/report/summary.js';
import { runScenario } from '../../simulator/run-scenario.js';
import { findScenario } from '../../simulator/scenarios/index.js';
import { everyoneSends } from '../properties/support/planted.js';

const run = promisify(execFile);
const base = { seed: 1, transport: 'in-process' as const };

describe('handover-sim simulate', () => {
  it('runs every scenario, prints the summary table and exits 0', async () => {
    const lines: string[] = [];
    expect(await simulate([], { ...base, all: true, quiet: true }, (l) => lines.push(l))).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain('scenario                    transport   user msgs  webhooks  API calls  handovers  requests  refused sends');
    expect(out).toMatch(/manychat-as-secondary\s+in-process\s+3\s+\d+\s+\d+\s+0\s+0\s+ManyChat 3 /);
    expect(out).toContain('10 scenario(s) passed, every invariant held');
  });

  it('prints a timeline with time, actor, action, channel and owner after', async () => {
    const lines: string[] = [];
    await simulate(['page-inbox-as-livechat'], base, (l) => lines.push(l));
    expect(lines).toContain('     time  actor               action                                                      channel    owner after');
    expect(lines).toContain('     2.0s  ManyChat            → pass_thread_control to Page Inbox  ✓                                 Page Inbox');
    expect(lines).toContain('     4.0s  ManyChat            ← message "my order is late"                                standby    Page Inbox');
  });

  it('writes the trace as JSONL and the sequence diagrams as Mermaid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsim-'));
    const trace = join(dir, 'trace.jsonl');
    const mermaid = join(dir, 'trace.md');
    expect(await simulate(['deaf-bot', 'request-granted'], { ...base, quiet: true, trace, mermaid }, () => {})).toBe(0);
    const entries = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries[0]).toEqual({ scenario: 'deaf-bot', t: 1000, kind: 'stimulus', actor: 'Ann', action: 'writes "agent"', psid: '3000000001', result: 'ok', owner: 'ManyChat' });
    expect(new Set(entries.map((e) => e['scenario']))).toEqual(new Set(['deaf-bot', 'request-granted']));
    const md = readFileSync(mermaid, 'utf8');
    expect(md).toContain('## deaf-bot');
    expect(md.match(/```mermaid\nsequenceDiagram/g)).toHaveLength(2);
    expect(md).toContain('ManyChat');
  });

  it('refuses an unknown scenario with exit status 2 and the list of known ones', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect(await simulate(['no-such-thing'], base, () => {})).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors[0]).toMatch(/^handover-sim: unknown scenario "no-such-thing"; known: manychat-recommended-setup, /);
  });

  it('names the broken invariant and expectation when a run fails', async () => {
    const result = await runScenario(findScenario('manychat-as-secondary')!, { profile: everyoneSends });
    const lines = formatSummary([result], (id) => ({ '2000000001': 'ManyChat' })[id] ?? id);
    expect(lines[2]).toMatch(/FAILED$/);
    expect(lines).toContain('  ✗ manychat-as-secondary: invariant only_owner_sends violated: 2000000001 sent to 3000000001 while 2000000002 owned the thread');
    expect(lines).toContain('  ✗ manychat-as-secondary: expectation failed: sends refused with 2018300 for ManyChat: expected 3, got 0');
  });

  it('lists the scenarios, and `npm run simulate` runs from the command line with exit status 0', async () => {
    const list = await run('npx', ['tsx', 'simulator/cli.ts', 'scenarios']);
    expect(list.stdout.split('\n')[0]).toBe(
      "manychat-recommended-setup  ManyChat's recommended setup: ManyChat primary, the other apps secondary, ManyChat as its own LiveChat app",
    );
    const sim = await run('npx', ['tsx', 'simulator/cli.ts', 'simulate', '--users', '30', '--seed', '3', '--quiet']);
    expect(sim.stdout).toContain('1 scenario(s) passed, every invariant held');
  });
});
