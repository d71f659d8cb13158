import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MACHINES } from '../../machines/index.js';
import { buildCli } from '../../simulator/cli.js';
import { toDot } from '../../simulator/visualise/state-diagram.dot.js';
import { toMermaid } from '../../simulator/visualise/state-diagram.mermaid.js';
import { toStudioSource } from '../../simulator/visualise/studio.js';

/** `handover-sim diagram [MACHINE…] [--format mermaid|dot|svg|studio] [--out DIR]`. */
async function run(...args: string[]) {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (out += `${parts.join(' ')}\n`));
  const cli = buildCli().exitOverride();
  cli.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: (s) => void (out += s) }));
  try {
    await cli.parseAsync(['node', 'handover-sim', 'diagram', ...args]);
  } finally {
    write.mockRestore();
    log.mockRestore();
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('handover-sim diagram', () => {
  it('prints one machine as Mermaid by default', async () => {
    expect(await run('page')).toBe(toMermaid(MACHINES.page));
  });

  it('prints DOT for the machines named, each under a comment with its name', async () => {
    expect(await run('page', 'threadControl', '--format', 'dot')).toBe(`// page\n${toDot(MACHINES.page)}\n// threadControl\n${toDot(MACHINES.threadControl)}\n`);
  });

  it('writes one file per machine of the registry with --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagrams-'));
    await run('--format', 'studio', '--out', dir);
    expect(readdirSync(dir).sort()).toEqual(Object.keys(MACHINES).map((n) => `${n}.studio.js`).sort());
    expect(readFileSync(join(dir, 'threadControl.studio.js'), 'utf8')).toBe(toStudioSource(MACHINES.threadControl));
    await run('user', '--format', 'svg', '--out', dir);
    expect(readFileSync(join(dir, 'user.svg'), 'utf8')).toMatch(/^<\?xml[\s\S]*<\/svg>\n?$/);
  });

  it('refuses an unknown machine or format, naming what exists', async () => {
    await expect(run('nope')).rejects.toThrow(/unknown machine nope \(known: threadControl, page, /);
    await expect(run('--format', 'png')).rejects.toThrow(/must be one of mermaid, dot, svg, studio/);
  });
});
