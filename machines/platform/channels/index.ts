import type { ChannelName, ChannelSpec } from './channel.js';
import { INSTAGRAM } from './instagram.js';
import { MESSENGER } from './messenger.js';

export * from './channel.js';
export { MESSENGER } from './messenger.js';
export { INSTAGRAM, INSTAGRAM_INBOX_APP_ID, INSTAGRAM_WEBHOOK_FIELDS, type InstagramWebhookField } from './instagram.js';

/** Every channel by name: code outside machines/platform asks a channel for what differs, never its name. */
export const CHANNELS: Readonly<Record<ChannelName, ChannelSpec>> = { messenger: MESSENGER, instagram: INSTAGRAM };

/** The channel whose inbox app this is, if any: an inbox belongs to one channel only (protocol.md §4.1). */
export function channelOfInbox(appId: string): ChannelSpec | undefined {
  return Object.values(CHANNELS).find((c) => c.inbox.appId === appId);
}

/** A refusal as the channel words it (Instagram's 2534037 for an action by a non-owner). */
export function channelRefusal<R extends string>(channel: ChannelSpec, refusal: R): R {
  return ((channel.refusals as Record<string, string>)[refusal] ?? refusal) as R;
}
