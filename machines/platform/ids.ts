/** App ids that Meta reserves for its own inboxes (protocol.md §4.1). */
export const PAGE_INBOX_APP_ID = '263902037430900';
export const INSTAGRAM_INBOX_APP_ID = '1217981644879628';
