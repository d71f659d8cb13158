import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { MACHINE_NAMES, type MachineName } from '../../machines/names.js';
import { DIAGRAM_FORMATS, FILE_EXTENSION, type DiagramFormat } from '../visualise/diagram-formats.js';

/** How each format writes a comment, to name each machine when several are printed together. */
const COMMENT: Record<DiagramFormat, (text: string) => string> = {
  mermaid: (t) => `%% ${t}`,
  dot: (t) => `// ${t}`,
  svg: (t) => `<!-- ${t} -->`,
  studio: (t) => `// ${t}`,
};

function formatOption(value: string): DiagramFormat {
  if (!(DIAGRAM_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${DIAGRAM_FORMATS.join(', ')}`);
  }
  return value as DiagramFormat;
}

/** `handover-sim diagram`: state diagrams generated from the machine definitions of the registry. */
export function registerDiagram(program: Command): void {
  const names: readonly string[] = MACHINE_NAMES;
  program
    .command('diagram')
    .description('state diagrams of the machines, generated from their definitions')
    .argument('[machine...]', `machines to draw (${names.join(', ')}); all when none is named`)
    .option('--format <format>', `${DIAGRAM_FORMATS.join(' | ')} (studio: source for Stately Studio's "Import from code")`, formatOption, 'mermaid')
    .option('--out <dir>', 'write one file per machine into this folder instead of printing')
    .action(async (wanted: string[], opts: { format: DiagramFormat; out?: string }, command: Command) => {
      const unknown = wanted.filter((name) => !names.includes(name));
      if (unknown.length) command.error(`error: unknown machine ${unknown.join(', ')} (known: ${names.join(', ')})`);
      const chosen = (wanted.length ? wanted : names) as readonly MachineName[];
      // Loaded when the command runs: `handover-sim --help` must not load xstate and the renderers (see cli.ts).
      const [{ MACHINES }, { renderDiagram }] = await Promise.all([import('../../machines/index.js'), import('../visualise/machine-docs.js')]);
      if (opts.out !== undefined) mkdirSync(opts.out, { recursive: true });
      for (const name of chosen) {
        const text = await renderDiagram(MACHINES[name], opts.format);
        if (opts.out === undefined) {
          process.stdout.write(chosen.length > 1 ? `${COMMENT[opts.format](name)}\n${text}\n` : text);
        } else {
          const file = join(opts.out, `${name}.${FILE_EXTENSION[opts.format]}`);
          writeFileSync(file, text);
          console.log(`wrote ${file}`);
        }
      }
    });
}
