// JSMS contract tests: every operation through the BUILT @jiguang-ts/jsms against Prism (request
// validation on), results compared with the spec's own examples; documented errors as typed errors.
import { describe, expect, it } from 'vitest';
import { AuthenticationError, BadRequestError, JSMS, PermissionDeniedError, jsmsValidators } from '@jiguang-ts/jsms';
import { assertExample, mockUrl, operations, recorder } from '../helpers.js';

const rec = recorder('jsms');
const jsms = new JSMS({ appKey: 'test-app-key', masterSecret: 'test-master-secret', devKey: 'dev-key', devSecret: 'dev-secret', baseUrl: mockUrl('jsms'), fetch: rec.fetch, maxRetries: 0 });
// The same client with local validation on: every documented example must also pass the SDK's own checks.
const checked = new JSMS({ appKey: 'test-app-key', masterSecret: 'test-master-secret', devKey: 'dev-key', devSecret: 'dev-secret', baseUrl: mockUrl('jsms'), fetch: rec.fetch, maxRetries: 0, validate: jsmsValidators });

describe('every JSMS operation, from the spec examples', () => {
  for (const { id } of operations('jsms')) {
    it(id, async () => {
      await assertExample(checked, 'jsms', id);
    });
  }
});

describe('typed calls', () => {
  it('sendCode → msg_id', async () => {
    const res = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
    expect(typeof res.msg_id === 'string' || typeof res.msg_id === 'number').toBe(true);
  });

  it('sendBatchMessage → counts and per-recipient results', async () => {
    const res = await jsms.sendBatchMessage({
      body: { temp_id: 1, recipients: [{ mobile: '13800138000', temp_para: { code: '1234' } }, { mobile: '13800138001' }] },
    });
    expect(res.success_count).toBeTypeOf('number');
    expect(Array.isArray(res.recipients)).toBe(true);
  });

  it('createSign sends multipart/form-data with the image as a file part', async () => {
    rec.requests.length = 0;
    const res = await jsms.createSign({
      body: {
        sign: '极光推送',
        type: 1,
        legalPersonName: '张三',
        legalPersonIdNumber: '110101199003077777',
        socialCreditCode: '91110000600037341L',
        idCardImage: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }),
        businessLicenseImage: new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' }),
      },
    });
    expect(res.sign_id).toBeTypeOf('number');
    const req = rec.requests.at(-1)!;
    expect(req.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await req.formData();
    expect(form.get('sign')).toBe('极光推送');
    expect(form.get('idCardImage')).toBeInstanceOf(Blob);
  });

  it('getReports returns an array of delivery records', async () => {
    const res = await jsms.getReports();
    expect(Array.isArray(res)).toBe(true);
  });
});

describe('documented errors', () => {
  it('bad auth → AuthenticationError 401 with code 50002', async () => {
    const err = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 }, headers: { Prefer: 'code=401' } }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ status: 401, code: 50002, service: 'jsms', operationId: 'sendCode' });
  });

  it('invalid template → PermissionDeniedError 403 with code 50013', async () => {
    const err = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 999 }, headers: { Prefer: 'code=403' } }).catch((e) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(err).toMatchObject({ status: 403, code: 50013 });
  });

  it('missing body field → BadRequestError naming the field', async () => {
    const err = await jsms.sendMessage({ body: { mobile: '13800138000' } as never }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toMatch(/body: .*temp_id/);
  });

  it('1001 recipients → typed APIError naming body.recipients', async () => {
    const recipients = Array.from({ length: 1001 }, (_, i) => ({ mobile: String(13800000000 + i) }));
    const err = await jsms.sendBatchMessage({ body: { temp_id: 1, recipients } }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toMatch(/body\.recipients/);
    expect(err.message).toMatch(/1000/);
  });

  it('voice code with letters → typed APIError naming body.code', async () => {
    const err = await jsms.sendVoiceCode({ body: { mobile: '13800138000', code: '12ab' } }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toMatch(/body\.code/);
  });

  it('400 responses map to BadRequestError', async () => {
    const err = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 }, headers: { Prefer: 'code=400' } }).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.code).toBeTypeOf('number');
  });
});
