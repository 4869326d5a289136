// ky as the client's `fetch`, exactly as the guide shows it ("Your own fetch: ky hooks, tracing, logging"):
// ky's retry, timeout and HTTP errors off, its hooks on. Against a real local server, the hooks see every
// attempt while retries, timeouts and error classes stay the SDK's: a 500 on a read is retried by the SDK
// (ky's beforeRetry never fires), a 429 is a RateLimitError, a stalled body is an APITimeoutError, and a
// send answered 500 goes out once.
import ky, { type KyInstance } from 'ky';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APITimeoutError, InternalServerError, JSMS, RateLimitError } from '@jiguang-ts/jsms';
import { faultServer, type FaultServer } from '../fault-server.js';

let srv: FaultServer;
let hooks: { before: string[]; after: number[]; retries: number };
let http: KyInstance;

beforeAll(async () => {
  srv = await faultServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.seen.length = 0;
  hooks = { before: [], after: [], retries: 0 };
  // The guide's configuration; the hooks record instead of logging.
  http = ky.create({
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    hooks: {
      beforeRequest: [(request) => void hooks.before.push(`${request.method} ${new URL(request.url).pathname}`)],
      afterResponse: [(_request, _options, response) => void hooks.after.push(response.status)],
      beforeRetry: [() => void hooks.retries++],
    },
  });
});

const client = (o: Partial<ConstructorParameters<typeof JSMS>[0]> = {}) =>
  new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: srv.url, logLevel: 'off', fetch: (input, init) => http(input, init), ...o });

describe('ky as the fetch of a client', () => {
  it('hooks fire for a call, which resolves to the typed body', async () => {
    srv.script({ status: 200, body: { amount: 120 } });
    await expect(client().getAppBalance()).resolves.toEqual({ amount: 120 });
    expect(hooks.before).toEqual(['GET /v1/accounts/app']);
    expect(hooks.after).toEqual([200]);
    // The SDK's Authorization header went through ky untouched.
    expect(srv.seen[0]!.headers.authorization).toBe(`Basic ${btoa('k:s')}`);
  });

  it('a 500 on a read is retried by the SDK, not by ky: every attempt passes the hooks', async () => {
    srv.script({ status: 500, body: { error: { code: 1, message: 'boom' } } }, { status: 200, body: { amount: 7 } });
    await expect(client({ maxRetries: 2 }).getAppBalance()).resolves.toEqual({ amount: 7 });
    expect(srv.seen.length).toBe(2);
    expect(hooks.after).toEqual([500, 200]);
    expect(hooks.retries).toBe(0);
  });

  it('a 429 is a RateLimitError with its code (ky throws no HTTPError)', async () => {
    srv.script({ status: 429, body: { error: { code: 50201, message: 'too fast' } } });
    const err = await client({ maxRetries: 0 }).getAppBalance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).code).toBe(50201);
    expect(hooks.after).toEqual([429]);
  });

  it("a body that stalls after the headers is the SDK's APITimeoutError (ky's own timeout would stop at the headers)", async () => {
    srv.script({ status: 200, body: { amount: 123456789 }, partial: 5, then: 'hang' });
    const err = await client({ maxRetries: 0, timeout: 300 }).getAppBalance().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APITimeoutError);
    expect(hooks.after).toEqual([200]);
  }, 10_000);

  it('a send answered 500 goes out once: neither ky nor the SDK repeats it', async () => {
    srv.script({ status: 500, body: { error: { code: 1, message: 'boom' } } });
    const err = await client({ maxRetries: 2 })
      .sendCode({ body: { mobile: '13800138000', temp_id: 1 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).mayHaveBeenProcessed).toBe(true);
    expect(srv.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /v1/codes']);
    expect(hooks.retries).toBe(0);
  });

  it('with ky left at its defaults, ky would retry the read on its own, underneath the SDK', async () => {
    // The reason for `retry: 0`: the same 500 then reaches the server once per ky retry, hidden from the SDK.
    srv.script({ status: 500, body: {} }, { status: 200, body: { amount: 1 } });
    const defaults = ky.create({ retry: { limit: 1, delay: () => 0 } });
    const jsms = new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: srv.url, logLevel: 'off', maxRetries: 0, fetch: (input, init) => defaults(input, init) });
    await expect(jsms.getAppBalance()).resolves.toEqual({ amount: 1 });
    expect(srv.seen.length).toBe(2);
  });
});
