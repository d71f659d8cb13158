/** The app id Meta reserves for the Facebook Page Inbox (protocol.md §4.1). */
export const PAGE_INBOX_APP_ID = '263902037430900';
