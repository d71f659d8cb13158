import { z } from 'zod';
import { MESSAGE_TEXT_MAX_LENGTH, METADATA_MAX_LENGTH } from '../../machines/platform/limits.js';

/**
 * The parameters each Graph edge takes, as Meta accepts them: from a JSON body, a form body or the query
 * string, with `recipient` as an object, as JSON text, or in the loose `{id:PSID}` form of Meta's own
 * curl examples, and app ids as strings or numbers.
 */
const id = z.union([z.string().regex(/^[0-9]+$/, 'must be a numeric id'), z.number().int().nonnegative().transform(String)]);

/** `{"id":"123"}`, `{id:123}` or `{'id':'123'}` as text (JSON arrays too); an object passes through. */
export function parseObjectText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  try {
    return JSON.parse(text);
  } catch {
    const loose = /^\{\s*["']?id["']?\s*:\s*["']?([0-9]+)["']?\s*\}$/.exec(text);
    return loose ? { id: loose[1] } : value;
  }
}

const recipient = z.preprocess(parseObjectText, z.looseObject({ id }, { error: 'must be an object such as {"id":"<PSID>"}' }));
const metadata = z.string({ error: 'must be a string' }).optional();

export const passParams = z.looseObject({ recipient, target_app_id: id.optional(), metadata });
export const takeParams = z.looseObject({ recipient, metadata });
export const requestParams = z.looseObject({ recipient, metadata });

/** `thread_owner?recipient=PSID`; a recipient object is accepted too. */
export const threadOwnerParams = z.looseObject({
  recipient: z.preprocess((v) => {
    const parsed = parseObjectText(v);
    return parsed !== null && typeof parsed === 'object' && 'id' in parsed ? (parsed as { id: unknown }).id : v;
  }, id),
});

const message = z.preprocess(
  parseObjectText,
  z
    .looseObject({
      text: z.string().min(1).max(MESSAGE_TEXT_MAX_LENGTH).optional(),
      attachment: z.looseObject({}).optional(),
      metadata: z.string().max(METADATA_MAX_LENGTH).optional(),
      quick_replies: z.array(z.looseObject({})).optional(),
    }, { error: 'must be an object with text or attachment' })
    .refine((m) => m.text !== undefined || m.attachment !== undefined, 'must have text or attachment'),
);

export const messagesParams = z
  .looseObject({
    recipient,
    message: message.optional(),
    sender_action: z.enum(['typing_on', 'typing_off', 'mark_seen']).optional(),
    messaging_type: z.enum(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']).optional(),
    tag: z.string().optional(),
    /** The persona the message is sent as (https://developers.facebook.com/docs/messenger-platform/send-messages/personas). */
    persona_id: id.optional(),
  })
  .refine((p) => p.message !== undefined || p.sender_action !== undefined, {
    message: 'must be given (or sender_action)',
    path: ['message'],
  });

/** A list parameter as clients send it: `a,b`, `["a","b"]` as text, or an array. */
export const nameList = z.preprocess(
  (v) => (typeof v === 'string' && !v.trim().startsWith('[') ? v.split(',').map((s) => s.trim()).filter(Boolean) : parseObjectText(v)),
  z.array(z.string(), { error: 'must be a list such as a,b or ["a","b"]' }),
);

/** Turns the first zod issue into Meta's wording for a bad parameter. */
export function describeParamIssue(error: z.ZodError, input: Record<string, unknown>): string {
  const issue = error.issues[0]!;
  const name = issue.path.map(String).join('.') || 'request';
  const top = issue.path[0];
  if (typeof top === 'string' && issue.path.length === 1 && input[top] === undefined) {
    return `The parameter ${name} is required`;
  }
  return `Param ${name} ${issue.message}`;
}
