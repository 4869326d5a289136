/**
 * `@jiguang-ts/jsms`: the JSMS (SMS) REST API — verification codes, template SMS, schedules,
 * balances, reports, templates and signatures. One method per operationId, and the same operations as
 * tree-shakable functions (`sendCode(client, options)`).
 * @packageDocumentation
 */
import { Client, type ClientOptions, type ServiceConfig, env, requireCredentials } from '@jiguang-ts/core';
import { JSMSOperations, host } from '../../../generated/jsms/operations.gen.js';
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

const config = (options: JSMSOptions): ServiceConfig<'jsms'> => {
  const appKey = options.appKey ?? env('JSMS_APP_KEY');
  const masterSecret = options.masterSecret ?? env('JSMS_MASTER_SECRET');
  requireCredentials('jsms', { appKey, masterSecret }, ['JSMS_APP_KEY', 'JSMS_MASTER_SECRET'], options);
  return {
    service: 'jsms',
    host,
    options,
    optionNames: { AppKeyAuth: ['appKey', 'masterSecret'], DevKeyAuth: ['devKey', 'devSecret'] },
    credentials: {
      AppKeyAuth: [appKey, masterSecret],
      DevKeyAuth: [options.devKey ?? env('JSMS_DEV_KEY'), options.devSecret ?? env('JSMS_DEV_SECRET')],
    },
  };
};

/** The JSMS client: `new JSMS({ appKey, masterSecret }).sendCode({ body: { mobile, temp_id } })`. */
export class JSMS extends JSMSOperations {
  #webhooks: () => JSMSWebhooks;
  /** Throws a `JiguangError` when credentials are missing (options, else `JSMS_APP_KEY` / `JSMS_MASTER_SECRET` where the runtime has an environment). */
  constructor(options: JSMSOptions = {}) {
    super(config(options));
    let webhooks: JSMSWebhooks | undefined;
    this.#webhooks = () => (webhooks ??= jsmsWebhooks({ appKey: options.appKey, masterSecret: options.masterSecret }));
  }
  /** Verified JSMS callbacks for this app: `await jsms.webhooks.handle(request, (event) => …)`, with the default limits and a replay store in this client. For other limits or a shared replay store use {@link jsmsWebhooks}. */
  get webhooks(): JSMSWebhooks {
    return this.#webhooks();
  }
}

/** A bare JSMS client for the standalone functions: `sendCode(createJSMSClient(options), { body })`. */
export const createJSMSClient = (options: JSMSOptions = {}): Client<'jsms'> => new Client(config(options));

export * from '@jiguang-ts/core';
export * from './bulk.js';
export * from './webhooks.js';
export * from '../../../generated/jsms/operations.gen.js';
export * from '../../../generated/jsms/codes.gen.js';
export { jsmsValidators } from '../../../generated/jsms/validators.gen.js';
// hey-api's types.gen.ts also has a `ClientOptions`; the client's options are core's.
export type { ClientOptions } from '@jiguang-ts/core';
export type * from '../../../generated/jsms/api/types.gen.js';
