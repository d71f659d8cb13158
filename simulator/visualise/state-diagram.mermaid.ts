import type { AnyStateMachine } from 'xstate';
import { edgeLabelLines, machineGraph, reactionLines, type MachineGraph, type StateBox } from './machine-graph.js';

/**
 * A machine as a Mermaid `stateDiagram-v2`, readable on GitHub. Transitions a compound state (or the
 * machine itself) handles in any of its child states start from a small "any state" pseudo-state inside
 * it: Mermaid cannot draw an edge from a composite state to its own children. Transitions without a
 * target are listed inside their state.
 */
const text = (s: string) => s.replace(/[;#]/g, ',').replace(/[<>"]/g, '');

export function mermaidIds(graph: MachineGraph): { state: (id: string) => string; anyOf: (id: string) => string } {
  const prefix = `${graph.root.id}.`;
  const state = (id: string) => (id === graph.root.id ? 'machine' : id.slice(prefix.length)).replace(/[^A-Za-z0-9_]/g, '_');
  return { state, anyOf: (id: string) => (id === graph.root.id ? 'any_state' : `${state(id)}__any`) };
}

export function toMermaid(machine: AnyStateMachine): string {
  const graph = machineGraph(machine);
  const ids = mermaidIds(graph);
  const compound = new Set<string>();
  const collect = (box: StateBox) => {
    if (box.children.length) compound.add(box.id);
    box.children.forEach(collect);
  };
  collect(graph.root);
  const source = (id: string) => (compound.has(id) ? ids.anyOf(id) : ids.state(id));
  const reactions = (id: string, indent: string) =>
    graph.edges.filter((e) => e.source === id && e.target === null).flatMap(reactionLines).map((l) => `${indent}${source(id)} : ${text(l)}`);

  const lines = ['stateDiagram-v2'];
  const walk = (box: StateBox, indent: string) => {
    if (box.hasOwnTransitions) {
      lines.push(`${indent}state "any state" as ${ids.anyOf(box.id)}`, ...reactions(box.id, indent));
    }
    for (const initial of box.initial) lines.push(`${indent}[*] --> ${ids.state(initial)}`);
    for (const child of box.children) {
      const id = ids.state(child.id);
      if (child.children.length) {
        // A composite state shows a description line in place of its name: its notes go in the title.
        lines.push(`${indent}state "${[child.key, ...child.notes].map(text).join(' · ')}" as ${id} {`);
        walk(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        // Always with a label: a state declared bare takes its first description line as its title.
        lines.push(`${indent}state "${child.key}" as ${id}`);
        lines.push(...reactions(child.id, indent));
        for (const note of child.notes) lines.push(`${indent}${id} : ${text(note)}`);
      }
      if (child.type === 'final') lines.push(`${indent}${id} --> [*]`);
    }
  };
  walk(graph.root, '  ');
  for (const edge of graph.edges) {
    if (edge.target === null) continue;
    lines.push(`  ${source(edge.source)} --> ${ids.state(edge.target)} : ${edgeLabelLines(edge).map(text).join('<br/>')}`);
  }
  return `${lines.join('\n')}\n`;
}
