import { formatRootCauses } from '../root-cause.js';
import type { CheckResult, CheckStatus, ConformanceReport, ConformanceRunAll, RetiredCallWarning } from '../types.js';

/** The report a person reads: one line per check, and for a failure or warning the trace that shows why. */
const MARK: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP', 'not-run': 'DOWN' };

export function formatResult(result: CheckResult, options: { verbose?: boolean } = {}): string[] {
  const label = result.number > 0 ? `${String(result.number).padStart(2)}` : ' •';
  const lines = [`  ${MARK[result.status]}  ${label}  ${result.id.padEnd(22)} ${result.summary}`];
  if (result.status === 'fail' || result.status === 'warn' || options.verbose) {
    for (const line of result.excerpt) lines.push(`              ${line}`);
  }
  return lines;
}

/** One line per endpoint Meta retired under the protocol that the bot still called. */
export function formatWarnings(protocol: string, warnings: readonly RetiredCallWarning[]): string[] {
  return warnings.map((w) => `  WARN      the bot called ${w.endpoint} ${w.calls} time(s), retired under ${protocol}: ${w.why}`);
}

export function formatSummary(report: ConformanceReport): string {
  const count = (s: CheckStatus) => report.results.filter((r) => r.status === s).length;
  const parts = [`${count('pass')} passed`, `${count('fail')} failed`, `${count('warn')} warned`];
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  if (count('not-run') > 0) parts.push(`${count('not-run')} not run (the bot is down)`);
  if (report.warnings.length > 0) parts.push(`${report.warnings.length} retired endpoint(s) called`);
  return `${parts.join(', ')} in ${(report.durationMs / 1000).toFixed(1)} s under ${report.protocol}: ${report.ok ? 'the bot conforms' : 'the bot does NOT conform'}`;
}

/**
 * `--protocol all`: one row per check, one column per protocol; then, per protocol, the failures and
 * warnings with their trace, and one summary line each.
 */
export function formatAll(run: ConformanceRunAll, options: { verbose?: boolean } = {}): string[] {
  const first = run.reports[0];
  if (!first) return [];
  const widths = run.reports.map((r) => Math.max(r.protocol.length, 4));
  const row = (label: string, cells: string[]) => `  ${label.padEnd(30)}${cells.map((c, i) => c.padEnd(widths[i]! + 2)).join('')}`.trimEnd();
  const lines = [row('', run.reports.map((r) => r.protocol))];
  for (const [i, result] of first.results.entries()) {
    const label = `${result.number > 0 ? String(result.number).padStart(2) : ' •'}  ${result.id}`;
    lines.push(row(label, run.reports.map((r) => MARK[r.results[i]?.status ?? 'not-run'])));
  }
  for (const report of run.reports) {
    const shown = report.results.filter((r) => r.status === 'fail' || r.status === 'warn' || options.verbose);
    if (shown.length > 0 || report.warnings.length > 0 || report.rootCauses.length > 0) lines.push(`under ${report.protocol}:`);
    for (const result of shown) lines.push(...formatResult(result, options));
    lines.push(...formatWarnings(report.protocol, report.warnings), ...formatRootCauses(report.rootCauses));
  }
  for (const report of run.reports) lines.push(formatSummary(report));
  lines.push(`${run.ok ? 'the bot conforms under every protocol' : 'the bot does NOT conform under every protocol'} (${(run.durationMs / 1000).toFixed(1)} s in all)`);
  return lines;
}

export function formatReport(report: ConformanceReport, options: { verbose?: boolean } = {}): string {
  return [
    `handover-sim conform: app ${report.appId} as ${report.role} at ${report.webhook}, under ${report.protocol}`,
    ...report.results.flatMap((r) => formatResult(r, options)),
    ...formatWarnings(report.protocol, report.warnings),
    ...formatRootCauses(report.rootCauses),
    formatSummary(report),
  ].join('\n');
}
