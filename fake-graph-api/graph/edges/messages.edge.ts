import { defineEdge } from '../graph-request.js';
import { messagesParams } from '../params.js';

/**
 * POST /{page|me}/messages, the Send API: the thread's rules decide who may send (2018300 and its
 * relatives) and whether the messaging window allows it (2018278); `thread_control` moves control with
 * the message under Conversation Routing (`release` when `control_type` is missing, protocol.md §3).
 * Answers {"recipient_id","message_id"} and echoes the message to the apps.
 */
export const messagesEdge = defineEdge({
  method: 'POST',
  name: 'messages',
  params: messagesParams,
  handle: ({ platform, caller, params, answer }) => {
    const control = params.thread_control;
    return answer(platform.sendMessage(caller, params.recipient.id, params.message ?? null, {
      timing: { messagingType: params.messaging_type ?? null, tag: params.tag ?? null },
      threadControl: control === undefined ? null : { appId: control.app_id ?? null, controlType: control.control_type ?? 'release' },
    }), (sent) => sent);
  },
});
