import { describe, expect, it } from 'vitest';
import { createMachine, setup } from 'xstate';
import { MACHINES } from '../../machines/index.js';
import { machineGraph } from '../../simulator/visualise/machine-graph.js';
import { dotToSvg } from '../../simulator/visualise/render-svg.js';
import { toDot } from '../../simulator/visualise/state-diagram.dot.js';
import { toMermaid } from '../../simulator/visualise/state-diagram.mermaid.js';
import { studioReplacer, toStudioSource } from '../../simulator/visualise/studio.js';

/** A small machine with each kind of thing the walker must draw. */
const door = setup({
  types: { events: {} as { type: 'open' } | { type: 'close' } | { type: 'knock' } | { type: 'lock'; code: string } },
  guards: { codeIsLong: () => true, isFriend: () => true },
  actions: { beep: () => {}, log: (_, _params: { text: string }) => {} },
  delays: { autoClose: 1000 },
}).createMachine({
  id: 'door',
  initial: 'closed',
  on: { knock: { actions: { type: 'log', params: { text: 'knock knock' } } } },
  states: {
    closed: {
      on: {
        open: 'opened',
        lock: [{ guard: 'codeIsLong', target: 'locked', actions: 'beep' }, { actions: 'beep' }],
      },
    },
    opened: {
      entry: 'beep',
      after: { autoClose: 'closed' },
      initial: 'wide',
      states: { wide: { on: { close: 'ajar' } }, ajar: { always: { guard: 'isFriend', target: 'wide' } } },
      on: { close: '#door.closed' },
    },
    locked: { type: 'final' },
  },
});

describe('state diagrams from machine definitions', () => {
  it('Mermaid: states, initial and final states, guards, actions with params, delays, eventless and targetless transitions', () => {
    expect(toMermaid(door)).toBe(`stateDiagram-v2
  state "any state" as any_state
  any_state : knock / log(knock knock)
  [*] --> closed
  state "closed" as closed
  closed : lock / beep
  state "opened · entry / beep" as opened {
    state "any state" as opened__any
    [*] --> opened_wide
    state "wide" as opened_wide
    state "ajar" as opened_ajar
  }
  state "locked" as locked
  locked --> [*]
  closed --> opened : open
  closed --> locked : lock<br/>[codeIsLong] / beep
  opened__any --> closed : close
  opened__any --> closed : after autoClose
  opened_wide --> opened_ajar : close
  opened_ajar --> opened_wide : always<br/>[isFriend]
`);
  });

  it('DOT: clusters for compound states, edges into them drawn to the border', () => {
    const dot = toDot(door);
    expect(dot).toContain('subgraph "cluster_door.opened" {');
    expect(dot).toContain('"door.closed" -> "door.opened.wide" [label="open\\l", lhead="cluster_door.opened"];');
    expect(dot).toContain('"door.opened#any" -> "door.closed" [label="after autoClose\\l"];');
    expect(dot).toContain('closed</B></TD></TR><HR/><TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9">lock / beep</FONT>');
  });

  it('SVG is rendered offline from the DOT, with every state of the machine', async () => {
    const svg = await dotToSvg(toDot(door));
    expect(svg.startsWith('<?xml')).toBe(true);
    for (const key of ['closed', 'opened', 'wide', 'ajar', 'locked', 'after autoClose']) expect(svg).toContain(`>${key}</text>`);
  });

  it('Studio source is a createMachine call that rebuilds the same machine', () => {
    for (const machine of [door, ...Object.values(MACHINES)]) {
      const source = toStudioSource(machine);
      expect(source).toMatch(/^\/\/ Generated .*\nimport \{ createMachine \} from 'xstate';\n\nexport const \w+Machine = createMachine\(\{/);
      const body = source.replace(/^import .*$/m, '').replace(/^export const \w+ = /m, 'return ');
      const rebuilt = new Function('createMachine', body)(createMachine) as typeof door;
      expect(JSON.stringify(rebuilt.config)).toBe(JSON.stringify(machine.config, studioReplacer));
      expect(machineGraph(rebuilt).edges).toEqual(machineGraph(machine).edges);
    }
  });

  it('every machine of the registry draws, with each of its states', async () => {
    for (const machine of Object.values(MACHINES)) {
      const graph = machineGraph(machine);
      const keys: string[] = [];
      const collect = (box: typeof graph.root) => box.children.forEach((c) => (keys.push(c.key), collect(c)));
      collect(graph.root);
      expect(keys.length).toBeGreaterThan(0);
      const mermaid = toMermaid(machine);
      for (const key of keys) expect(mermaid).toMatch(new RegExp(`(^|[\\s"])${key}(["\\s]|$)`, 'm'));
      const svg = await dotToSvg(toDot(machine));
      for (const key of keys) expect(svg).toContain(`>${key}</text>`);
    }
  });
});
