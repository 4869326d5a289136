// JPush contract tests: all 54 operations through the BUILT @jiguang-ts/jpush against Prism (request
// validation on), results compared with the spec's own examples; pushes, multipart, quirks, errors.
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  JPush,
  PermissionDeniedError,
  RateLimitError,
  jPushPushErrorCode,
  jpushValidators,
} from '@jiguang-ts/jpush';
import { assertExample, exampleCall, mockUrl, operations, recorder, successExample } from '../helpers.js';

const rec = recorder('jpush');
const creds = {
  appKey: 'test-app-key',
  masterSecret: 'test-master-secret',
  groupKey: 'test-group',
  groupMasterSecret: 'test-group-secret',
  devKey: 'test-dev-key',
  devSecret: 'test-dev-secret',
};
const jpush = new JPush({ ...creds, baseUrl: mockUrl('jpush'), fetch: rec.fetch, maxRetries: 0 });
// The same client with local validation on: every documented example must also pass the SDK's own checks.
const checked = new JPush({ ...creds, baseUrl: mockUrl('jpush'), fetch: rec.fetch, maxRetries: 0, validate: jpushValidators });
const call = (id: string, opts: object) => (jpush as unknown as Record<string, (o: object) => ReturnType<JPush['listTags']>>)[id]!(opts);

describe('every JPush operation, from the spec examples', () => {
  for (const { id } of operations('jpush')) {
    it(id, async () => {
      const rateLimit = await assertExample(checked, 'jpush', id);
      // JPush sends its rate-limit headers on every response, and the spec says so.
      if (id !== 'createApp' && id !== 'deleteApp' && id !== 'uploadApnsCertificate') {
        expect(rateLimit.remaining).toBeTypeOf('number');
      }
    });
  }
});

describe('push', () => {
  it('push with the documented minimal body → msg_id and sendno', async () => {
    const res = await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } });
    expect(res.msg_id).toBeTypeOf('string');
    expect(res.sendno).toBeTypeOf('string');
  });

  it('a full push object (per-platform notification, message, options) validates against the mock', async () => {
    const res = await jpush.push({
      body: {
        platform: ['android', 'ios'],
        audience: { tag: ['深圳', 'vip'], registration_id: ['160a3797c80f8d3bd55'] },
        notification: {
          alert: 'Hello',
          android: { alert: 'Hi, Android', title: 'Title', builder_id: 1, extras: { k: 'v' } },
          ios: { alert: 'Hi, iOS', sound: 'default', badge: '+1', extras: { k: 'v' } },
        },
        message: { msg_content: 'payload', title: 'msg', extras: { k: 'v' } },
        options: { time_to_live: 60, apns_production: false, sendno: 7 },
      },
    });
    expect(res.msg_id).toBeTypeOf('string');
  });

  it('a push without notification/message/live_activity is rejected by the mock, naming the rule', async () => {
    const err = await jpush.push({ body: { platform: 'all', audience: 'all' } as never }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toMatch(/invalid request: body/);
  });

  it('with retries on, a push gets a pooled cid from getCidList first (retry-safe)', async () => {
    rec.requests.length = 0;
    const client = new JPush({ ...creds, baseUrl: mockUrl('jpush'), fetch: rec.fetch, maxRetries: 2 });
    await client.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } });
    await client.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'again' } } });
    const paths = rec.requests.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);
    expect(paths).toEqual(['GET /v3/push/cid?count=10&type=push', 'POST /v3/push', 'POST /v3/push']);
    const cids = await Promise.all(rec.requests.slice(1).map(async (r) => (await r.json()).cid));
    const pool = successExample('jpush', 'getCidList').body.cidlist;
    expect(cids).toEqual(pool.slice(0, 2));
  });

  it('batch single push returns the per-cid result map', async () => {
    const res = await jpush.batchPushByRegistrationId(exampleCall('jpush', 'batchPushByRegistrationId'));
    expect(Object.keys(res).length).toBeGreaterThan(0);
  });

  it('group push authenticates as group-<GroupKey>', async () => {
    rec.requests.length = 0;
    await jpush.groupPush(exampleCall('jpush', 'groupPush'));
    const auth = rec.requests[0]!.headers.get('authorization')!;
    expect(atob(auth.slice(6))).toBe('group-test-group:test-group-secret');
  });

  it('withdrawPush: 200 with an empty body', async () => {
    const { data, response } = await jpush.withdrawPush({ path: { msg_id: '1828256757' } }).withResponse();
    expect(response.status).toBe(200);
    expect(await response.clone().text()).toBe('');
    expect(data).toBeUndefined();
  });
});

describe('multipart uploads are really multipart', () => {
  for (const [id, fileField] of [
    ['uploadFile', 'filename'],
    ['addImageByFile', 'oppo_file'],
    ['uploadApnsCertificate', 'devCertificateFile'],
  ] as const) {
    it(id, async () => {
      rec.requests.length = 0;
      await call(id, exampleCall('jpush', id));
      const req = rec.requests.at(-1)!;
      expect(req.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
      const form = await req.formData();
      expect(form.get(fileField)).toBeInstanceOf(Blob);
    });
  }
});

describe('documented errors and quirks', () => {
  it('bad auth on push → AuthenticationError 401 with code 1004', async () => {
    const err = await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'x' } }, headers: { Prefer: 'code=401' } }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: 1004, service: 'jpush', operationId: 'push' });
    expect(jPushPushErrorCode[1004]).toMatch(/Authentication failed/);
  });

  it('429 → RateLimitError with code 2002 and the rate-limit headers', async () => {
    const err = await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'x' } }, headers: { Prefer: 'code=429' } }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.code).toBe(2002);
    expect(err.rateLimit.reset).toBeTypeOf('number');
  });

  it('device 401 → code 7004; report 401 → code 3001; admin 401 → 4004/4005', async () => {
    const dev = await jpush.getDevice({ path: { registration_id: 'x' }, headers: { Prefer: 'code=401' } }).catch((e) => e);
    expect(dev).toMatchObject({ status: 401, code: 7004 });
    const rep = await jpush.getReceivedDetail({ query: { msg_ids: '1' }, headers: { Prefer: 'code=401' } }).catch((e) => e);
    expect(rep).toMatchObject({ status: 401, code: 3001 });
    const adm = await jpush.createApp({ body: { app_name: 'a', android_package: 'com.example.a' }, headers: { Prefer: 'code=401' } }).catch((e) => e);
    expect(adm).toBeInstanceOf(AuthenticationError);
    expect([4004, 4005]).toContain(adm.code);
  });

  it('quota endpoint: top-level {code,message} failure body → BadRequestError 1004', async () => {
    const err = await jpush.getVendorQuota({ headers: { Prefer: 'code=400' } }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.code).toBe(1004);
  });

  it('a 403 (VIP-only) → PermissionDeniedError with its code', async () => {
    const err = await jpush.getMessageStatus({ ...exampleCall('jpush', 'getMessageStatus'), headers: { Prefer: 'code=403' } }).catch((e) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err.code).toBeTypeOf('number');
  });
});
