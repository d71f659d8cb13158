import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `handover-sim --help` must load no server, machine or simulator (issue 14: under 0.5 s). Each command
 * registers its options only and imports what it runs when it runs; one static import of a heavy module
 * from the CLI's graph (it happened twice while merging: a command importing profiles.ts, cli.ts importing
 * serve.ts for an error class) puts xstate and express back into every start. This walks the static imports
 * (`import … from`, `export … from`; not `import type`, not `import()`) from simulator/cli.ts.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function staticGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (spec!.startsWith('.')) visit(join(dirname(file), spec!.replace(/\.js$/, '.ts')));
      else packages.add(spec!.startsWith('node:') ? 'node:*' : spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/'));
    }
  };
  visit(join(ROOT, entry));
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

describe('the command line starts light', () => {
  it('simulator/cli.ts reaches, through static imports, commander and a few small modules only', () => {
    const { files, packages } = staticGraph('simulator/cli.ts');
    expect(packages).toEqual(['commander', 'node:*']);
    expect(files.filter((f) => f.startsWith('machines/'))).toEqual(['machines/names.ts', 'machines/platform/profile-names.ts']);
    expect(files.filter((f) => /platform\.ts$|server\.ts$|create-app\.ts$|conductor\.ts$|run-scenario\.ts$|harness\.ts$/.test(f))).toEqual([]);
  });

  it('the walk sees a heavy import when there is one (the server from serve.ts)', () => {
    const { packages, files } = staticGraph('simulator/serve.ts');
    expect(packages).toContain('express');
    expect(files).toContain('fake-graph-api/platform.ts');
  });
});
