import { INVARIANTS } from '../invariants.js';
import type { RunResult } from '../run-scenario.js';

/** One row per scenario run, and what went wrong, named. */
export function formatSummary(results: readonly RunResult[], nameOf: (appId: string) => string): string[] {
  const header = ['scenario', 'transport', 'user msgs', 'webhooks', 'API calls', 'handovers', 'requests', 'refused sends', 'invariant checks', 'result'];
  const rows = results.map((r) => [
    r.scenario.name,
    r.transport,
    String(r.counters.userMessages),
    String(r.counters.webhookEvents),
    String(r.counters.apiCalls),
    String(r.counters.handovers),
    String(r.counters.requests),
    [...r.counters.refusedSends].map(([app, n]) => `${nameOf(app)} ${n}`).join(', ') || '0',
    `${r.checks} (${Object.keys(INVARIANTS).length} invariants)`,
    r.ok ? 'ok' : 'FAILED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of results) {
    for (const v of r.violations.slice(0, 10)) out.push(`  ✗ ${r.scenario.name}: invariant ${v.invariant} violated: ${v.message}`);
    if (r.violations.length > 10) out.push(`  ✗ ${r.scenario.name}: … and ${r.violations.length - 10} more violations`);
    for (const f of r.failedExpectations) out.push(`  ✗ ${r.scenario.name}: expectation failed: ${f}`);
  }
  return out;
}
