import type { Channel } from '../../machines/platform/routing.js';

/**
 * What happened in a run, in order, in virtual time. Only protocol-level facts: no wall-clock times, no
 * actor session ids, nothing that differs between transports, so the same scenario and seed give a
 * byte-identical trace.
 */
export type TraceKind = 'stimulus' | 'webhook' | 'call' | 'inbox' | 'roles' | 'timer' | 'note';

export interface TraceEntry {
  /** Virtual milliseconds since the run started. */
  t: number;
  kind: TraceKind;
  actor: string;
  action: string;
  psid?: string;
  channel?: Channel;
  /** The acting app's machine state after the entry, for app actors. */
  state?: string;
  /** The thread's owner after the entry (app name), "none" while handover is inactive. */
  owner?: string;
  /** `ok`, or Meta's error as `(#10) 2018300`. */
  result?: string;
}

export class Trace {
  readonly entries: TraceEntry[] = [];
  constructor(readonly enabled: boolean) {}

  add(entry: TraceEntry): void {
    if (this.enabled) this.entries.push(entry);
  }

  /** One JSON object per line, keys in a fixed order. */
  toJsonl(): string {
    const keys: (keyof TraceEntry)[] = ['t', 'kind', 'actor', 'action', 'psid', 'channel', 'state', 'result', 'owner'];
    return this.entries
      .map((e) => JSON.stringify(Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]))))
      .join('\n') + (this.entries.length ? '\n' : '');
  }
}

export function formatTime(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
