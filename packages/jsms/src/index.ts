/**
 * `@jiguang-ts/jsms`: the JSMS (SMS) REST API — verification codes, template SMS, schedules,
 * balances, reports, templates and signatures. One method per operationId.
 * @packageDocumentation
 */
import { type ClientOptions, type Methods, Service, defineOperations, env, requireCredentials } from '@jiguang-ts/core';
import { createClient, formDataBodySerializer } from '../../../generated/jsms/api/client/index.js';
import { host, manifest, type Operations } from '../../../generated/jsms/manifest.gen.js';
import { type JSMSWebhooks, jsmsWebhooks } from './webhooks.js';

/** Options of {@link JSMS}. Missing keys fall back to `JSMS_APP_KEY` / `JSMS_MASTER_SECRET` (and `JSMS_DEV_KEY` / `JSMS_DEV_SECRET`). */
export interface JSMSOptions extends ClientOptions {
  /** App key (console → application settings). */
  appKey?: string;
  /** The app's master secret. */
  masterSecret?: string;
  /** Developer key, only for `getDevBalance`. */
  devKey?: string;
  /** Developer "API DevSecret", only for `getDevBalance`. */
  devSecret?: string;
}

/** The JSMS client: `new JSMS({ appKey, masterSecret }).sendCode({ body: { mobile, temp_id } })`. */
export interface JSMS extends Methods<Operations> {}
export class JSMS extends Service {
  #webhooks: () => JSMSWebhooks;
  constructor(options: JSMSOptions = {}) {
    const appKey = options.appKey ?? env('JSMS_APP_KEY');
    const masterSecret = options.masterSecret ?? env('JSMS_MASTER_SECRET');
    requireCredentials('jsms', { appKey, masterSecret }, ['JSMS_APP_KEY', 'JSMS_MASTER_SECRET']);
    super({ name: 'jsms', createClient, formData: formDataBodySerializer, manifest, host }, {
      AppKeyAuth: [appKey, masterSecret],
      DevKeyAuth: [options.devKey ?? env('JSMS_DEV_KEY'), options.devSecret ?? env('JSMS_DEV_SECRET')],
    }, options);
    let webhooks: JSMSWebhooks | undefined;
    this.#webhooks = () => (webhooks ??= jsmsWebhooks({ appKey, masterSecret }));
  }
  /** Verified JSMS callbacks for this app: `await jsms.webhooks.handle(request, (event) => …)`. For another replay window use {@link jsmsWebhooks}. */
  get webhooks(): JSMSWebhooks {
    return this.#webhooks();
  }
}
defineOperations(JSMS, manifest);

export * from '@jiguang-ts/core';
// hey-api's types.gen.ts also has a `ClientOptions`; the client's options are core's.
export type { ClientOptions } from '@jiguang-ts/core';
export * from '../../../generated/jsms/codes.gen.js';
export type * from '../../../generated/jsms/api/types.gen.js';
export * from './webhooks.js';
export type { Operations } from '../../../generated/jsms/manifest.gen.js';
