import { defineEdge } from '../graph-request.js';
import { pageNodeParams } from '../params.js';

/**
 * GET /{page|me}?fields=… : the page node. Without `fields`, Graph's defaults `name` and `id`;
 * `messaging_feature_status` tells which protocol the page runs (protocol.md §1.9), as its profile says.
 */
export const pageNode = defineEdge({
  method: 'GET',
  name: '',
  params: pageNodeParams,
  handle: ({ platform, caller, params, answer }) => {
    const fields = (params.fields ?? 'name').split(',').map((f) => f.trim());
    return answer(platform.pageNode(caller.pageId), (page) => ({
      ...(fields.includes('name') && { name: page.name }),
      ...(fields.includes('messaging_feature_status') && { messaging_feature_status: { ...page.messagingFeatureStatus } }),
      id: page.id,
    }));
  },
});
