import { z } from 'zod';
import { defineEdge } from '../graph-request.js';
import { parseObjectText } from '../params.js';

/**
 * POST /me/message_attachments (https://developers.facebook.com/docs/messenger-platform/reference/attachment-upload-api):
 * `message={"attachment":{"type":"image","payload":{"url":"…","is_reusable":true}}}` fetches from a URL;
 * a multipart request with the file in `filedata` uploads it. Answers `{"attachment_id":"…"}`, which a send
 * then names as `message.attachment.payload.attachment_id` on the same page.
 */
export const ATTACHMENT_TYPES = ['image', 'audio', 'video', 'file'] as const;

const uploadParams = z.looseObject({
  message: z.preprocess(parseObjectText, z.looseObject({
    attachment: z.looseObject({
      type: z.enum(ATTACHMENT_TYPES, { error: `must be one of {${ATTACHMENT_TYPES.join(', ')}}` }),
      payload: z.looseObject({ url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(), is_reusable: z.unknown().optional() }).default({}),
    }),
  }, { error: 'must be an object such as {"attachment":{"type":"image","payload":{"url":"…"}}}' })),
});

export const uploadAttachmentEdge = defineEdge({
  method: 'POST',
  name: 'message_attachments',
  params: uploadParams,
  handle: ({ platform, caller, params, files, fail }) => {
    const { type, payload } = params.message.attachment;
    const file = files.find((f) => f.field === 'filedata');
    if (payload.url === undefined && file === undefined) {
      return fail('invalid_parameter', { detail: 'Param message.attachment.payload.url is required, or the file in filedata' });
    }
    const source = payload.url !== undefined ? { url: payload.url } : { filename: file!.filename };
    return { status: 200, body: { attachment_id: platform.assets.saveAttachment(caller.pageId, { type, ...source }).id } };
  },
});
