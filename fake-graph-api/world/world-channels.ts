import { CHANNEL_SELECTIONS, type ChannelSelection } from '../../machines/platform/index.js';
import { DEFAULT_INSTAGRAM_ACCOUNT, DEFAULT_WORLD } from './default-world.js';
import { WorldError } from './world-error.js';
import type { World, WorldInput } from './world.schema.js';

export { CHANNEL_SELECTIONS, type ChannelSelection };

/**
 * The channels a world runs under `serve --channel` (docs/instagram.md, docs/choices.md):
 * - `messenger`: the Pages alone, their Instagram accounts left out;
 * - `instagram` and `all`: the Pages with their Instagram accounts, and a world file must have one. A Page's
 *   Messenger side is served either way: it is the Page whose token the apps call with.
 * Without `--channel`, a world runs the channels it has.
 */
export function worldOnChannels(world: World, channel: ChannelSelection | undefined, source = 'the world'): World {
  if (channel === undefined) return world;
  if (channel === 'messenger') return { ...world, pages: world.pages.map(({ instagram: _, ...page }) => page) };
  if (world.pages.some((page) => page.instagram !== undefined)) return world;
  throw new WorldError(`--channel ${channel}: ${source} has no Instagram account (give a page "instagram": {"id","username","apps","users"}; docs/instagram.md)`);
}

/**
 * The built-in world on a channel: Acme Shoes, on Messenger only (as without `--channel`), or with its
 * Instagram account (DEFAULT_INSTAGRAM_ACCOUNT) for `instagram` and `all`.
 */
export function builtInWorld(channel: ChannelSelection | undefined): WorldInput {
  if (channel === undefined || channel === 'messenger') return DEFAULT_WORLD;
  const [first, ...rest] = DEFAULT_WORLD.pages;
  return { ...DEFAULT_WORLD, pages: [{ ...first!, instagram: structuredClone(DEFAULT_INSTAGRAM_ACCOUNT) as unknown as NonNullable<typeof first>['instagram'] }, ...rest] };
}

export function isChannelSelection(value: string): value is ChannelSelection {
  return (CHANNEL_SELECTIONS as readonly string[]).includes(value);
}
