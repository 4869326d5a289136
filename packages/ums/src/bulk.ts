import { sendBulk, type BulkOptions, type BulkReport, type Client } from '@jiguang-ts/core';
import type { UserTargetedMessage, UserTargetedTemplateMessage } from '../../../generated/ums/api/types.gen.js';
import { sendMessage, sendTemplateMessage } from '../../../generated/ums/operations.gen.js';

type Message = Omit<UserTargetedMessage, 'aud_tag' | 'aud_userid' | 'aud_segment'>;
type TemplateMessage = Omit<UserTargetedTemplateMessage, 'aud_tag' | 'aud_userid' | 'aud_segment'>;

/**
 * Sends one message (custom `msg_xxx`, or a template with `template_id`) to any number of user IDs through
 * `aud_userid`, 1000 per call. One result per user ID. UMS sends carry no idempotency key, so a call that
 * fails after it may have reached the server leaves its users `unknown` and they are never sent again
 * automatically. Rate-aware and resumable: see {@link BulkOptions}.
 */
export const bulkSendToUsers = (client: Client<'ums'>, message: Message | TemplateMessage, userIds: readonly string[], options?: BulkOptions): Promise<BulkReport> =>
  sendBulk<string>(
    userIds,
    {
      id: (x) => x,
      size: 1000,
      send: async (chunk, _keys, o) => {
        const body = { ...message, aud_userid: [...chunk] };
        const reply =
          'template_id' in message
            ? await sendTemplateMessage(client, { body: body as UserTargetedTemplateMessage, ...o }).withResponse()
            : await sendMessage(client, { body: body as UserTargetedMessage, ...o }).withResponse();
        const msgId = reply.data.msgid ?? reply.data.msgno;
        return { results: chunk.map((id) => ({ id, status: 'sent' as const, ...(msgId !== undefined && { msgId }) })), rateLimit: reply.rateLimit };
      },
    },
    options,
  );
