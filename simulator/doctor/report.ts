import { formatTime } from '../runtime/trace.js';
import type { DoctorReport, PageDiagnosis } from './diagnose.js';
import type { CallRecord } from './recorder.js';

/**
 * The doctor's report as a page owner reads it: per page, each finding (what breaks, why, the calls and Meta's
 * answers that show it, the fix), then every workflow's verdict. `--json` prints the report itself instead.
 */
const EVIDENCE_SHOWN = 4;
const MARK = { works: '✓', breaks: '✗', 'not reached': '–' } as const;

export function formatDoctorReport(report: DoctorReport, source: string, notes: readonly string[] = []): string[] {
  const lines = [`handover-sim doctor: ${source}`];
  for (const note of notes) lines.push(`  note: ${note}`);
  for (const page of report.pages) lines.push(...formatPage(page));
  const findings = report.pages.reduce((n, p) => n + p.findings.length, 0);
  lines.push(
    '',
    report.ok
      ? `every workflow works on ${report.pages.length} page(s): the setup is sound`
      : `${findings} finding(s) on ${report.pages.filter((p) => !p.ok).length} of ${report.pages.length} page(s): the setup breaks`,
  );
  return lines;
}

function formatPage(page: PageDiagnosis): string[] {
  const name = page.pageName === page.pageId ? '' : ` "${page.pageName}"`;
  const lines = ['', `page ${page.pageId}${name} (${page.protocol}), automation app ${page.automation.name} (${page.automation.id})`];
  for (const note of page.notes) lines.push(`  note: ${note}`);
  for (const finding of page.findings) {
    lines.push('', `✗ ${finding.title}`, ...wrap(finding.detail, '  '), '  evidence:');
    for (const record of finding.evidence.slice(0, EVIDENCE_SHOWN)) lines.push(...formatRecord(record));
    const more = finding.evidence.length - EVIDENCE_SHOWN;
    if (more > 0) lines.push(`    … and ${more} more (--json shows every call)`);
    lines.push(...wrap(`fix: ${finding.fix}`, '  '));
  }
  lines.push('', '  workflows:');
  for (const w of page.workflows) lines.push(`  ${MARK[w.status]} ${w.title}: ${w.summary}`);
  return lines;
}

/** One call: when, who, the request, Meta's answer (a user's message: who heard it on which channel). */
export function formatRecord(record: CallRecord): string[] {
  const request = `${record.method} ${record.path}${record.body === undefined ? '' : ` ${JSON.stringify(record.body)}`}`;
  const lines = [`    ${formatTime(record.t).padStart(6)}  ${record.by.name}: ${request}`];
  if (record.by.kind === 'user') {
    const heard = record.heard.filter((h) => h.kind === 'message' || h.kind === 'postback').map((h) => `${h.app} (${h.channel})`);
    lines.push(`            → ${record.status}, heard by ${heard.length === 0 ? 'no app' : heard.join(', ')}; owner after: ${record.ownerAfter}`);
  } else {
    lines.push(`            → ${record.status} ${JSON.stringify(record.answer)}; owner after: ${record.ownerAfter}`);
  }
  return lines;
}

/** Long sentences broken at words, so the report reads in a terminal. */
function wrap(text: string, indent: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(indent + line);
  return lines;
}
