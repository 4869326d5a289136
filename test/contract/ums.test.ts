// UMS contract tests: all 9 operations through the BUILT @jiguang-ts/ums against Prism (request
// validation on); business codes under HTTP 200 reject; local rules reject before anything is sent.
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  JiguangError,
  RateLimitError,
  RequestValidationError,
  UMS,
  APIError,
  umsCode,
  umsValidators,
} from '@jiguang-ts/ums';
import { assertExample, exampleCall, mockUrl, operations, recorder, successExample } from '../helpers.js';
import { faultServer } from '../fault-server.js';

const rec = recorder('ums');
const creds = { channelKey: 'test-channel-key', masterSecret: 'test-master-secret', accessKey: 'test-access-key' };
// Local validation on: every documented example must also pass the SDK's own checks.
const ums = new UMS({ ...creds, baseUrl: mockUrl('ums'), fetch: rec.fetch, maxRetries: 0, validate: umsValidators });
const userOf = (r: Request) => atob(r.headers.get('authorization')!.slice(6)).split(':')[0];

describe('every UMS operation, from the spec examples', () => {
  for (const { id } of operations('ums')) {
    it(id, async () => {
      await assertExample(ums, 'ums', id);
    });
  }
});

describe('typed sends', () => {
  it('sendTemplateMessage to user IDs → code 0 and a msgid', async () => {
    const res = await ums.sendTemplateMessage({ body: { template_id: 1001, template_para: { name: 'Ada' }, aud_userid: ['user_1'] } });
    expect(res.code).toBe(0);
    expect(typeof (res.msgid ?? res.msgno)).toBe('string');
  });

  it('retractMessage URL-encodes the msgid (it contains colons)', async () => {
    rec.requests.length = 0;
    await ums.retractMessage({ path: { msgid: 'v:1t:1603707455p:27133n:2' } });
    expect(new URL(rec.requests[0]!.url).pathname).toBe('/v1/retract/v%3A1t%3A1603707455p%3A27133n%3A2');
  });

  it('picks the key pair per operation: channel key to send and upsert, access key to delete users', async () => {
    rec.requests.length = 0;
    await ums.upsertUsers(exampleCall('ums', 'upsertUsers'));
    await ums.deleteUsers({ body: ['user_1'] });
    expect(rec.requests.map(userOf)).toEqual(['test-channel-key', 'test-access-key']);
    const noAccess = new UMS({ channelKey: 'c', masterSecret: 's', baseUrl: mockUrl('ums'), fetch: rec.fetch });
    rec.requests.length = 0;
    await expect(noAccess.deleteUsers({ body: ['user_1'] })).rejects.toThrow(/^ums\.deleteUsers needs accessKey; pass them as options or set UMS_ACCESS_KEY\.$/);
    expect(rec.requests).toHaveLength(0);
  });
});

describe('rejected before sending', () => {
  it('a user audience mixed with a custom-channel audience', async () => {
    rec.requests.length = 0;
    const err = await ums
      .sendMessage({
        body: { aud_userid: ['user_1'], aud_sms: [{ data: ['13800138000'] }], msg_sms: [{ temp_id: 1 }] } as never,
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err).toBeInstanceOf(JiguangError);
    expect(err.path).toBe('body');
    expect(err.message).toMatch(/aud_userid.*cannot be mixed/);
    expect(err.mayHaveBeenProcessed).toBe(false);
    expect(rec.requests).toHaveLength(0);
  });

  it('black_id together with white_id', async () => {
    rec.requests.length = 0;
    const err = await ums
      .sendTemplateMessage({ body: { template_id: 1, template_para: {}, aud_userid: ['u'], option: { black_id: 1, white_id: 2 } } as never })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('body.option');
    expect(err.rule).toMatch(/black_id and white_id are mutually exclusive/);
    expect(rec.requests).toHaveLength(0);
  });

  it('the spec states the same rules: the mock rejects a mixed audience sent around the SDK', async () => {
    const res = await fetch(mockUrl('ums') + '/v1/sent', {
      method: 'POST',
      headers: { authorization: 'Basic ' + btoa('c:s'), 'content-type': 'application/json' },
      body: JSON.stringify({ aud_userid: ['u'], aud_sms: [{ data: ['13800138000'] }], msg_sms: [{ temp_id: 1 }] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('sl-violations')).toBeTruthy();
  });
});

describe('business codes', () => {
  it('HTTP 200 with code 1015030 → RateLimitError (status 200), retried since nothing was sent', async () => {
    const before = rec.requests.length;
    const client = new UMS({ ...creds, baseUrl: mockUrl('ums'), fetch: rec.fetch, maxRetries: 1, maxRetryDelay: 5000 });
    const err = await client
      .sendTemplateMessage({ body: { template_id: 1001, template_para: { name: 'Ada' }, aud_userid: ['user_1'] }, headers: { Prefer: 'example=rateLimitedIn200' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 200, code: 1015030, service: 'ums', operationId: 'sendTemplateMessage' });
    expect(rec.requests.length - before).toBe(2);
    expect(umsCode[1015030]).toBeTruthy();
  });

  it('HTTP 200 with broadcast quota code 1015029 → RateLimitError, not retried (daily quota)', async () => {
    const before = rec.requests.length;
    const client = new UMS({ ...creds, baseUrl: mockUrl('ums'), fetch: rec.fetch, maxRetries: 2 });
    const err = await client
      .sendTemplateBroadcast({ ...exampleCall('ums', 'sendTemplateBroadcast'), headers: { Prefer: 'example=broadcastQuotaIn200' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.code).toBe(1015029);
    expect(rec.requests.length - before).toBe(1);
  });

  it('retract of an already retracted message → BadRequestError 1015055', async () => {
    const err = await ums.retractMessage({ path: { msgid: 'v:1' }, headers: { Prefer: 'code=400, example=alreadyRetracted' } }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.code).toBe(1015055);
  });

  it('bad auth → AuthenticationError with code 4005', async () => {
    const err = await ums.getChannelToken({ query: { type: 'wechatoa' }, headers: { Prefer: 'code=401' } }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.code).toBe(4005);
  });

  it('other codes under HTTP 200 are APIErrors too, never a success (seed001 failure body, real server)', async () => {
    const srv = await faultServer({ status: 200, body: { code: 1015031, message: '模板ID不存在' } });
    try {
      const err = await new UMS({ ...creds, baseUrl: srv.url })
        .sendTemplateMessage({ body: { template_id: 1001, template_para: { name: 'Ada' }, aud_userid: ['user_1'] } })
        .catch((e) => e);
      expect(err).toBeInstanceOf(APIError);
      expect(err).not.toBeInstanceOf(RateLimitError);
      expect(err).toMatchObject({ status: 200, code: 1015031 });
      expect(err.message).toContain('模板ID不存在');
      expect(srv.seen).toHaveLength(1);
    } finally {
      await srv.close();
    }
  });

  it('a success spelled with msgno (seed001 example) resolves', async () => {
    const res = await ums.sendTemplateMessage({
      body: { template_id: 1001, template_para: { name: 'Ada' }, aud_userid: ['user_1'] },
      headers: { Prefer: 'example=successMsgno' },
    });
    expect(res.code).toBe(0);
    expect(res.msgno).toBeTypeOf('string');
  });
});
