import { describe, expect, it } from 'vitest';
import { formatReport } from '../../simulator/conformance/report/text.report.js';
import { junitReport } from '../../simulator/conformance/report/junit.report.js';
import { conformExample } from './example-bots.js';

/** A bot that calls an edge Meta retired under the protocol that ran gets a warning naming it (protocol.md §1.7). */
describe.concurrent('conform warns of retired endpoints', () => {
  it('under conversation-routing: GET /secondary_receivers is named, with why; the run still conforms', async () => {
    const report = await conformExample('asks-secondary-receivers-bot', { protocol: 'conversation-routing', only: ['pass-target'] });
    expect(report.warnings).toEqual([
      { endpoint: 'GET /secondary_receivers', calls: 1, why: 'HOP v1 only: Conversation Routing has no roles (Meta dropped the edge from its SDK on 2026-06-08; protocol.md §1.7)' },
    ]);
    expect(report.ok).toBe(true);
    expect(formatReport(report).split('\n')).toContain(
      '  WARN      the bot called GET /secondary_receivers 1 time(s), retired under conversation-routing: HOP v1 only: Conversation Routing has no roles (Meta dropped the edge from its SDK on 2026-06-08; protocol.md §1.7)',
    );
    expect(junitReport(report)).toContain('<system-out>WARNING: the bot called GET /secondary_receivers 1 time(s), retired under conversation-routing');
  });

  it('under hop-v1 the same bot gets no warning: the edge is the primary\'s there', async () => {
    const report = await conformExample('asks-secondary-receivers-bot', { protocol: 'hop-v1', only: ['pass-target'] });
    expect([report.warnings, report.results.map((r) => r.status)]).toEqual([[], ['pass']]);
  });
});
