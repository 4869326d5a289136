// UMS status callbacks: the URL check and the record batches, both carrying Basic ChannelKey:MasterSecret.
import { type RecordWebhooksOptions, type WebhookHandler, basicAuthWebhooks, webhookCredentials } from '@jiguang-ts/core';
import type { StatusCallbackRecord } from '../../../generated/ums/api/types.gen.js';

/** `unwrap` and `handle` for UMS callbacks (see {@link WebhookHandler}). */
export type UMSWebhooks = WebhookHandler<StatusCallbackRecord[]>;

/** Options of {@link umsWebhooks}. Missing keys fall back to `UMS_CHANNEL_KEY` / `UMS_MASTER_SECRET`. */
export interface UmsWebhooksOptions extends RecordWebhooksOptions {
  /** The channel key the callbacks are sent for. */
  channelKey?: string;
  /** That channel's master secret. */
  masterSecret?: string;
}

/**
 * Verified UMS status callbacks without a full client, e.g. in a Worker:
 * `umsWebhooks({ channelKey, masterSecret }).handle(request, (records) => …)`. Each request carries a
 * batch (up to 100) of {@link StatusCallbackRecord}s.
 */
export const umsWebhooks = (options: UmsWebhooksOptions = {}): UMSWebhooks => {
  const { channelKey, masterSecret } = webhookCredentials('ums', options, { channelKey: 'UMS_CHANNEL_KEY', masterSecret: 'UMS_MASTER_SECRET' });
  return basicAuthWebhooks<StatusCallbackRecord>('ums', channelKey, masterSecret, options);
};
