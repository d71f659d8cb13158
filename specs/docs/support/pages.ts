import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBlocks, type Block } from './blocks.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return markdownFiles(path);
      return name.endsWith('.md') ? [path] : [];
    });
}

/** README.md and every page under docs/, as paths relative to the repository. */
export function pages(root = ROOT): string[] {
  return [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))].map((p) => relative(root, p));
}

/** Every command block of README.md and docs/. */
export function docsBlocks(root = ROOT): Block[] {
  return pages(root).flatMap((page) => extractBlocks(page, readFileSync(join(root, page), 'utf8')));
}

/** How many command lines a list of blocks holds. */
export const commandCount = (blocks: Block[]) => blocks.reduce((n, b) => n + b.commands.length, 0);

/** A limit on how many blocks run at once. */
export function limiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/**
 * Lines that an earlier block already holds, word for word, in the same setting: each runs once, where the
 * pages first show it, and its repeats say so. Only simple commands count (no variable, quote, pipe, `&` or
 * `;`: nothing that reads or changes the shell's state), and the setting is what such a line can depend on:
 * the project it runs in, the files it names, the bot a `conform` gets, the block's own `serve`.
 */
export function repeats(blocks: Block[]): Map<Block, Map<number, string>> {
  const first = new Map<string, string>();
  const found = new Map<Block, Map<number, string>>();
  for (const block of blocks) {
    const { needs } = block;
    const lines = new Map<number, string>();
    for (const { line, text: written } of block.commands) {
      if (needs.synopsis || needs.notRun.has(line) || needs.answers.has(line)) continue;
      const text = written.replace(/\s+#.*$/, '').replace(/\s+/g, ' ').trim();
      if (/[$&;|'"`<>\\]/.test(text)) continue;
      const files = needs.files.filter((f) => text.includes(f.name));
      const key = JSON.stringify([needs.context, needs.exits.get(line) ?? 0, text, files, / conform /.test(` ${text} `) && needs.botForConform, needs.serve]);
      const at = first.get(key);
      if (at === undefined) first.set(key, `${block.file}:${line}`);
      else lines.set(line, at);
    }
    found.set(block, lines);
  }
  return found;
}
