import { z } from 'zod';
import { defineEdge } from '../graph-request.js';

/** GET /{page|me}/secondary_receivers?fields=id,name → {"data":[{"id","name"}]}; the primary only. */
export const secondaryReceiversEdge = defineEdge({
  method: 'GET',
  name: 'secondary_receivers',
  params: z.looseObject({ fields: z.string().optional() }),
  handle: ({ platform, caller, params, answer }) => {
    // Graph nodes always carry their id; `name` only when asked for.
    const withName = (params.fields ?? '').split(',').some((f) => f.trim() === 'name');
    return answer(platform.readSecondaryReceivers(caller), (apps) => ({
      data: apps.map(({ id, name }) => (withName ? { id, name } : { id })),
    }));
  },
});
