import type { ConformanceReport, ConformanceRunAll } from '../types.js';

/**
 * JUnit XML, as CI systems read it: one testcase per check; a failure carries the summary and the trace
 * excerpt; a warning passes with the excerpt in system-out; a check that does not apply, or that did not
 * run because the bot was down, is skipped (its message says which).
 */
const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** One report, or `--protocol all`'s: one testsuite per protocol, its name saying which. */
export function junitReport(run: ConformanceReport | ConformanceRunAll): string {
  const reports = 'reports' in run ? run.reports : [run];
  const count = (f: (r: ConformanceReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const totals = `name="handover-sim conform" tests="${count((r) => r.results.length)}" failures="${count(failuresOf)}" errors="0" skipped="${count(skippedOf)}" time="${seconds(run.durationMs)}"`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${totals}>`, ...reports.flatMap(testsuite), '</testsuites>', ''].join('\n');
}

const failuresOf = (report: ConformanceReport) => report.results.filter((r) => r.status === 'fail').length;
const skippedOf = (report: ConformanceReport) => report.results.filter((r) => r.status === 'skip' || r.status === 'not-run').length;

function testsuite(report: ConformanceReport): string[] {
  const cases = report.results.map((r) => {
    const name = escapeXml(`${r.number > 0 ? `${r.number} ` : ''}${r.id}: ${r.title}`);
    const open = `    <testcase classname="handover-sim.conform.${report.protocol}" name="${name}" time="${seconds(r.durationMs)}"`;
    const trace = escapeXml([r.summary, ...r.excerpt].join('\n'));
    if (r.status === 'fail') return `${open}>\n      <failure message="${escapeXml(r.summary)}" type="conformance">${trace}</failure>\n    </testcase>`;
    // Not run: skipped for JUnit, with a reason that tells it apart from a check that does not apply.
    if (r.status === 'skip' || r.status === 'not-run') return `${open}>\n      <skipped message="${escapeXml(r.summary)}"/>\n    </testcase>`;
    const out = r.status === 'warn' ? `WARNING: ${trace}` : trace;
    return `${open}>\n      <system-out>${out}</system-out>\n    </testcase>`;
  });
  const attrs = `name="handover-sim conform (${report.protocol})" tests="${report.results.length}" failures="${failuresOf(report)}" errors="0" skipped="${skippedOf(report)}" time="${seconds(report.durationMs)}"`;
  const warnings = report.warnings.map((w) => `WARNING: the bot called ${w.endpoint} ${w.calls} time(s), retired under ${report.protocol}: ${w.why}`);
  return [
    `  <testsuite ${attrs}>`,
    ...(warnings.length > 0 ? [`    <system-out>${escapeXml(warnings.join('\n'))}</system-out>`] : []),
    ...cases,
    '  </testsuite>',
  ];
}
