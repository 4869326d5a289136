import { JiguangError, sendBulk, type BulkOptions, type BulkReport, type BulkResult, type Client } from '@jiguang-ts/core';
import type { BatchPushItem, PushPayload } from '../../../generated/jpush/api/types.gen.js';
import { batchPushByAlias, batchPushByRegistrationId, push } from '../../../generated/jpush/operations.gen.js';

/**
 * `count` distinct cids from the client's pool (fetched with `getCidList` as needed), e.g. as the keys of
 * a batch single push's `pushlist`. No cid is ever handed out twice.
 */
export const takeCids = (client: Client<'jpush'>, count: number, type: 'push' | 'schedule' = 'push', options: { signal?: AbortSignal | null; timeout?: number } = {}): Promise<string[]> => {
  const pool = client._r.pool;
  if (!pool) return Promise.reject(new JiguangError('jpush: cids need appKey and masterSecret, and cidPoolSize > 0'));
  return pool.takeMany(type, count, options.signal, options.timeout ?? client._r.timeout);
};

/**
 * Pushes one message to any number of registration IDs or aliases: 1000 per push (the API's limit), each
 * push under its own cid, so a push whose outcome is unknown is resent safely on resume and never delivered
 * twice. Rate-aware and resumable: see {@link BulkOptions}. One result per registration ID or alias.
 */
export const bulkPush = (
  client: Client<'jpush'>,
  payload: Omit<PushPayload, 'audience' | 'cid'>,
  audience: { registration_id: readonly string[] } | { alias: readonly string[] },
  options?: BulkOptions,
): Promise<BulkReport> => {
  const field = 'registration_id' in audience ? 'registration_id' : 'alias';
  const ids = 'registration_id' in audience ? audience.registration_id : audience.alias;
  return sendBulk<string>(
    ids,
    {
      id: (x) => x,
      size: 1000,
      keys: 'chunk',
      takeKeys: (n, signal) => takeCids(client, n, 'push', { signal }),
      send: async (chunk, [cid], o) => {
        const body = { ...payload, audience: { [field]: chunk }, cid } as PushPayload;
        const { data, rateLimit } = await push(client, { body, ...o }).withResponse();
        return { results: chunk.map((id) => ({ id, status: 'sent' as const, msgId: data.msg_id })), rateLimit };
      },
    },
    options,
  );
};

/**
 * Batch single push to any number of devices, each with its own message (`target` is the registration ID or
 * the alias): 1000 per call, every item keyed by its own cid from the pool. One result per target.
 */
export const bulkBatchPush = (client: Client<'jpush'>, by: 'registration_id' | 'alias', items: readonly BatchPushItem[], options?: BulkOptions): Promise<BulkReport> =>
  sendBulk(
    items,
    {
      id: (item) => item.target,
      size: 1000,
      keys: 'item',
      takeKeys: (n, signal) => takeCids(client, n, 'push', { signal }),
      send: async (chunk, keys, o) => {
        const pushlist = Object.fromEntries(chunk.map((item, i) => [keys[i]!, item]));
        const call = by === 'alias' ? batchPushByAlias : batchPushByRegistrationId;
        const { data, rateLimit } = await call(client, { body: { pushlist }, ...o }).withResponse();
        const results = chunk.map((item, i): Omit<BulkResult, 'key'> => {
          const r = (data as Record<string, { msg_id?: string; error?: { code?: number; message?: string } }>)[keys[i]!];
          if (!r) return { id: item.target, status: 'unknown', error: { name: 'APIError', message: 'the reply has no result for this item' } };
          if (r.error) return { id: item.target, status: 'failed', error: { name: 'APIError', message: r.error.message ?? '', ...(r.error.code !== undefined && { code: r.error.code }) } };
          return { id: item.target, status: 'sent', ...(r.msg_id !== undefined && { msgId: String(r.msg_id) }) };
        });
        return { results, rateLimit };
      },
    },
    options,
  );
