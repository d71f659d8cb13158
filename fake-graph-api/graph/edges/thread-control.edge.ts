import { defineEdge } from '../graph-request.js';
import { passParams, requestParams, takeParams } from '../params.js';

/** POST /{page|me}/pass_thread_control, take_thread_control, request_thread_control → {"success":true}. */
const success = () => ({ success: true });

export const passThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'pass_thread_control',
  params: passParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.passThreadControl(caller, params.recipient.id, params.target_app_id ?? null, params.metadata ?? null), success),
});

export const takeThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'take_thread_control',
  params: takeParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.takeThreadControl(caller, params.recipient.id, params.metadata ?? null), success),
});

export const requestThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'request_thread_control',
  params: requestParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.requestThreadControl(caller, params.recipient.id, params.metadata ?? null), success),
});
