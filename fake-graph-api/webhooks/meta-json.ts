/**
 * Meta's serialization of a webhook body: JSON with every non-ASCII UTF-16 code unit written as a
 * lowercase `\uXXXX` escape ("äöå" → `\u00e4\u00f6\u00e5`, 🎉 → the surrogate pair `\ud83c\udf89`).
 * Meta signs this escaped form (protocol.md §2.5), so a receiver that re-serializes with raw UTF-8
 * computes a different HMAC: the fake must produce exactly these bytes and sign exactly them.
 * `/` is left alone: Meta's docs do not say it is escaped.
 */
const NON_ASCII = /[\u0080-\uffff]/g;

const escape = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function metaStringify(value: unknown): string {
  // Non-ASCII can only occur inside JSON strings, where `\uXXXX` is always a valid escape. Lone surrogates
  // are already escaped (lowercase) by JSON.stringify; control characters too.
  return JSON.stringify(value).replace(NON_ASCII, escape);
}
