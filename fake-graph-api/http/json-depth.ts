/**
 * How deeply a JSON body may nest. Messenger's deepest payloads (a generic template's buttons) sit about
 * eight levels down; every event adds five more when it is wrapped for a webhook. The limit keeps any body
 * far from the recursion depth where JSON.stringify overflows the stack (a few thousand levels).
 */
export const MAX_JSON_DEPTH = 64;

/** The depth of a parsed JSON value (a scalar is 0, `{}` is 1), measured without recursion; stops at `max + 1`. */
export function jsonDepth(value: unknown, max = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > max) return deepest;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, level]);
  }
  return deepest;
}
