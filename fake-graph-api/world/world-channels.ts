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
  return withInstagramAccount(DEFAULT_WORLD, channel, structuredClone(DEFAULT_INSTAGRAM_ACCOUNT));
}

type InstagramInput = NonNullable<WorldInput['pages'][number]['instagram']>;

/** A world's first page with this Instagram account on `instagram` and `all`; the world as it is otherwise. */
export function withInstagramAccount(world: WorldInput, channel: ChannelSelection | undefined, account: object): WorldInput {
  if (channel === undefined || channel === 'messenger') return world;
  const [first, ...rest] = world.pages;
  return { ...world, pages: [{ ...first!, instagram: account as InstagramInput }, ...rest] };
}

export function isChannelSelection(value: string): value is ChannelSelection {
  return (CHANNEL_SELECTIONS as readonly string[]).includes(value);
}
