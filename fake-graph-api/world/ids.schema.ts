/** Page, app and user ids: digits in a string, as Meta writes them (at most 16, so they fit a double exactly). */
export const NUMERIC_ID = /^[0-9]{1,16}$/;
