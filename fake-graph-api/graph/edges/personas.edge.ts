import { z } from 'zod';
import type { Persona } from '../../page-assets.js';
import { defineEdge } from '../graph-request.js';

/**
 * POST /me/personas `{name, profile_picture_url}` → `{"id":"<PERSONA_ID>"}`; GET /me/personas →
 * `{"data":[{"name","profile_picture_url","id"}],"paging":{"cursors":{"before","after"}}}`
 * (https://developers.facebook.com/docs/messenger-platform/send-messages/personas). A persona's name is
 * free text of at most 50 characters (same page). Reading and deleting one persona: persona.node.ts.
 */
export const createPersonaEdge = defineEdge({
  method: 'POST',
  name: 'personas',
  params: z.looseObject({
    name: z.string().min(1, 'must not be empty').max(50, 'must be at most 50 characters'),
    profile_picture_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  }),
  handle: ({ platform, caller, params }) => ({
    status: 200,
    body: { id: platform.assets.createPersona(caller.pageId, params.name, params.profile_picture_url).id },
  }),
});

const cursor = (id: string) => Buffer.from(id).toString('base64url');
const shown = ({ name, profile_picture_url, id }: Persona) => ({ name, profile_picture_url, id });

export const listPersonasEdge = defineEdge({
  method: 'GET',
  name: 'personas',
  params: z.looseObject({}),
  handle: ({ platform, caller }) => {
    const personas = platform.assets.personasOf(caller.pageId);
    // Graph lists carry paging cursors only when there is something to page through.
    const paging = personas.length === 0 ? {} : { paging: { cursors: { before: cursor(personas[0]!.id), after: cursor(personas.at(-1)!.id) } } };
    return { status: 200, body: { data: personas.map(shown), ...paging } };
  },
});
