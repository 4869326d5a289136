import { sendBulk, type BulkOptions, type BulkReport, type Client } from '@jiguang-ts/core';
import type { BatchRecipient, SendBatchMessageRequest } from '../../../generated/jsms/api/types.gen.js';
import { sendBatchMessage } from '../../../generated/jsms/operations.gen.js';

/**
 * Sends one template SMS to any number of recipients (each with its own `temp_para`) through
 * `sendBatchMessage`, 1000 per call. One result per mobile number. SMS sends carry no idempotency key, so a
 * call that fails after it may have reached the server leaves its recipients `unknown` and they are never
 * sent again automatically. Rate-aware and resumable: see {@link BulkOptions}.
 */
export const bulkSendMessages = (
  client: Client<'jsms'>,
  message: Omit<SendBatchMessageRequest, 'recipients'>,
  recipients: readonly BatchRecipient[],
  options?: BulkOptions,
): Promise<BulkReport> =>
  sendBulk(
    recipients,
    {
      id: (r) => r.mobile,
      size: 1000,
      send: async (chunk, _keys, o) => {
        const { data, rateLimit } = await sendBatchMessage(client, { body: { ...message, recipients: [...chunk] }, ...o }).withResponse();
        const byMobile = new Map(data.recipients.map((r) => [r.mobile, r]));
        const results = chunk.map(({ mobile: id }) => {
          const r = byMobile.get(id);
          if (!r) return { id, status: 'unknown' as const, error: { name: 'APIError', message: 'the reply has no result for this recipient' } };
          if (r.error_code !== undefined) return { id, status: 'failed' as const, error: { name: 'APIError', message: r.error_message ?? '', code: Number(r.error_code) } };
          return { id, status: 'sent' as const, ...(r.msg_id !== undefined && { msgId: String(r.msg_id) }) };
        });
        return { results, rateLimit };
      },
    },
    options,
  );
