import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { ChannelSelection } from '../../machines/platform/index.js';
import { builtInWorld, worldOnChannels } from './world-channels.js';
import { worldSchema, type World } from './world.schema.js';
import { WorldError } from './world-error.js';

export { WorldError };

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function formatIssues(source: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => `  ${formatPath(issue.path) || '(root)'}: ${issue.message}`);
  return `${source} is not a valid world:\n${lines.join('\n')}`;
}

/** Validates a world value (an object already parsed from JSON, or built in code). */
export function parseWorld(value: unknown, source = 'world'): World {
  const result = worldSchema.safeParse(value);
  if (!result.success) throw new WorldError(formatIssues(source, result.error));
  return result.data;
}

/**
 * Reads and validates a world file; with no path, the built-in default world. With `channel`, the world on
 * those channels (`serve --channel`, world-channels.ts).
 */
export function loadWorld(path?: string, channel?: ChannelSelection): World {
  if (path === undefined) return parseWorld(builtInWorld(channel), 'the default world');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new WorldError(`world file ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new WorldError(`world file ${path}: not valid JSON (${(err as Error).message})`);
  }
  return worldOnChannels(parseWorld(json, `world file ${path}`), channel, `world file ${path}`);
}
