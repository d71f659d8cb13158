import { readNode, requestedFields } from '../fields.js';
import type { EdgeContext, GraphResponse } from '../graph-request.js';

/**
 * GET /{persona-id} → `{"name","profile_picture_url","id"}`; DELETE /{persona-id} → `{"success":true}`
 * (https://developers.facebook.com/docs/messenger-platform/send-messages/personas). Personas belong to
 * the page: any app of the page reads and deletes them.
 */
export function readPersona({ platform, caller, params, fail }: EdgeContext<Record<string, unknown>>, id: string): GraphResponse | undefined {
  const persona = platform.assets.persona(caller.pageId, id);
  if (persona === undefined) return undefined;
  return readNode('Persona', id, requestedFields(params['fields'], ['name', 'profile_picture_url', 'id']), {
    name: persona.name,
    profile_picture_url: persona.profile_picture_url,
  }, fail);
}

export function deletePersona({ platform, caller }: EdgeContext<Record<string, unknown>>, id: string): GraphResponse | undefined {
  return platform.assets.deletePersona(caller.pageId, id) ? { status: 200, body: { success: true } } : undefined;
}
