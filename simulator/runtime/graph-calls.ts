import type { GraphCall, GraphCallName } from '../../machines/apps/app-events.js';
import type { GraphRequest } from '../../fake-graph-api/graph/graph-request.js';

/** The Graph API version the simulated apps call; the fake accepts any. */
export const GRAPH_VERSION = 'v19.0';

const EDGE: Record<GraphCallName, string> = {
  send: 'messages',
  pass_thread_control: 'pass_thread_control',
  take_thread_control: 'take_thread_control',
  request_thread_control: 'request_thread_control',
  thread_owner: 'thread_owner',
};

/** An app machine's call as the HTTP request a bot would make (JSON body, token in the header). */
export function toGraphRequest(call: GraphCall, psid: string, accessToken: string): GraphRequest {
  const recipient = { id: psid };
  const body =
    call.call === 'send'
      ? { recipient, messaging_type: 'RESPONSE', message: { text: call.text } }
      : call.call === 'pass_thread_control'
        ? { recipient, ...(call.target === null ? {} : { target_app_id: call.target }), ...(call.metadata === null ? {} : { metadata: call.metadata }) }
        : { recipient, ...(call.metadata === null ? {} : { metadata: call.metadata }) };
  return { method: 'POST', path: `/${GRAPH_VERSION}/me/${EDGE[call.call]}`, query: {}, body, authorization: `Bearer ${accessToken}` };
}

/** How a call reads in a timeline. */
export function describeCall(call: GraphCall, nameOf: (appId: string) => string): string {
  switch (call.call) {
    case 'send':
      return `send "${call.text}"`;
    case 'pass_thread_control':
      return `pass_thread_control to ${call.target === null ? 'the primary' : nameOf(call.target)}`;
    default:
      return call.call;
  }
}
