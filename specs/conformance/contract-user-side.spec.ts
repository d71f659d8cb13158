import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractChecks } from '../../simulator/conformance/contract/contract-checks.js';
import { ContractError, loadContract, parseContract } from '../../simulator/conformance/contract/contract.schema.js';
import { conformExample } from './example-bots.js';

/** Contract steps for the user's other gestures: parsed as /__admin parses them, played through the platform. */
describe('contract steps for quick replies, attachments, likes, referrals, reads and deliveries', () => {
  it('parses each new step', () => {
    const steps = [
      { taps_quick_reply: { title: 'Talk to a person', payload: 'HUMAN_AGENT' } },
      { sends_attachment: { type: 'image', url: 'https://example.com/a.jpg' } },
      { sends_attachment: { type: 'location', lat: 1.5, long: 2 } },
      { likes: true },
      { arrives_from: { ref: 'support' } },
      { arrives_from: { ad_id: '6001' } },
      { reads: true },
      { receives: true },
    ];
    expect(parseContract({ scenarios: [{ name: 'every gesture', steps }] }).scenarios[0]!.steps).toEqual(steps);
  });

  it('names the path of a bad gesture', () => {
    const bad = { scenarios: [{ name: 'x', steps: [{ taps_quick_reply: { title: 'Yes', payload: '' } }, { arrives_from: { ad_id: 'summer' } }] }] };
    expect(() => parseContract(bad, 'bad.yaml')).toThrow(ContractError);
    expect(() => parseContract(bad, 'bad.yaml')).toThrow([
      'bad.yaml is not a valid contract:',
      '  scenarios.0.steps.0.taps_quick_reply.payload: Too small: expected string to have >=1 characters',
      '  scenarios.0.steps.1.arrives_from.ad_id: must be a numeric ad id',
    ].join('\n'));
  });

  it('the compliant bot answers a quick reply, an attachment and a like, stays quiet on a read and a delivery, and hands over on "agent" after a referral', async () => {
    const contract = parseContract({
      scenarios: [
        {
          name: 'answers every gesture',
          steps: [
            { taps_quick_reply: { title: 'Track my order', payload: 'TRACK_ORDER' } },
            { expect: { sends: 'You said: Track my order' } },
            { sends_attachment: { type: 'image', url: 'https://example.com/shoe.jpg' } },
            { expect: { sends: true } },
            { likes: true },
            { expect: { sends: true } },
            { receives: true },
            { reads: true },
            { expect: { silent: true, for: '300ms' } },
          ],
        },
        {
          name: 'arrives from an ad, asks for an agent',
          steps: [
            { arrives_from: { ad_id: '6001', ref: 'spring-sale' } },
            { says: 'agent please' },
            { expect: { passes_to: 'page_inbox' } },
          ],
        },
      ],
    });
    const report = await conformExample('compliant-bot', { skipBuiltIn: true, extraChecks: contractChecks(contract) });
    expect(report.results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['scenario: answers every gesture', 'pass', 'all 9 steps held'],
      ['scenario: arrives from an ad, asks for an agent', 'pass', 'all 3 steps held'],
    ]);
  });

  it('a delivery with nothing to deliver fails the scenario, saying why', async () => {
    const contract = parseContract({ scenarios: [{ name: 'nothing sent yet', steps: [{ receives: true }] }] });
    const report = await conformExample('compliant-bot', { skipBuiltIn: true, extraChecks: contractChecks(contract) });
    expect(report.results.map((r) => [r.status, r.summary])).toEqual([['fail', "the check could not run: the delivery of the bot's messages was refused: nothing_to_deliver"]]);
  });

  it('examples/contracts/quick-reply-handoff.yaml: the compliant bot keeps both promises', async () => {
    const contract = loadContract(join(import.meta.dirname, '../../examples/contracts/quick-reply-handoff.yaml'));
    expect(contract.scenarios[0]!.steps[0]).toEqual({ taps_quick_reply: { title: 'Talk to an agent', payload: 'HUMAN_AGENT' } });
    const report = await conformExample('compliant-bot', { skipBuiltIn: true, extraChecks: contractChecks(contract) });
    expect(report.results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['scenario: the user taps "Talk to an agent", the Page Inbox hands back', 'pass', 'all 4 steps held'],
      ['scenario: a user who came from an ad, sends a photo and reads the answer', 'pass', 'all 6 steps held'],
    ]);
  });
});
