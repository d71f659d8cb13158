import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractChecks } from '../../simulator/conformance/contract/contract-checks.js';
import { ContractError, loadContract, parseContract } from '../../simulator/conformance/contract/contract.schema.js';
import { conformExample } from './example-bots.js';

const EXAMPLE = join(import.meta.dirname, '../../examples/contracts/agent-handoff.yaml');

describe('contract files', () => {
  it('reads the YAML example into steps with durations in milliseconds', () => {
    const contract = loadContract(EXAMPLE);
    expect(contract.name).toBe('hand-off to a human');
    expect(contract.scenarios[0]!.steps).toEqual([
      { says: 'I want to talk to an agent' },
      { expect: { passes_to: 'page_inbox', within: 5000 } },
      { inbox: 'done' },
      { expect: { sends: 'Welcome back', within: 5000 } },
    ]);
    expect(contract.scenarios[1]!.steps[1]).toEqual({ expect: { owner: 'page_inbox', within: 5000 } });
    expect(contract.scenarios[1]!.steps[3]).toEqual({ expect: { silent: true, for: 500 } });
  });

  it('names the path of every problem of a bad contract', () => {
    const bad = { scenarios: [{ name: 'x', steps: [{ says: '' }, { expect: { passes_to: 'the inbox' } }, { expect: { sends: 'hi', within: '5 minutes' } }] }] };
    expect(() => parseContract(bad, 'bad.yaml')).toThrow(ContractError);
    expect(() => parseContract(bad, 'bad.yaml')).toThrow(
      [
        'bad.yaml is not a valid contract:',
        '  scenarios.0.steps.0.says: Too small: expected string to have >=1 characters',
        '  scenarios.0.steps.1.expect.passes_to: must be page_inbox, primary, bot or a numeric app id',
        '  scenarios.0.steps.2: must be a step: {says}, {taps}, {taps_quick_reply}, {sends_attachment}, {likes}, {arrives_from}, {reads}, {receives}, {inbox}, {wait} or {expect}',
      ].join('\n'),
    );
    expect(() => parseContract({ scenarios: [] })).toThrow('contract is not a valid contract:\n  scenarios: Too small: expected array to have >=1 items');
  });
});

describe.concurrent('contract scenarios run against real bots', () => {
  const extraChecks = contractChecks(loadContract(EXAMPLE));

  it('under conversation-routing, `primary` is the default application: the Page Inbox\'s Done gives the thread back to it', async () => {
    const contract = parseContract({ scenarios: [{ name: 'back to the default app', steps: [
      { says: 'agent' }, { expect: { owner: 'page_inbox' } }, { inbox: 'done' }, { expect: { owner: 'primary' } },
    ] }] });
    // The bot is the default app as primary; as secondary, ManyChat is (and Done gives the thread to ManyChat, not the bot).
    const reports = await Promise.all((['primary', 'secondary'] as const).map((role) =>
      conformExample('compliant-bot', { protocol: 'conversation-routing', role, skipBuiltIn: true, extraChecks: contractChecks(contract) })));
    expect(reports.map((r) => r.results.map((x) => [x.status, x.summary]))).toEqual([[['pass', 'all 4 steps held']], [['pass', 'all 4 steps held']]]);
  });

  it('the compliant bot keeps both promises', async () => {
    const report = await conformExample('compliant-bot', { skipBuiltIn: true, extraChecks });
    expect(report.results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['scenario: the user asks for an agent, the Page Inbox hands back', 'pass', 'all 4 steps held'],
      ['scenario: the bot stays quiet while the Page Inbox has the thread', 'pass', 'all 4 steps held'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('a bot that answers standby traffic breaks the second', async () => {
    const report = await conformExample('answers-standby-bot', { skipBuiltIn: true, extraChecks });
    expect(report.results.map((r) => [r.status, r.summary])).toEqual([
      ['pass', 'all 4 steps held'],
      ['fail', 'step 4: expected no message from the bot for 500 ms, it sent 1'],
    ]);
    expect(report.ok).toBe(false);
  });

  it('a contract the bot does not keep says which step and what was seen', async () => {
    const contract = parseContract({ scenarios: [{ name: 'passes to the primary', steps: [{ says: 'agent' }, { expect: { passes_to: 'primary', within: '300ms' } }] }] });
    const report = await conformExample('compliant-bot', { skipBuiltIn: true, extraChecks: contractChecks(contract) });
    expect(report.results[0]!.summary).toBe('step 2: expected the bot to pass control to the bot within 300 ms; the thread is with Page Inbox');
  });
});
