import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MACHINES } from '../../machines/index.js';
import { DOCS_DIR, DOCS_FILE, machineDocs } from '../../simulator/visualise/machine-docs.js';

/** CI's guard: the committed diagrams are what the machines of the registry generate today. */
const root = join(import.meta.dirname, '..', '..');
const STALE = 'docs/machines.md is out of date: run npm run diagrams';

describe('docs/machines.md and docs/machines/', () => {
  it('are what `npm run diagrams` generates from MACHINES', async () => {
    const files = await machineDocs();
    for (const [path, content] of files) {
      const committed = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined;
      expect(committed, `${STALE} (${path} differs)`).toBe(content);
    }
    const extra = readdirSync(join(root, DOCS_DIR)).map((n) => `${DOCS_DIR}/${n}`).filter((p) => !files.has(p));
    expect(extra, `${STALE} (files of machines no longer in the registry)`).toEqual([]);
  });

  it('show every machine of the registry, in the order it lists them', async () => {
    const md = (await machineDocs()).get(DOCS_FILE)!;
    const headings = [...md.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(Object.keys(MACHINES));
  });
});
