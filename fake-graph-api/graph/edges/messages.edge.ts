import { defineEdge } from '../graph-request.js';
import { messagesParams } from '../params.js';

/**
 * POST /{page|me}/messages, the Send API: only the thread owner may send while handover is active
 * (else #10 / 2018300); answers {"recipient_id","message_id"} and echoes the message to the apps.
 */
export const messagesEdge = defineEdge({
  method: 'POST',
  name: 'messages',
  params: messagesParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.sendMessage(caller, params.recipient.id, params.message ?? null), (sent) => sent),
});
