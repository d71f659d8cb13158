import { defineEdge } from '../graph-request.js';
import { messagesParams } from '../params.js';

/**
 * POST /{page|me}/messages, the Send API: only the thread owner may send while handover is active
 * (else #10 / 2018300); answers {"recipient_id","message_id"} and echoes the message to the apps.
 * An attachment sent by `attachment_id` must be one uploaded to this page, and a `persona_id` one of the
 * page's personas; the persona is recorded with the message the user sees.
 */
export const messagesEdge = defineEdge({
  method: 'POST',
  name: 'messages',
  params: messagesParams,
  handle: ({ platform, caller, params, answer, fail }) => {
    const attachmentId = attachmentIdOf(params.message?.attachment);
    if (attachmentId !== undefined && platform.assets.attachment(caller.pageId, attachmentId) === undefined) {
      return fail('unknown_attachment', { id: attachmentId });
    }
    if (params.persona_id !== undefined && platform.assets.persona(caller.pageId, params.persona_id) === undefined) {
      return fail('unknown_persona', { id: params.persona_id });
    }
    return answer(platform.sendMessage(caller, params.recipient.id, params.message ?? null, params.persona_id), (sent) => sent);
  },
});

function attachmentIdOf(attachment: unknown): string | undefined {
  const payload = (attachment as { payload?: { attachment_id?: unknown } } | undefined)?.payload;
  const id = payload?.attachment_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
