import { writeFileSync } from 'node:fs';
import type { ConformanceReport, ConformanceRunAll } from '../types.js';
import { junitReport } from './junit.report.js';

/** `--report junit:FILE` or `--report json:FILE`. */
export type ReportTarget = { format: 'junit' | 'json'; file: string };

export function parseReportTarget(value: string): ReportTarget {
  const match = /^(junit|json):(.+)$/.exec(value);
  if (!match) throw new Error(`--report must be junit:FILE or json:FILE, got ${value}`);
  return { format: match[1] as ReportTarget['format'], file: match[2]! };
}

export function writeReport(report: ConformanceReport | ConformanceRunAll, target: ReportTarget): void {
  writeFileSync(target.file, target.format === 'junit' ? junitReport(report) : `${JSON.stringify(report, null, 2)}\n`);
}
