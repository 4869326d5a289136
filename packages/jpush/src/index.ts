/**
 * `@jiguang-ts/jpush`: the JPush REST API — push, schedules, files, images, devices, tags, aliases,
 * reports and admin. One method per operationId; every operation reaches its own host in either region.
 * @packageDocumentation
 */
import { type ClientOptions, type Methods, Service, defineOperations, env, requireCredentials } from '@jiguang-ts/core';
import { createClient, formDataBodySerializer } from '../../../generated/jpush/api/client/index.js';
import { host, manifest, type Operations } from '../../../generated/jpush/manifest.gen.js';
import { type JPushWebhooks, jpushWebhooks } from './webhooks.js';
import { type PushEncryption, encryptingFetch } from './encryption.js';

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
   * How many cids one `getCidList` call fetches for the pool that makes pushes retry-safe
   * (each call costs push quota; non-VIP apps get at most 10). 0 turns auto-cid off. Default 10.
   */
  cidPoolSize?: number;
  /**
   * Encrypts every `push` body, e.g. `sm2Encryption()` from `@jiguang-ts/jpush/sm2` (sends
   * `X-Encrypt-Type: SM2` and `{ audience, payload }`). Default: none, pushes go as plain JSON.
   */
  encryption?: PushEncryption;
}

// Which cid type each auto-cid operation needs; group operations authenticate without an app key, so none.
const CID_TYPE: Record<string, 'push' | 'schedule'> = { push: 'push', pushByFile: 'push', createSchedule: 'schedule' };
// cids live one day; drop pooled ones well before that.
const CID_TTL = 20 * 3600_000;

/** The JPush client: `new JPush({ appKey, masterSecret }).push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } })`. */
export interface JPush extends Methods<Operations> {}
export class JPush extends Service {
  #webhooks: () => JPushWebhooks;
  constructor(options: JPushOptions = {}) {
    const appKey = options.appKey ?? env('JPUSH_APP_KEY');
    const masterSecret = options.masterSecret ?? env('JPUSH_MASTER_SECRET');
    const groupKey = options.groupKey ?? env('JPUSH_GROUP_KEY');
    const groupSecret = options.groupMasterSecret ?? env('JPUSH_GROUP_MASTER_SECRET');
    const devKey = options.devKey ?? env('JPUSH_DEV_KEY');
    const devSecret = options.devSecret ?? env('JPUSH_DEV_SECRET');
    if (!(groupKey && groupSecret) && !(devKey && devSecret)) {
      requireCredentials('jpush', { appKey, masterSecret }, ['JPUSH_APP_KEY', 'JPUSH_MASTER_SECRET']);
    }
    const size = options.cidPoolSize ?? 10;
    const pools = { push: [] as { cid: string; t: number }[], schedule: [] as { cid: string; t: number }[] };
    const pending: Partial<Record<'push' | 'schedule', Promise<unknown>>> = {};
    super(
      { name: 'jpush', createClient, formData: formDataBodySerializer, manifest, host },
      {
        AppKeyAuth: [appKey, masterSecret],
        GroupAuth: [groupKey && 'group-' + groupKey, groupSecret],
        DevKeyAuth: [devKey, devSecret],
      },
      { ...options, fetch: encryptingFetch(options.encryption, options.fetch) },
      undefined,
      async (id, signal) => {
        const type = CID_TYPE[id];
        if (!type || size <= 0 || !appKey) return undefined;
        const pool = pools[type];
        while (pool.length && Date.now() - pool[0]!.t > CID_TTL) pool.shift();
        if (!pool.length) {
          pending[type] ??= this.getCidList({ query: { count: size, type }, signal, maxRetries: 0 })
            .then((r) => pool.push(...(r.cidlist ?? []).map((cid) => ({ cid, t: Date.now() }))))
            // Without a cid the push still goes out, just without retries.
            .catch(() => undefined)
            .finally(() => delete pending[type]);
          await pending[type];
        }
        return pool.shift()?.cid;
      },
    );
    let webhooks: JPushWebhooks | undefined;
    this.#webhooks = () => (webhooks ??= jpushWebhooks({ appKey, masterSecret }));
  }
  /** Verified JPush receipt callbacks for this app (needs `appKey` and `masterSecret`): `await jpush.webhooks.handle(request, (receipts) => …)`. */
  get webhooks(): JPushWebhooks {
    return this.#webhooks();
  }
}
defineOperations(JPush, manifest);

export * from '@jiguang-ts/core';
// hey-api's types.gen.ts also has a `ClientOptions`; the client's options are core's.
export type { ClientOptions } from '@jiguang-ts/core';
export * from '../../../generated/jpush/codes.gen.js';
export type * from '../../../generated/jpush/api/types.gen.js';
export * from './webhooks.js';
export type { EncryptedPush, PushEncryption } from './encryption.js';
export type { Operations } from '../../../generated/jpush/manifest.gen.js';
