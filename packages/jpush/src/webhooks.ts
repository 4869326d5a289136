// JPush receipt callbacks (VIP): Basic appKey:masterSecret and a JSON body whose fields Jiguang does not publish.
import { type RecordWebhooksOptions, type WebhookHandler, basicAuthWebhooks, webhookCredentials } from '@jiguang-ts/core';
import type { JpushReceiptCallbackWebhookPayload } from '../../../generated/jpush/api/types.gen.js';

/** One receipt (delivered, clicked, not delivered, push succeeded…). Its fields are not public; `callback.params` of the push come back in it. */
export type JPushReceipt = Extract<JpushReceiptCallbackWebhookPayload, unknown[]>[number];

/** `unwrap` and `handle` for JPUSH callbacks (see {@link WebhookHandler}). */
export type JPushWebhooks = WebhookHandler<JPushReceipt[]>;

/** Options of {@link jpushWebhooks}. Missing keys fall back to `JPUSH_APP_KEY` / `JPUSH_MASTER_SECRET`. */
export interface JPushWebhooksOptions extends RecordWebhooksOptions {
  /** The app key the receipts are sent for. */
  appKey?: string;
  /** That app's master secret. */
  masterSecret?: string;
}

/**
 * Verified JPush receipt callbacks without a full client, e.g. in a Worker:
 * `jpushWebhooks({ appKey, masterSecret }).handle(request, (receipts) => …)`. A body holding one
 * object is given as an array of one.
 */
export const jpushWebhooks = (options: JPushWebhooksOptions = {}): JPushWebhooks => {
  const { appKey, masterSecret } = webhookCredentials('jpush', options, { appKey: 'JPUSH_APP_KEY', masterSecret: 'JPUSH_MASTER_SECRET' });
  return basicAuthWebhooks<JPushReceipt>('jpush', appKey, masterSecret, options);
};
