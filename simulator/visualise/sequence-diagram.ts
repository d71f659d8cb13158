import type { Participant, StepKind, TimelineStep } from '../../fake-graph-api/inspector/timeline.js';
import { recordTimeline, type TimelineRecorder } from '../../fake-graph-api/inspector/recorder.js';
import { participantsOf } from '../../fake-graph-api/inspector/timeline.js';
import type { Platform } from '../../fake-graph-api/platform.js';

export type { Participant, StepKind, TimelineStep } from '../../fake-graph-api/inspector/timeline.js';

/**
 * A conversation as a Mermaid `sequenceDiagram`, readable on GitHub: the user, the platform and the apps
 * as lanes; messages, handovers, refusals, webhook deliveries (with their status) and echoes as arrows.
 * Takes neutral steps, so the simulator's trace and the platform's own log draw the same way.
 */
export interface SequenceDiagramOptions {
  /** Prefix each label with the time since the first step (`+1.5s`, `+24h`). Default true. */
  times?: boolean;
  title?: string;
}

/**
 * Mermaid ends a statement at `;` and starts a comment at `#`, and its entity codes (`#59;`) come out
 * garbled in Mermaid 11 (seen rendering these files in Chromium): write look-alikes instead. A newline is `<br/>`.
 */
const LOOK_ALIKE: Record<string, string> = { '#': '＃', ';': '；', '\n': '<br/>', '\r': '' };
const text = (s: string) => s.replace(/[#;\r\n]/g, (c) => LOOK_ALIKE[c]!);

export function formatElapsed(ms: number): string {
  if (ms <= 0) return '+0s';
  const parts: string[] = [];
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  if (d) parts.push(`${d}d`);
  if (h) parts.push(`${h}h`);
  if (m) parts.push(`${m}m`);
  if (s) parts.push(`${Number(s.toFixed(3))}s`);
  return `+${parts.join(' ')}`;
}

const ARROW: Record<Exclude<StepKind, 'note'>, string> = {
  message: '->>',
  handover: '->>',
  refusal: '-x',
  delivery: '-)',
  echo: '--)',
};

export function toSequenceDiagram(participants: readonly Participant[], steps: readonly TimelineStep[], options: SequenceDiagramOptions = {}): string {
  const ids = new Map<string, string>();
  const lines = ['sequenceDiagram'];
  if (options.title) lines.push(`  title ${text(options.title)}`);
  const declare = (p: Participant) => {
    const id = p.kind === 'app' ? `app${p.id.replace(/[^A-Za-z0-9]/g, '')}` : p.id.replace(/[^A-Za-z0-9]/g, '');
    ids.set(p.id, id);
    lines.push(`  ${p.kind === 'user' ? 'actor' : 'participant'} ${id} as ${text(p.label)}`);
  };
  participants.forEach(declare);
  // A step may name someone the list left out (an app added later): give it a lane rather than fail.
  for (const step of steps) {
    for (const id of [step.from, step.to]) if (!ids.has(id)) declare({ id, label: id, kind: 'app' });
  }
  const start = steps[0]?.time ?? 0;
  for (const step of steps) {
    const when = options.times === false ? '' : `${formatElapsed(step.time - start)} `;
    const status = step.status === undefined ? '' : ` [${step.status}]`;
    const label = text(`${when}${step.label}${status}`);
    const from = ids.get(step.from)!;
    const to = ids.get(step.to)!;
    if (step.kind === 'note') {
      lines.push(`  Note over ${from === to ? from : `${from},${to}`}: ${label}`);
    } else if (step.kind === 'handover') {
      lines.push('  rect rgb(237, 231, 246)', `    ${from}${ARROW.handover}${to}: ${label}`, '  end');
    } else {
      lines.push(`  ${from}${ARROW[step.kind]}${to}: ${label}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One thread of a platform, recorded from now on: `diagram()` gives its Mermaid sequence diagram so far. */
export function recordSequenceDiagram(platform: Platform): {
  recorder: TimelineRecorder;
  diagram(pageId: string, psid: string, options?: SequenceDiagramOptions): string;
  stop(): void;
} {
  const recorder = recordTimeline(platform);
  return {
    recorder,
    diagram: (pageId, psid, options) => toSequenceDiagram(participantsOf(platform, pageId, psid), recorder.steps({ pageId, psid }), options),
    stop: () => recorder.close(),
  };
}

/** One scenario's trace for `simulate --mermaid FILE.md`. */
export interface TraceSection {
  title: string;
  /** A line or two under the title (the scenario's verdict, its seed). */
  summary?: string;
  participants: readonly Participant[];
  steps: readonly TimelineStep[];
}

/** A Markdown file with one Mermaid sequence diagram per scenario, readable on GitHub. */
export function sequenceMarkdown(sections: readonly TraceSection[], heading = 'Simulation traces'): string {
  const out = [`# ${heading}`, ''];
  for (const section of sections) {
    out.push(`## ${section.title}`, '');
    if (section.summary) out.push(section.summary, '');
    out.push('```mermaid', toSequenceDiagram(section.participants, section.steps).trimEnd(), '```', '');
  }
  return out.join('\n');
}
