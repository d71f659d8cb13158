import type { Participant, TimelineStep } from './timeline.js';

/**
 * A thread's timeline as a self-contained SVG sequence diagram, drawn here rather than in the browser:
 * the inspector page must work with no internet, so no Mermaid from a CDN. One lane per participant,
 * one row per step.
 */
const LANE = 170;
const MARGIN = 96; // the time column
const HEADER = 46;
const ROW = 30;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatClock(ms: number, start: number): string {
  const d = ms - start;
  if (d <= 0) return '+0s';
  if (d < 60_000) return `+${Number((d / 1000).toFixed(3))}s`;
  if (d < 3_600_000) return `+${Math.floor(d / 60_000)}m ${Math.round((d % 60_000) / 1000)}s`;
  if (d < 86_400_000) return `+${Math.floor(d / 3_600_000)}h ${Math.floor((d % 3_600_000) / 60_000)}m`;
  return `+${Math.floor(d / 86_400_000)}d ${Math.floor((d % 86_400_000) / 3_600_000)}h`;
}

function statusClass(status: string | undefined): string {
  if (status === undefined) return '';
  if (status.startsWith('delivered')) return 'ok';
  if (status.startsWith('failed')) return 'bad';
  if (status.startsWith('pending')) return 'wait';
  return 'info';
}

const STYLE = `
  .lane text { font: 600 12px system-ui, sans-serif; fill: #1f2937; }
  .lane rect { fill: #f3f4f6; stroke: #9ca3af; }
  .lane.user rect { fill: #e0f2fe; } .lane.platform rect { fill: #fef3c7; }
  .life { stroke: #d1d5db; stroke-dasharray: 4 4; }
  .time { font: 11px ui-monospace, monospace; fill: #6b7280; }
  .step text { font: 12px system-ui, sans-serif; fill: #111827; }
  .step line, .step path { stroke-width: 1.5; fill: none; }
  .message line, .message path { stroke: #111827; }
  .handover line, .handover path { stroke: #7c3aed; stroke-width: 2.5; }
  .handover text { fill: #5b21b6; font-weight: 600; }
  .refusal line, .refusal path { stroke: #dc2626; }
  .refusal text { fill: #b91c1c; font-weight: 600; }
  .delivery line, .delivery path { stroke: #2563eb; stroke-dasharray: 6 3; }
  .echo line, .echo path { stroke: #9ca3af; stroke-dasharray: 2 3; }
  .echo text { fill: #6b7280; }
  .note rect { fill: #fffbeb; stroke: #f59e0b; }
  .status.ok { fill: #15803d; } .status.bad { fill: #b91c1c; } .status.wait { fill: #c2410c; } .status.info { fill: #6b7280; }
`;

export function sequenceSvg(participants: readonly Participant[], steps: readonly TimelineStep[]): string {
  const lanes = [...participants];
  for (const s of steps) for (const id of [s.from, s.to]) if (!lanes.some((p) => p.id === id)) lanes.push({ id, label: id, kind: 'app' });
  const x = (id: string) => MARGIN + LANE * lanes.findIndex((p) => p.id === id) + LANE / 2;
  const width = MARGIN + LANE * lanes.length + 20;
  const height = HEADER + ROW * (steps.length + 1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="thread timeline">`,
    `<style>${STYLE}</style>`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke" stroke="none"/></marker>',
    '<marker id="cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="10" markerHeight="10" orient="auto"><path d="M1,1 L9,9 M9,1 L1,9" stroke="#dc2626" stroke-width="2"/></marker>',
    '</defs>',
  ];
  for (const p of lanes) {
    const cx = x(p.id);
    const label = p.label.length > 23 ? `${p.label.slice(0, 22)}…` : p.label;
    out.push(`<g class="lane ${p.kind}" data-participant="${xml(p.id)}"><title>${xml(p.label)}</title><rect x="${cx - LANE / 2 + 8}" y="8" width="${LANE - 16}" height="28" rx="6"/><text x="${cx}" y="26" text-anchor="middle">${xml(label)}</text></g>`);
    out.push(`<line class="life" x1="${cx}" y1="36" x2="${cx}" y2="${height - 6}"/>`);
  }
  const start = steps[0]?.time ?? 0;
  steps.forEach((s, i) => {
    const y = HEADER + ROW * i + ROW / 2;
    const x1 = x(s.from);
    const x2 = x(s.to);
    const status = s.status === undefined ? '' : ` <tspan class="status ${statusClass(s.status)}">[${xml(s.status)}]</tspan>`;
    const attrs = `class="step ${s.kind}" data-kind="${s.kind}" data-from="${xml(s.from)}" data-to="${xml(s.to)}"`;
    out.push(`<text class="time" x="8" y="${y + 4}">${xml(formatClock(s.time, start))}</text>`);
    if (s.kind === 'note') {
      // Wide enough for its text (about 6.5 px a character at 12 px), centred on its lane(s).
      const w = Math.max(Math.abs(x2 - x1) + LANE - 24, s.label.length * 6.5 + 16);
      const left = (x1 + x2) / 2 - w / 2;
      out.push(`<g ${attrs}><rect x="${left}" y="${y - 11}" width="${w}" height="22" rx="4"/><text x="${left + w / 2}" y="${y + 4}" text-anchor="middle">${xml(s.label)}</text></g>`);
      return;
    }
    const marker = s.kind === 'refusal' ? 'url(#cross)' : 'url(#arrow)';
    const shape = x1 === x2
      ? `<path d="M${x1},${y - 8} h36 v16 h-34" marker-end="${marker}"/>`
      : `<line x1="${x1}" y1="${y + 6}" x2="${x2 + (x2 > x1 ? -2 : 2)}" y2="${y + 6}" marker-end="${marker}"/>`;
    const tx = x1 === x2 ? x1 + 42 : Math.min(x1, x2) + 8;
    out.push(`<g ${attrs}>${shape}<text x="${tx}" y="${y + 1}">${xml(s.label)}${status}</text></g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
