import type { EdgeContext, GraphResponse } from './graph-request.js';

/**
 * The `fields` parameter of a Graph read: `a,b,c` (or an array). A node answers the fields asked for, in
 * that order, and its `id` last, as Meta's own examples show (`{"messaging_feature_status":{…},"id":"…"}`).
 * A field the node does not have is Meta's "(#100) Tried accessing nonexisting field (x) on node type (T)".
 */
export function requestedFields(fields: unknown, defaults: readonly string[]): string[] {
  const list = Array.isArray(fields) ? fields.map(String) : typeof fields === 'string' ? fields.split(',') : [...defaults];
  const names = list.map((f) => f.trim()).filter(Boolean);
  return names.length === 0 ? [...defaults] : [...new Set(names)];
}

/**
 * Reads a node: `values` has every field the node type knows (undefined when this node has no value for
 * it, which Meta leaves out); answers the error for a field the type does not know.
 */
export function readNode(
  nodeType: string,
  id: string,
  asked: readonly string[],
  values: Record<string, unknown>,
  fail: EdgeContext<unknown>['fail'],
): GraphResponse {
  const unknown = asked.find((f) => f !== 'id' && !(f in values));
  if (unknown !== undefined) return fail('nonexisting_field', { field: unknown, nodeType });
  const body: Record<string, unknown> = {};
  for (const field of asked) {
    if (field !== 'id' && values[field] !== undefined) body[field] = values[field];
  }
  body['id'] = id;
  return { status: 200, body };
}
