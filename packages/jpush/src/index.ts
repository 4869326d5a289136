/**
 * `@jiguang-ts/jpush`: the JPush REST API — push, schedules, files, images, devices, tags, aliases,
 * reports and admin. One method per operationId, and the same operations as tree-shakable functions
 * (`push(client, options)`); every operation reaches its own host in either region.
 * @packageDocumentation
 */
import { Client, KeyPool, type ClientOptions, type ServiceConfig, env, requireCredentials } from '@jiguang-ts/core';
import { JPushOperations, getCidList, host } from '../../../generated/jpush/operations.gen.js';
import { takeCids } from './bulk.js';
import type { PushEncryption } from './encryption.js';
import { type JPushWebhooks, jpushWebhooks } from './webhooks.js';

/** Options of {@link JPush}. Missing keys fall back to `JPUSH_APP_KEY` / `JPUSH_MASTER_SECRET` (group: `JPUSH_GROUP_KEY` / `JPUSH_GROUP_MASTER_SECRET`; admin: `JPUSH_DEV_KEY` / `JPUSH_DEV_SECRET`). */
export interface JPushOptions extends ClientOptions {
  /** App key (console → application settings). */
  appKey?: string;
  /** The app's master secret. */
  masterSecret?: string;
  /** `beijing` for apps in the Beijing data centre (hosts and some paths differ). Default `default`. */
  region?: 'default' | 'beijing';
  /** Group key for group push and group reports (sent as `group-<groupKey>`). */
  groupKey?: string;
  /** The group's master secret. */
  groupMasterSecret?: string;
  /** Developer key for the admin API (and optionally files). */
  devKey?: string;
  /** Developer secret for the admin API. */
  devSecret?: string;
  /**
   * cids per `getCidList` call for the pool that makes pushes retry-safe: the most your app may fetch per
   * call (10 for non-VIP apps, up to 1000). Each call costs push quota. 0 turns auto-cid off. Default 10.
   */
  cidPoolSize?: number;
  /**
   * When no cid can be had for a push (the cid call failed or did not answer within the push's timeout):
   * `false` (default) sends the push without one — and so without retries — and logs a warning; `true`
   * fails the push instead, before anything is sent.
   */
  requireCid?: boolean;
  /**
   * Encrypts every `push` body, e.g. `sm2Encryption()` from `@jiguang-ts/jpush/sm2` (sends
   * `X-Encrypt-Type: SM2` and `{ audience, payload }`). Default: none, pushes go as plain JSON.
   */
  encryption?: PushEncryption;
}

// A cid is valid for one day; pooled ones are dropped well before that.
const CID_TTL = 20 * 3600_000;

const config = (options: JPushOptions): ServiceConfig<'jpush'> => {
  const appKey = options.appKey ?? env('JPUSH_APP_KEY');
  const masterSecret = options.masterSecret ?? env('JPUSH_MASTER_SECRET');
  const groupKey = options.groupKey ?? env('JPUSH_GROUP_KEY');
  const groupSecret = options.groupMasterSecret ?? env('JPUSH_GROUP_MASTER_SECRET');
  const devKey = options.devKey ?? env('JPUSH_DEV_KEY');
  const devSecret = options.devSecret ?? env('JPUSH_DEV_SECRET');
  if (!(groupKey && groupSecret) && !(devKey && devSecret)) {
    requireCredentials('jpush', { appKey, masterSecret }, ['JPUSH_APP_KEY', 'JPUSH_MASTER_SECRET'], options);
  }
  const batch = appKey && masterSecret ? (options.cidPoolSize ?? 10) : 0;
  return {
    service: 'jpush',
    host,
    options,
    optionNames: { AppKeyAuth: ['appKey', 'masterSecret'], GroupAuth: ['groupKey', 'groupMasterSecret'], DevKeyAuth: ['devKey', 'devSecret'] },
    credentials: {
      AppKeyAuth: [appKey, masterSecret],
      GroupAuth: [groupKey && 'group-' + groupKey, groupSecret],
      DevKeyAuth: [devKey, devSecret],
    },
    pool: batch > 0 ? {
      create: (client, log) =>
        new KeyPool(
          // No caller's signal: one fetch serves every waiting push, so no single caller may cancel it.
          async (type, count) => (await getCidList(client as Client<'jpush'>, { query: { count, type: type as 'push' | 'schedule' } })).cidlist ?? [],
          { batch, ttl: CID_TTL, log },
        ),
      required: options.requireCid ?? false,
    } : undefined,
    // After the cid is in the body (so it travels inside the ciphertext), before it is written: once per call.
    transform: options.encryption && ((op, body) => (op.id === 'push' ? options.encryption!(body as Record<string, unknown>) : undefined)),
  };
};

/** The JPush client: `new JPush({ appKey, masterSecret }).push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } })`. */
export class JPush extends JPushOperations {
  #webhooks: () => JPushWebhooks;
  /** Throws a `JiguangError` when credentials are missing (options, else `JPUSH_APP_KEY` / `JPUSH_MASTER_SECRET` where the runtime has an environment). */
  constructor(options: JPushOptions = {}) {
    super(config(options));
    let webhooks: JPushWebhooks | undefined;
    this.#webhooks = () => (webhooks ??= jpushWebhooks({ appKey: options.appKey, masterSecret: options.masterSecret }));
  }

  /** Verified JPush receipt callbacks for this app (needs `appKey` and `masterSecret`): `await jpush.webhooks.handle(request, (receipts) => …)`. For other limits or receipt dedupe use {@link jpushWebhooks}. */
  get webhooks(): JPushWebhooks {
    return this.#webhooks();
  }

  /**
   * `count` distinct cids from the client's pool (fetched with `getCidList` as needed), e.g. as the keys of
   * a batch single push's `pushlist`. No cid is ever handed out twice.
   */
  takeCids(count: number, type: 'push' | 'schedule' = 'push', options: { signal?: AbortSignal; timeout?: number } = {}): Promise<string[]> {
    return takeCids(this, count, type, options);
  }
}

/** A bare JPush client for the standalone functions: `push(createJPushClient(options), { body })`. */
export const createJPushClient = (options: JPushOptions = {}): Client<'jpush'> => new Client(config(options));

export * from '@jiguang-ts/core';
export * from './bulk.js';
export * from './webhooks.js';
export type { EncryptedPush, PushEncryption } from './encryption.js';
export * from '../../../generated/jpush/operations.gen.js';
export * from '../../../generated/jpush/codes.gen.js';
export { jpushValidators } from '../../../generated/jpush/validators.gen.js';
// hey-api's types.gen.ts also has a `ClientOptions`; the client's options are core's.
export type { ClientOptions } from '@jiguang-ts/core';
export type * from '../../../generated/jpush/api/types.gen.js';
