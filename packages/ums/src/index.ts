/**
 * `@jiguang-ts/ums`: the UMS (unified messaging) REST API — one message across app push, SMS,
 * e-mail, WeChat, Alipay, DingTalk and WeCom. One method per operationId, and the same operations as
 * tree-shakable functions (`sendMessage(client, options)`).
 * @packageDocumentation
 */
import { Client, type ClientOptions, type ServiceConfig, env, requireCredentials } from '@jiguang-ts/core';
import { UMSOperations, host } from '../../../generated/ums/operations.gen.js';
import { type UMSWebhooks, umsWebhooks } from './webhooks.js';

/** Options of {@link UMS}. Missing keys fall back to `UMS_CHANNEL_KEY` / `UMS_MASTER_SECRET` (and `UMS_ACCESS_KEY` / `UMS_ACCESS_MASTER_SECRET`). */
export interface UMSOptions extends ClientOptions {
  /** Channel key (console → basic settings → channel info). */
  channelKey?: string;
  /** The channel's master secret. */
  masterSecret?: string;
  /** Global access key (user-management page): allowed for `upsertUsers`, required for `deleteUsers`. */
  accessKey?: string;
  /** Master secret paired with `accessKey`; defaults to `masterSecret`. */
  accessMasterSecret?: string;
}

const config = (options: UMSOptions): ServiceConfig<'ums'> => {
  const channelKey = options.channelKey ?? env('UMS_CHANNEL_KEY');
  const masterSecret = options.masterSecret ?? env('UMS_MASTER_SECRET');
  requireCredentials('ums', { channelKey, masterSecret }, ['UMS_CHANNEL_KEY', 'UMS_MASTER_SECRET'], options);
  return {
    service: 'ums',
    host,
    options,
    // accessKey alone: its secret falls back to masterSecret, which the client always has.
    optionNames: { ChannelKeyAuth: ['channelKey', 'masterSecret'], AccessKeyAuth: ['accessKey'] },
    credentials: {
      ChannelKeyAuth: [channelKey, masterSecret],
      AccessKeyAuth: [options.accessKey ?? env('UMS_ACCESS_KEY'), options.accessMasterSecret ?? env('UMS_ACCESS_MASTER_SECRET') ?? masterSecret],
    },
  };
};

/** The UMS client: `new UMS({ channelKey, masterSecret }).sendTemplateMessage({ body: { template_id, template_para, aud_userid: ['u1'] } })`. */
export class UMS extends UMSOperations {
  #webhooks: () => UMSWebhooks;
  /** Throws a `JiguangError` when credentials are missing (options, else `UMS_CHANNEL_KEY` / `UMS_MASTER_SECRET` where the runtime has an environment). */
  constructor(options: UMSOptions = {}) {
    super(config(options));
    let webhooks: UMSWebhooks | undefined;
    this.#webhooks = () => (webhooks ??= umsWebhooks({ channelKey: options.channelKey, masterSecret: options.masterSecret }));
  }
  /** Verified UMS status callbacks for this channel: `await ums.webhooks.handle(request, (records) => …)`. For other limits or record dedupe use {@link umsWebhooks}. */
  get webhooks(): UMSWebhooks {
    return this.#webhooks();
  }
}

/** A bare UMS client for the standalone functions: `sendMessage(createUMSClient(options), { body })`. */
export const createUMSClient = (options: UMSOptions = {}): Client<'ums'> => new Client(config(options));

export * from '@jiguang-ts/core';
export * from './bulk.js';
export * from './webhooks.js';
export * from '../../../generated/ums/operations.gen.js';
export * from '../../../generated/ums/codes.gen.js';
export { umsValidators } from '../../../generated/ums/validators.gen.js';
// hey-api's types.gen.ts also has a `ClientOptions`; the client's options are core's.
export type { ClientOptions } from '@jiguang-ts/core';
export type * from '../../../generated/ums/api/types.gen.js';
