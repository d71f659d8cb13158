import type { AnyStateMachine } from 'xstate';
import { describeReference } from './machine-graph.js';

/**
 * Functions in a config (inline guards such as `and([...])`, inline actions) would vanish from JSON;
 * they are kept as named references, `{ type: 'and(passSucceeded, takesBackAfterWait)' }`, as the Stately
 * inspector does, so Studio still shows that a guard is there.
 */
export function studioReplacer(key: string, value: unknown): unknown {
  if (typeof value !== 'function') return value;
  // A context computed from input is code, not data: Studio starts with no context then.
  return key === 'context' ? undefined : { type: describeReference(value) };
}

/**
 * Source that Stately Studio's "Import from code" accepts: a `createMachine({...})` call with the
 * machine's config as data. Guards, actions and delays are named in `setup()`, so they survive as names;
 * implementations (and a context computed from input) stay in the code.
 */
export function toStudioSource(machine: AnyStateMachine): string {
  const config = JSON.stringify(machine.config, studioReplacer, 2);
  return [
    `// Generated from machines/ by \`npm run diagrams\`: do not edit. Import into Stately Studio with "Import from code".`,
    `import { createMachine } from 'xstate';`,
    '',
    `export const ${machine.id}Machine = createMachine(${config});`,
    '',
  ].join('\n');
}
