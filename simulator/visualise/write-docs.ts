import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_DIR, machineDocs } from './machine-docs.js';

/** `npm run diagrams`: writes docs/machines.md and docs/machines/*, and removes files of machines gone. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const files = await machineDocs();
mkdirSync(join(root, DOCS_DIR), { recursive: true });
for (const name of readdirSync(join(root, DOCS_DIR))) {
  const path = `${DOCS_DIR}/${name}`;
  if (!files.has(path)) {
    rmSync(join(root, path));
    console.log(`removed ${path}`);
  }
}
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
console.log(`wrote ${[...files.keys()].map((p) => relative('.', join(root, p))).join(', ')}`);
