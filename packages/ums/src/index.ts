/**
 * `@jiguang-ts/ums`: the UMS (unified messaging) REST API — one message across app push, SMS,
 * e-mail, WeChat, Alipay, DingTalk and WeCom. One method per operationId.
 * @packageDocumentation
 */
import { type ClientOptions, type Methods, RequestValidationError, Service, defineOperations, env, requireCredentials } from '@jiguang-ts/core';
import { createClient, formDataBodySerializer } from '../../../generated/ums/api/client/index.js';
import { host, manifest, type Operations } from '../../../generated/ums/manifest.gen.js';
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

const USER_AUDIENCES = ['aud_tag', 'aud_userid', 'aud_segment'];
const SENDS_WITH_AUDIENCE = ['sendMessage', 'sendTemplateMessage'];

// Rules the JSON Schema cannot state (or Prism would only report after the fact): checked before sending.
const validate = (id: string, options: Record<string, unknown>) => {
  const body = options.body as Record<string, any> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !id.startsWith('send')) return;
  const keys = Object.keys(body);
  const user = keys.filter((k) => USER_AUDIENCES.includes(k));
  const channel = keys.filter((k) => k.startsWith('aud_') && !USER_AUDIENCES.includes(k));
  if (user.length && channel.length) {
    throw new RequestValidationError(`body.${channel[0]}`, `custom-channel audiences cannot be mixed with user audiences (${user.join(', ')}) in one message`);
  }
  if (SENDS_WITH_AUDIENCE.includes(id) ? !user.length && !channel.length : user.length + channel.length > 0) {
    throw new RequestValidationError('body.aud_*', SENDS_WITH_AUDIENCE.includes(id) ? `${id} needs an audience (aud_xxx)` : `${id} sends to every user: omit aud_xxx`);
  }
  if (body.option?.black_id != null && body.option?.white_id != null) {
    throw new RequestValidationError('body.option.white_id', 'black_id and white_id are mutually exclusive (UMS 1015097)');
  }
  if (id.includes('Template') && keys.some((k) => k.startsWith('msg_'))) {
    throw new RequestValidationError(`body.${keys.find((k) => k.startsWith('msg_'))}`, 'template sends take template_para, not msg_xxx (UMS 1015094)');
  }
};

/** The UMS client: `new UMS({ channelKey, masterSecret }).sendTemplateMessage({ body: { template_id, template_para, aud_userid: ['u1'] } })`. */
export interface UMS extends Methods<Operations> {}
export class UMS extends Service {
  #webhooks: () => UMSWebhooks;
  constructor(options: UMSOptions = {}) {
    const channelKey = options.channelKey ?? env('UMS_CHANNEL_KEY');
    const masterSecret = options.masterSecret ?? env('UMS_MASTER_SECRET');
    requireCredentials('ums', { channelKey, masterSecret }, ['UMS_CHANNEL_KEY', 'UMS_MASTER_SECRET']);
    super(
      { name: 'ums', createClient, formData: formDataBodySerializer, manifest, host },
      {
        ChannelKeyAuth: [channelKey, masterSecret],
        AccessKeyAuth: [options.accessKey ?? env('UMS_ACCESS_KEY'), options.accessMasterSecret ?? env('UMS_ACCESS_MASTER_SECRET') ?? masterSecret],
      },
      options,
      validate,
    );
    let webhooks: UMSWebhooks | undefined;
    this.#webhooks = () => (webhooks ??= umsWebhooks({ channelKey, masterSecret }));
  }
  /** Verified UMS status callbacks for this channel: `await ums.webhooks.handle(request, (records) => …)`. */
  get webhooks(): UMSWebhooks {
    return this.#webhooks();
  }
}
defineOperations(UMS, manifest);

export * from '@jiguang-ts/core';
// hey-api's types.gen.ts also has a `ClientOptions`; the client's options are core's.
export type { ClientOptions } from '@jiguang-ts/core';
export * from '../../../generated/ums/codes.gen.js';
export type * from '../../../generated/ums/api/types.gen.js';
export * from './webhooks.js';
export type { Operations } from '../../../generated/ums/manifest.gen.js';
