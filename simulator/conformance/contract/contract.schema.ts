import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { attachmentInput, quickReplyPayload, referralInput, userText } from '../../../fake-graph-api/user-input.schema.js';

/**
 * A contract file: what a user's own bot must do, as scenarios of steps (YAML or JSON).
 *
 *   scenarios:
 *     - name: hands over to a human
 *       steps:
 *         - says: agent
 *         - expect: { passes_to: page_inbox, within: 5s }
 *         - inbox: done
 *         - expect: { sends: Welcome back, within: 5s }
 *     - name: hands over from a quick reply
 *       steps:
 *         - taps_quick_reply: { title: Talk to a person, payload: HUMAN_AGENT }
 *         - expect: { passes_to: page_inbox }
 *
 * Each scenario runs on a thread of its own that the bot owns at the start.
 */
const duration = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^[0-9]+(\.[0-9]+)?\s*(ms|s)$/, 'must be a duration such as 500ms or 5s').transform((s) => {
    const n = Number.parseFloat(s);
    return Math.round(s.trim().endsWith('ms') ? n : n * 1000);
  }),
]);

/** An app named by role or by id: `page_inbox`, `primary`, `bot`, or a numeric app id. */
const appRef = z.union([z.enum(['page_inbox', 'primary', 'bot']), z.string().regex(/^[0-9]{1,16}$/, 'must be page_inbox, primary, bot or a numeric app id')]);

const expectation = z.union([
  z.strictObject({ passes_to: appRef, within: duration.default(5000) }),
  z.strictObject({ sends: z.union([z.string().min(1), z.literal(true)]), within: duration.default(5000) }),
  z.strictObject({ silent: z.literal(true), for: duration.default(1000) }),
  z.strictObject({ owner: appRef, within: duration.default(5000) }),
], { error: 'must be one of {passes_to}, {sends}, {silent: true}, {owner}' });

const step = z.union([
  z.strictObject({ says: userText }),
  z.strictObject({ taps: z.strictObject({ title: z.string().min(1), payload: z.string().min(1) }) }),
  // The user's other gestures, validated as /__admin validates them.
  z.strictObject({ taps_quick_reply: z.strictObject({ title: userText, payload: quickReplyPayload }) }),
  z.strictObject({ sends_attachment: attachmentInput }),
  z.strictObject({ likes: z.literal(true) }),
  z.strictObject({ arrives_from: referralInput }),
  z.strictObject({ reads: z.literal(true) }),
  z.strictObject({ receives: z.literal(true) }),
  z.strictObject({ inbox: z.enum(['done', 'move_to_inbox']) }),
  z.strictObject({ inbox: z.literal('reply'), text: z.string().min(1) }),
  z.strictObject({ wait: duration }),
  z.strictObject({ expect: expectation }),
], { error: 'must be a step: {says}, {taps}, {taps_quick_reply}, {sends_attachment}, {likes}, {arrives_from}, {reads}, {receives}, {inbox}, {wait} or {expect}' });

const contractSchema = z.strictObject({
  name: z.string().min(1).optional(),
  scenarios: z.array(z.strictObject({ name: z.string().min(1), steps: z.array(step).min(1) })).min(1),
});

export type Contract = z.output<typeof contractSchema>;
export type ContractStep = Contract['scenarios'][number]['steps'][number];
export type ContractExpectation = z.output<typeof expectation>;

export class ContractError extends Error {}

/** Reads and validates a contract file; a bad one is a ContractError naming the path of each problem. */
export function loadContract(file: string): Contract {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ContractError(`${file}: cannot be read: ${(err as Error).message}`);
  }
  return parseContract(data, file);
}

export function parseContract(data: unknown, source = 'contract'): Contract {
  const result = contractSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new ContractError(`${source} is not a valid contract:\n  ${problems.join('\n  ')}`);
}
