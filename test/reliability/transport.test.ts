// The shared core's transport, proven through the built JSMS client against a real local HTTP server:
// which failures are retried (and which never are), waits, timeouts, aborts, errors, secrets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  JSMS,
  JiguangError,
  PermissionDeniedError,
  RateLimitError,
  jsmsErrorCode,
} from '@jiguang-ts/jsms';
import { faultServer, type FaultServer } from '../fault-server.js';
import { freePort } from '../../scripts/mock.mjs';

const SECRET = 'sEcReT-master-ünïcødé';
let srv: FaultServer;
const lines: string[] = [];
const logger = {
  debug: (m: string) => lines.push(m),
  info: (m: string) => lines.push(m),
  warn: (m: string) => lines.push(m),
  error: (m: string) => lines.push(m),
};
const client = (o: ConstructorParameters<typeof JSMS>[0] = {}) =>
  new JSMS({ appKey: 'app-键', masterSecret: SECRET, baseUrl: srv.url, logger, logLevel: 'debug', ...o });

beforeAll(async () => {
  srv = await faultServer();
});
afterAll(() => srv.close());
afterEach(() => {
  srv.seen.length = 0;
});

describe('retries', () => {
  it('retries an idempotent GET after 503 and succeeds', async () => {
    srv.script({ status: 503, body: { error: { code: 50019, message: 'server error' } } }, { status: 200, body: { app_balance: 5 } });
    const res = await client().getAppBalance();
    expect(res).toEqual({ app_balance: 5 });
    expect(srv.seen.map((s) => s.method + ' ' + s.url)).toEqual(['GET /v1/accounts/app', 'GET /v1/accounts/app']);
  });

  it('never repeats a send (POST) after a 5xx: the server may have acted', async () => {
    srv.script({ status: 500, body: { error: { code: 50019, message: 'server error' } } });
    const err = await client().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.code).toBe(50019);
    expect(srv.seen).toHaveLength(1);
  });

  it('never repeats a send after a timeout', async () => {
    srv.script('hang');
    const err = await client({ timeout: 300 }).sendCode({ body: { mobile: '13800138000', temp_id: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(APITimeoutError);
    expect(err.cause).toBeDefined();
    expect(srv.seen).toHaveLength(1);
  });

  it('never repeats a send after the connection dropped mid-request', async () => {
    srv.script('destroy');
    const err = await client().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).not.toBeInstanceOf(APITimeoutError);
    expect(srv.seen).toHaveLength(1);
  });

  it('retries a send refused with 429 (nothing was done) after Retry-After', async () => {
    srv.script({ status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 2002, message: 'Rate limit exceeded' } } }, { status: 200, body: { msg_id: '288193860302' } });
    const res = await client().sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
    expect(res.msg_id).toBe('288193860302');
    expect(srv.seen).toHaveLength(2);
    expect(srv.seen[0]!.body).toBe(srv.seen[1]!.body);
  });

  it('retries a send whose connection was refused (provably never sent)', async () => {
    const port = await freePort();
    let attempts = 0;
    const jsms = client({
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 2,
      fetch: (input, init) => (attempts++, fetch(input, init)),
    });
    const err = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(attempts).toBe(3);
  });

  it('retries idempotent timeouts up to maxRetries, then throws APITimeoutError', async () => {
    srv.script('hang', 'hang', 'hang');
    const err = await client({ timeout: 200, maxRetries: 2 }).getAppBalance().catch((e) => e);
    expect(err).toBeInstanceOf(APITimeoutError);
    expect(srv.seen).toHaveLength(3);
  });

  it('never repeats a report pull, which hands out each record once (spec: x-jiguang-idempotent: false)', async () => {
    srv.script({ status: 503, body: {} });
    await expect(client().getReports()).rejects.toBeInstanceOf(InternalServerError);
    expect(srv.seen).toHaveLength(1);
  });

  it('per-call maxRetries: 0 disables retries', async () => {
    srv.script({ status: 503, body: {} });
    await expect(client().getAppBalance({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(srv.seen).toHaveLength(1);
  });

  it('fails fast with RateLimitError when the server asks for a wait beyond maxRetryDelay', async () => {
    srv.script({
      status: 429,
      headers: { 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '55' },
      body: { error: { code: 2002, message: 'Rate limit exceeded' } },
    });
    const started = Date.now();
    const err = await client({ maxRetryDelay: 1000 }).getAppBalance().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.rateLimit).toEqual({ limit: 600, remaining: 0, reset: 55 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(srv.seen).toHaveLength(1);
  });

  it('an AbortSignal ends the wait between retries', async () => {
    srv.script({ status: 503, headers: { 'retry-after': '30' }, body: {} });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 200);
    const started = Date.now();
    const err = await client().getAppBalance({ signal: ctl.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an AbortSignal ends an in-flight request', async () => {
    srv.script('hang');
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    await expect(client().getAppBalance({ signal: ctl.signal })).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('errors and responses', () => {
  it('maps status and vendor code to the error ladder', async () => {
    srv.script(
      { status: 401, body: { error: { code: 50002, message: 'auth failed' } } },
      { status: 403, body: { error: { code: 50013, message: 'invalid temp_id' } } },
    );
    const e1 = await client().sendCode({ body: { mobile: '1', temp_id: 1 } }).catch((e) => e);
    expect(e1).toBeInstanceOf(AuthenticationError);
    expect(e1).toBeInstanceOf(JiguangError);
    expect(e1).toMatchObject({ status: 401, code: 50002, service: 'jsms', operationId: 'sendCode' });
    const e2 = await client().sendCode({ body: { mobile: '1', temp_id: 1 } }).catch((e) => e);
    expect(e2).toBeInstanceOf(PermissionDeniedError);
    expect(e2.code).toBe(50013);
    expect(e2.message).toContain('invalid temp_id');
    expect(jsmsErrorCode[50013]).toContain('invalid temp_id');
  });

  it('exposes status, headers and rate limit of every call', async () => {
    srv.script({ status: 200, headers: { 'x-rate-limit-quota': '600', 'x-rate-limit-remaining': '12', 'x-rate-limit-reset': '7' }, body: { app_balance: 1 } });
    const { data, response, rateLimit } = await client().getAppBalance().withResponse();
    expect(data).toEqual({ app_balance: 1 });
    expect(response.status).toBe(200);
    expect(rateLimit).toEqual({ limit: 600, remaining: 12, reset: 7 });
  });

  it('sends UTF-8-safe Basic auth and the JSON body', async () => {
    srv.script({ status: 200, body: { msg_id: '1' } });
    await client().sendCode({ body: { mobile: '13800138000', temp_id: 5 } });
    const auth = srv.seen[0]!.headers.authorization!;
    expect(Buffer.from(auth.replace('Basic ', ''), 'base64').toString('utf8')).toBe(`app-键:${SECRET}`);
    expect(srv.seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(srv.seen[0]!.body)).toEqual({ mobile: '13800138000', temp_id: 5 });
  });

  it('uses the developer key pair only for getDevBalance, and says which is missing', async () => {
    // In option names, never the spec's scheme name (DevKeyAuth).
    await expect(client().getDevBalance()).rejects.toThrow(/^jsms\.getDevBalance needs devKey and devSecret; pass them as options or set JSMS_DEV_KEY and JSMS_DEV_SECRET\.$/);
    expect(srv.seen).toHaveLength(0);
    srv.script({ status: 200, body: { dev_balance: 3 } });
    await client({ devKey: 'dev', devSecret: 'ds' }).getDevBalance();
    expect(srv.seen[0]!.headers.authorization).toBe('Basic ' + Buffer.from('dev:ds').toString('base64'));
  });

  it('never leaks the master secret or the Authorization header into errors or logs', async () => {
    srv.script({ status: 401, body: { error: { code: 50002, message: 'auth failed' } } }, 'destroy');
    lines.length = 0;
    const jsms = client({ maxRetries: 0 });
    const errors = [await jsms.getAppBalance().catch((e) => e), await jsms.getAppBalance().catch((e) => e)];
    const b64 = Buffer.from(`app-键:${SECRET}`).toString('base64');
    for (const e of errors) {
      const text = [e.message, String(e), JSON.stringify(e), e.stack, JSON.stringify(e.body)].join('\n');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(b64);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(b64);
    expect(JSON.stringify(jsms)).not.toContain(SECRET);
  });
});

describe('credentials', () => {
  it('falls back to JSMS_APP_KEY / JSMS_MASTER_SECRET, else names them', async () => {
    expect(() => new JSMS({ baseUrl: srv.url })).toThrow(/JSMS_APP_KEY.*JSMS_MASTER_SECRET/);
    process.env.JSMS_APP_KEY = 'env-app';
    process.env.JSMS_MASTER_SECRET = 'env-secret';
    try {
      srv.script({ status: 200, body: { app_balance: 2 } });
      await new JSMS({ baseUrl: srv.url }).getAppBalance();
      expect(srv.seen[0]!.headers.authorization).toBe('Basic ' + Buffer.from('env-app:env-secret').toString('base64'));
    } finally {
      delete process.env.JSMS_APP_KEY;
      delete process.env.JSMS_MASTER_SECRET;
    }
  });
});
