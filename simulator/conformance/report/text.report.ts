import { formatRootCauses } from '../root-cause.js';
import type { CheckResult, CheckStatus, ConformanceReport } from '../types.js';

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

export function formatSummary(report: ConformanceReport): string {
  const count = (s: CheckStatus) => report.results.filter((r) => r.status === s).length;
  const parts = [`${count('pass')} passed`, `${count('fail')} failed`, `${count('warn')} warned`];
  if (count('skip') > 0) parts.push(`${count('skip')} skipped`);
  if (count('not-run') > 0) parts.push(`${count('not-run')} not run (the bot is down)`);
  return `${parts.join(', ')} in ${(report.durationMs / 1000).toFixed(1)} s: ${report.ok ? 'the bot conforms' : 'the bot does NOT conform'}`;
}

export function formatReport(report: ConformanceReport, options: { verbose?: boolean } = {}): string {
  return [
    `handover-sim conform: app ${report.appId} as ${report.role} at ${report.webhook}`,
    ...report.results.flatMap((r) => formatResult(r, options)),
    ...formatRootCauses(report.rootCauses),
    formatSummary(report),
  ].join('\n');
}
