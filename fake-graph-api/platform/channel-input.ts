import type { ChannelSpec } from '../../machines/platform/index.js';
import type { UserInput } from './user-side.js';

/**
 * What a person's input needs of the channel it is written on (the channel's `features`): a story reply or
 * mention and a share exist on Instagram only. Answers why it cannot be written there, or null.
 */
export function unsupportedInput(channel: ChannelSpec, input: UserInput): string | null {
  const { features, label } = channel;
  if ('attachment' in input) {
    const type = input.attachment.type;
    if (type === 'story_mention' && !features.stories) return `A story mention is an Instagram message: ${label} has no stories to mention a business in`;
    if (type === 'share' && !features.shares) return `A share attachment is an Instagram message: ${label} sends shared posts as links`;
  }
  if ('text' in input && input.reply_to !== undefined && 'story' in input.reply_to && !features.stories) {
    return `A story reply is an Instagram message: ${label} has no stories to reply to`;
  }
  return null;
}

/** The same person is never a user of both channels of a Page under one id (Meta scopes ids per channel). */
export function otherChannelsUser(label: string, idName: string, linkedLabel: string, id: string): string {
  return `${id} is a user of this Page on ${linkedLabel}; on ${label} the same person has another id (${idName}): a person's ids differ per channel`;
}
