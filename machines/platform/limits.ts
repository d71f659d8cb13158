/**
 * Meta documents no limit for handover `metadata`; the Send API's own `metadata` must be
 * "less than 1000 characters" (protocol.md §1.1, §9.1). We apply the same bound: a string of at most
 * 1000 characters is accepted. Changing the choice here changes it everywhere.
 */
export const METADATA_MAX_LENGTH = 1000;

/** The Send API's `message.text` "has a 2000 character limit" (Meta's Send API reference); a user's message here too. */
export const MESSAGE_TEXT_MAX_LENGTH = 2000;
