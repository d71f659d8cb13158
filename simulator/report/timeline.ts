import { formatTime, type TraceEntry } from '../runtime/trace.js';

/**
 * The readable timeline: time, actor, action, channel, owner after. Echo deliveries are left out unless
 * asked for (they are in the JSONL trace): every send produces one per subscribed app.
 */
export function formatTimeline(entries: readonly TraceEntry[], options: { echoes?: boolean } = {}): string[] {
  const shown = options.echoes ? entries : entries.filter((e) => !(e.kind === 'webhook' && e.action.startsWith('← echo')));
  const actorWidth = Math.min(22, Math.max(5, ...shown.map((e) => e.actor.length)));
  const lines = [`  ${'time'.padStart(7)}  ${'actor'.padEnd(actorWidth)}  ${'action'.padEnd(58)}  ${'channel'.padEnd(9)}  owner after`];
  for (const e of shown) {
    const mark = e.result && e.result !== 'ok' ? `  ✗ ${e.result}` : e.kind === 'call' || e.kind === 'inbox' ? '  ✓' : '';
    const action = `${truncate(e.action, 58 - mark.length)}${mark}`;
    lines.push(
      `  ${formatTime(e.t).padStart(7)}  ${e.actor.padEnd(actorWidth).slice(0, actorWidth)}  ${action.padEnd(58)}  ${(e.channel ?? '').padEnd(9)}  ${e.owner ?? ''}`,
    );
  }
  return lines;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
