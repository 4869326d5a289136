// JSMS callbacks: the URL check, the signed form, and `data` parsed according to `type`.
import {
  FORM_TYPE,
  type ReplayStore,
  type WebhookHandler,
  type WebhookLimits,
  WebhookVerificationError,
  createWebhooks,
  MAX_CALLBACK_BYTES,
  memoryReplayStore,
  parseJson,
  positiveOption,
  signedFormClaim,
  verifySignedForm,
  webhookCredentials,
} from '@jiguang-ts/core';
import type { JsmsCallbackForm, JsmsReplyData, JsmsReportData, JsmsSignAuditData, JsmsTemplateAuditData } from '../../../generated/jsms/api/types.gen.js';

/** The shape of `data` for each callback `type` (the `jsmsCallback` webhook of the JSMS spec). */
export interface JsmsCallbackData {
  /** Delivery report. */
  SMS_REPORT: JsmsReportData;
  /** Inbound reply. */
  SMS_REPLY: JsmsReplyData;
  /** Template review result. */
  SMS_TEMPLATE: JsmsTemplateAuditData;
  /** Signature review result. */
  SMS_SIGN: JsmsSignAuditData;
}

/** One verified JSMS callback; narrow on `type` to get the matching `data`. */
export type JsmsCallbackEvent = {
  [T in JsmsCallbackForm['type']]: {
    type: T;
    /** `data`, parsed from its JSON text. */
    data: JsmsCallbackData[T];
    /** Jiguang's random Java `long`, as text (it can exceed `Number.MAX_SAFE_INTEGER`). */
    nonce: string;
    /** When Jiguang signed the callback, epoch milliseconds. */
    timestamp: number;
  };
}[JsmsCallbackForm['type']];

/** `unwrap` and `handle` for JSMS callbacks (see {@link WebhookHandler}). */
export type JSMSWebhooks = WebhookHandler<JsmsCallbackEvent>;

/** Options of {@link jsmsWebhooks}. Missing keys fall back to `JSMS_APP_KEY` / `JSMS_MASTER_SECRET`. */
export interface JsmsWebhooksOptions extends WebhookLimits {
  /** The app key the callbacks are signed for. */
  appKey?: string;
  /** That app's master secret. */
  masterSecret?: string;
  /**
   * How far the callback's `timestamp` (epoch ms) may lie from this server's clock, either way, in ms.
   * Default 300 000 (5 minutes). Jiguang re-delivers a failed callback after 3 min, 1 h and 12 h; if
   * you need those late deliveries and they keep their first timestamp, widen it (`Infinity` turns the
   * check off; the replay store then keeps each callback for a day).
   */
  tolerance?: number;
  /**
   * Where handled callbacks are remembered. The signature covers only the app key, nonce and timestamp,
   * not `type` and `data`, so without it a captured callback could be sent again with other data while
   * its timestamp is fresh. `handle` records each (nonce, timestamp) before `onEvent` and answers a second
   * one 200 without calling `onEvent`; a failed `onEvent` records nothing. Default: a
   * {@link memoryReplayStore} for this handler. With several instances (processes, Workers), pass one
   * shared store; `false` turns the protection off.
   */
  replayStore?: ReplayStore | false;
}

const TYPES: readonly string[] = ['SMS_REPORT', 'SMS_REPLY', 'SMS_TEMPLATE', 'SMS_SIGN'] satisfies JsmsCallbackForm['type'][];

/**
 * Verified JSMS callbacks without a full client, e.g. in a Worker:
 * `jsmsWebhooks({ appKey, masterSecret }).handle(request, (event) => …)`. Create it once, not per
 * request: its default replay store lives in the handler.
 */
export const jsmsWebhooks = (options: JsmsWebhooksOptions = {}): JSMSWebhooks => {
  const { appKey, masterSecret } = webhookCredentials('jsms', options, { appKey: 'JSMS_APP_KEY', masterSecret: 'JSMS_MASTER_SECRET' });
  const tolerance = positiveOption('tolerance', options.tolerance, 300_000);
  const maxBodyBytes = positiveOption('maxBodyBytes', options.maxBodyBytes, MAX_CALLBACK_BYTES);
  const store = options.replayStore ?? memoryReplayStore();
  return createWebhooks<JsmsCallbackEvent>({
    service: 'jsms',
    contentType: FORM_TYPE,
    sends: 'application/x-www-form-urlencoded',
    claim: store ? signedFormClaim('jsms', appKey, store, tolerance) : undefined,
    async verify(request) {
      const form = await verifySignedForm('jsms', request, { appKey, masterSecret, tolerance, maxBodyBytes });
      if (!TYPES.includes(form.type)) {
        throw new WebhookVerificationError('malformed', `jsms callback: unknown type "${form.type.slice(0, 40)}" (expected ${TYPES.join(', ')})`);
      }
      const data = parseJson('jsms', `data of ${form.type}`, form.data);
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new WebhookVerificationError('malformed', `jsms callback: data of ${form.type} must be a JSON object`);
      }
      return { type: form.type, data, nonce: form.nonce, timestamp: form.timestamp } as JsmsCallbackEvent;
    },
  });
};
