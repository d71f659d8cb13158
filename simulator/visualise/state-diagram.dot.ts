import type { AnyStateMachine } from 'xstate';
import { edgeLabelLines, machineGraph, reactionLines, type StateBox } from './machine-graph.js';

/**
 * A machine as a Graphviz DOT digraph: compound states are clusters; transitions a compound state
 * handles in any child state start from its "any state" box inside the cluster. Transitions without a
 * target are listed inside their state's box, under a rule.
 */
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Left-justified multi-line label. */
const textLabel = (lines: string[]) => `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join('\\l')}\\l"`;

function boxLabel(title: string, notes: string[], reactions: string[], italic = false): string {
  const head = italic ? `<I>${html(title)}</I>` : `<B>${html(title)}</B>`;
  const rows = [`<TR><TD>${head}</TD></TR>`];
  if (notes.length) rows.push(`<TR><TD ALIGN="LEFT" BALIGN="LEFT">${notes.map(html).join('<BR/>')}</TD></TR>`);
  if (reactions.length) rows.push('<HR/>', `<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9">${reactions.map(html).join('<BR/>')}</FONT></TD></TR>`);
  return `<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">${rows.join('')}</TABLE>>`;
}

export function toDot(machine: AnyStateMachine): string {
  const graph = machineGraph(machine);
  const anyOf = (id: string) => `${id}#any`;
  const boxes = new Map<string, StateBox>();
  const index = (box: StateBox) => {
    boxes.set(box.id, box);
    box.children.forEach(index);
  };
  index(graph.root);
  const compound = (id: string) => (boxes.get(id)?.children.length ?? 0) > 0;
  const reactions = (id: string) => graph.edges.filter((e) => e.source === id && e.target === null).flatMap(reactionLines);
  // An edge into a compound state is drawn to its cluster's border, through a node inside: its first leaf.
  const leafOf = (box: StateBox): string => (box.children.length ? leafOf(box.children[0]!) : box.id);
  const into = (id: string) => (compound(id) ? [leafOf(boxes.get(id)!), `lhead=${quote(`cluster_${id}`)}`] as const : [id, null] as const);

  const out = [
    `digraph ${quote(graph.id)} {`,
    '  compound=true; rankdir=LR; fontname="Helvetica"; fontsize=12;',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const walk = (box: StateBox, indent: string) => {
    if (!box.children.length) {
      const shape = box.type === 'final' ? ', peripheries=2' : '';
      out.push(`${indent}${quote(box.id)} [label=${boxLabel(box.key, box.notes, reactions(box.id))}${shape}];`);
      return;
    }
    out.push(`${indent}subgraph ${quote(`cluster_${box.id}`)} {`);
    out.push(`${indent}  label=${boxLabel(box.key, box.notes, [])}; style=rounded;`);
    if (box.hasOwnTransitions) {
      out.push(`${indent}  ${quote(anyOf(box.id))} [label=${boxLabel('any state', [], reactions(box.id), true)}, style="rounded,dashed"];`);
    }
    for (const initial of box.initial) {
      const dot = quote(`${box.id}#initial`);
      const [to, lhead] = into(initial);
      out.push(`${indent}  ${dot} [label="", shape=circle, style=filled, fillcolor=black, width=0.15];`);
      out.push(`${indent}  ${dot} -> ${quote(to)}${lhead ? ` [${lhead}]` : ''};`);
    }
    for (const child of box.children) walk(child, `${indent}  `);
    out.push(`${indent}}`);
  };
  walk(graph.root, '  ');
  for (const edge of graph.edges) {
    if (edge.target === null) continue;
    const from = compound(edge.source) ? anyOf(edge.source) : edge.source;
    const [to, lhead] = into(edge.target);
    out.push(`  ${quote(from)} -> ${quote(to)} [label=${textLabel(edgeLabelLines(edge))}${lhead ? `, ${lhead}` : ''}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
