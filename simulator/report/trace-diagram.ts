import { toSequenceDiagram, type Participant, type TimelineStep } from '../visualise/sequence-diagram.js';
import type { RunResult } from '../run-scenario.js';
import type { TraceEntry } from '../runtime/trace.js';

/**
 * A scenario's trace as a Mermaid sequence diagram: the users, the platform and the apps as lanes;
 * what users write, webhooks, calls (refusals crossed out), handovers, the inbox's human, timers and notes.
 * Echo deliveries are left out, as in the timeline.
 */
export function traceToMermaid(result: RunResult): string {
  const users = new Set<string>();
  const apps = new Set<string>();
  const steps: TimelineStep[] = [];
  const app = (actor: string) => actor.replace(/ \(human\)$/, '');
  for (const e of result.trace.entries) {
    const step = toStep(e, app);
    if (!step) continue;
    if (e.kind === 'stimulus') users.add(e.actor);
    else if (e.kind !== 'roles') apps.add(app(e.actor));
    steps.push(step);
  }
  const participants: Participant[] = [
    ...[...users].map((u) => ({ id: u, label: u, kind: 'user' as const })),
    { id: 'platform', label: 'Messenger platform', kind: 'platform' as const },
    ...[...apps].map((a) => ({ id: a, label: a, kind: 'app' as const })),
  ];
  return toSequenceDiagram(participants, steps, { title: result.scenario.title });
}

function toStep(e: TraceEntry, app: (actor: string) => string): TimelineStep | null {
  const refused = e.result !== undefined && e.result !== 'ok';
  const status = refused ? e.result : undefined;
  const base = { time: e.t, ...(status === undefined ? {} : { status }) };
  switch (e.kind) {
    case 'stimulus':
      return { ...base, from: e.actor, to: 'platform', label: e.action, kind: refused ? 'refusal' : 'message' };
    case 'webhook':
      if (e.action.startsWith('← echo')) return null;
      return { ...base, from: 'platform', to: e.actor, label: `${e.action.replace(/^← /, '')}${e.channel ? ` (${e.channel})` : ''}`, kind: /thread_control/.test(e.action) ? 'handover' : 'delivery' };
    case 'call':
    case 'inbox': {
      const label = e.action.replace(/^→ /, '');
      const kind = refused ? 'refusal' : /thread_control|Done|moves the thread/.test(label) ? 'handover' : 'message';
      return { ...base, from: app(e.actor), to: 'platform', label, kind };
    }
    case 'roles':
      return { ...base, from: 'platform', to: 'platform', label: `${e.actor} ${e.action}`, kind: 'note' };
    case 'timer':
    case 'note':
      return { ...base, from: app(e.actor), to: app(e.actor), label: e.action, kind: 'note' };
    default:
      return null;
  }
}
