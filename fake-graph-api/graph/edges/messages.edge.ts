import type { StoredAttachment } from '../../page-assets.js';
import { defineEdge } from '../graph-request.js';
import { ATTACHMENT_TYPES } from './message-attachments.edge.js';
import { messagesParams } from '../params.js';

/**
 * POST /{page|me}/messages, the Send API: only the thread owner may send while handover is active
 * (else #10 / 2018300); answers {"recipient_id","message_id"} and echoes the message to the apps.
 * An attachment sent by `attachment_id` must be one uploaded to this page, and a `persona_id` one of the
 * page's personas; the persona is recorded with the message the user sees. An attachment sent with
 * `payload.is_reusable: true` (by URL or as `filedata`) is saved, and the answer carries its `attachment_id`
 * (https://developers.facebook.com/docs/messenger-platform/send-messages/saving-assets).
 */
export const messagesEdge = defineEdge({
  method: 'POST',
  name: 'messages',
  params: messagesParams,
  handle: ({ platform, caller, params, files, answer, fail }) => {
    const attachment = params.message?.attachment as Attachment | undefined;
    const attachmentId = attachmentIdOf(attachment);
    if (attachmentId !== undefined && platform.assets.attachment(caller.pageId, attachmentId) === undefined) {
      return fail('unknown_attachment', { id: attachmentId });
    }
    if (params.persona_id !== undefined && platform.assets.persona(caller.pageId, params.persona_id) === undefined) {
      return fail('unknown_persona', { id: params.persona_id });
    }
    const sent = platform.sendMessage(caller, params.recipient.id, params.message ?? null, params.persona_id);
    const file = files.find((f) => f.field === 'filedata');
    const source = typeof attachment?.payload?.url === 'string' ? { url: attachment.payload.url } : file ? { filename: file.filename } : undefined;
    const saved = sent.ok && attachment?.payload?.is_reusable === true && source !== undefined && isSavable(attachment.type)
      ? platform.assets.saveAttachment(caller.pageId, { type: attachment.type, ...source })
      : undefined;
    return answer(sent, (value) => (saved ? { ...value, attachment_id: saved.id } : value));
  },
});

interface Attachment {
  type?: unknown;
  payload?: { url?: unknown; is_reusable?: unknown; attachment_id?: unknown };
}

const isSavable = (type: unknown): type is StoredAttachment['type'] => (ATTACHMENT_TYPES as readonly unknown[]).includes(type);

function attachmentIdOf(attachment: Attachment | undefined): string | undefined {
  const id = attachment?.payload?.attachment_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
