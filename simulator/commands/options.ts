import { InvalidArgumentError } from 'commander';
import { CHANNEL_SELECTIONS, PROFILE_NAMES, isProfileName, type ChannelSelection, type ProfileName } from '../../machines/platform/profile-names.js';

/** Option parsers shared by the commands. */
export function portOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return n;
}

export function integerOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

/** `conform --protocol NAME|all`: one profile, or every one of them. */
export function protocolOrAllOption(value: string): ProfileName | 'all' {
  return value === 'all' ? value : protocolOption(value);
}

/** `--protocol NAME`: one of the profiles (machines/platform/profiles.ts). */
export function protocolOption(value: string): ProfileName {
  if (!isProfileName(value)) throw new InvalidArgumentError(`must be one of ${PROFILE_NAMES.join(', ')}`);
  return value;
}

/** `--channel messenger|instagram|all` (machines/platform/channels): which channels the world runs. */
export function channelOption(value: string): ChannelSelection {
  if (!(CHANNEL_SELECTIONS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${CHANNEL_SELECTIONS.join(', ')}`);
  return value as ChannelSelection;
}
