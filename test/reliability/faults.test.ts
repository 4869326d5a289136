// The fault suite: the built clients against real local HTTP servers (real sockets, no mocked fetch) on a
// bad day — concurrency on the cid pool, stalled and cut-off bodies, malformed replies, errors under
// HTTP 200, huge messages, hostile path values, bad input, 64-bit IDs, missing AbortSignal.any, waits and
// secrets. Every scenario records its outcome; the table is printed at the end.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  InternalServerError,
  JPush,
  JiguangError,
  KeyPool,
  RateLimitError,
  RequestValidationError,
  createJPushClient,
  jpushValidators,
  push,
} from '@jiguang-ts/jpush';
import { JSMS, jsmsValidators } from '@jiguang-ts/jsms';
import { UMS } from '@jiguang-ts/ums';
import { faultServer, type FaultServer, type Seen } from '../fault-server.js';
import { freePort } from '../../scripts/mock.mjs';

const table: [string, string, string][] = [];
let currentClass = '';
/** One scenario: `run` returns a short description of the outcome it asserted. */
const scenario = (name: string, run: () => Promise<string>, timeout?: number) =>
  it(name, async () => {
    const cls = currentClass;
    try {
      table.push([cls, name, await run()]);
    } catch (e) {
      table.push([cls, name, `FAILED: ${(e as Error).message.split('\n')[0]}`]);
      throw e;
    }
  }, timeout);
const group = (name: string, body: () => void) =>
  describe(name, () => {
    beforeAll(() => {
      currentClass = name;
    });
    body();
  });

afterAll(() => {
  const w = [Math.max(...table.map((r) => r[0].length)), Math.max(...table.map((r) => r[1].length))];
  const lines = table.map(([c, n, o]) => `${c.padEnd(w[0]!)} | ${n.padEnd(w[1]!)} | ${o}`);
  process.stdout.write(`\nFault suite: ${table.length} scenarios\n${'class'.padEnd(w[0]!)} | ${'scenario'.padEnd(w[1]!)} | outcome\n${lines.join('\n')}\n\n`);
});

const SECRET = 'sEcReT-master-ünïcødé';
const B64 = Buffer.from(`app-key:${SECRET}`).toString('base64');
const logs: string[] = [];
const logger = { debug: (m: string) => logs.push(m), info: (m: string) => logs.push(m), warn: (m: string) => logs.push('WARN ' + m), error: (m: string) => logs.push(m) };
const PUSH = { platform: 'all', audience: 'all', notification: { alert: 'hi' } } as const;

let srv: FaultServer;
beforeAll(async () => {
  srv = await faultServer();
});
afterAll(() => srv.close());
const reset = () => {
  srv.seen.length = 0;
  srv.handle(undefined);
  logs.length = 0;
};
const jsms = (o: object = {}) => new JSMS({ appKey: 'app-key', masterSecret: SECRET, baseUrl: srv.url, logger, logLevel: 'debug', ...o });
const jpush = (o: object = {}) => new JPush({ appKey: 'app-key', masterSecret: SECRET, baseUrl: srv.url, logger, logLevel: 'debug', ...o });
const ums = (o: object = {}) => new UMS({ channelKey: 'channel', masterSecret: SECRET, baseUrl: srv.url, logger, ...o });
const fail = <T>(p: Promise<T>) => p.then(() => expect.fail('expected a rejection'), (e) => e as JiguangError & Record<string, any>);
const sends = (path: string) => srv.seen.filter((s) => s.method === 'POST' && s.url === path);

/**
 * A JPush server for the cid pool: hands out unique cids (optionally slow or failing), counts pushes per
 * cid, and treats a repeated cid as the API does (answers with the first result, delivers nothing new).
 */
const pushServer = (o: { cidDelay?: number; cidFails?: boolean; cidHangs?: boolean; firstAttempt503?: boolean } = {}) => {
  let next = 0;
  const delivered = new Map<string, number>();
  let withoutCid = 0;
  const attempts = new Map<string, number>();
  srv.handle((req: Seen) => {
    if (req.url.startsWith('/v3/push/cid')) {
      if (o.cidHangs) return 'hang';
      if (o.cidFails) return { status: 500, body: { error: { code: 1000, message: 'cid service down' } } };
      const count = Number(new URL(req.url, 'http://x').searchParams.get('count'));
      const cidlist = Array.from({ length: count }, () => `app-key-${++next}`);
      return { status: 200, body: { cidlist }, delay: o.cidDelay };
    }
    if (req.url === '/v3/push') {
      const cid = JSON.parse(req.body).cid as string | undefined;
      if (!cid) withoutCid++;
      else {
        const n = (attempts.get(cid) ?? 0) + 1;
        attempts.set(cid, n);
        if (n === 1) delivered.set(cid, (delivered.get(cid) ?? 0) + 1);
        if (o.firstAttempt503 && n === 1) return { status: 503, body: { error: { code: 1000, message: 'busy' } } };
      }
      return { status: 200, body: { sendno: '0', msg_id: String(1e15 + srv.seen.length) } };
    }
    return undefined;
  });
  return { delivered, withoutCid: () => withoutCid, cidCalls: () => srv.seen.filter((s) => s.url.startsWith('/v3/push/cid')).length };
};

group('cid pool', () => {
  scenario('120 concurrent pushes each carry their own cid', async () => {
    reset();
    const s = pushServer();
    const client = jpush({ logLevel: 'warn' });
    const results = await Promise.all(Array.from({ length: 120 }, () => client.push({ body: PUSH })));
    expect(results).toHaveLength(120);
    expect(s.withoutCid()).toBe(0);
    expect(s.delivered.size).toBe(120);
    expect([...s.delivered.values()].every((n) => n === 1)).toBe(true);
    expect(s.cidCalls()).toBe(12);
    return `120 distinct cids, ${s.cidCalls()} getCidList calls of 10, each delivered once`;
  });

  scenario('120 concurrent pushes whose first attempt gets 503: retried under the same cid', async () => {
    reset();
    const s = pushServer({ firstAttempt503: true });
    const client = jpush({ logLevel: 'warn', maxRetryDelay: 5000 });
    const results = await Promise.all(Array.from({ length: 120 }, () => client.push({ body: PUSH, maxRetries: 1 })));
    expect(results.every((r) => r.msg_id)).toBe(true);
    expect(sends('/v3/push')).toHaveLength(240);
    expect(s.delivered.size).toBe(120);
    expect([...s.delivered.values()].every((n) => n === 1)).toBe(true);
    return '240 attempts, 120 deliveries, exactly one per cid';
  }, 30_000);

  scenario('a slow cid endpoint is bounded by the push timeout; the push goes out without a cid, with a warning', async () => {
    reset();
    const s = pushServer({ cidDelay: 800 });
    const res = await jpush().push({ body: PUSH, timeout: 200 });
    expect(res.msg_id).toBeTruthy();
    expect(s.withoutCid()).toBe(1);
    expect(logs.some((l) => l.startsWith('WARN') && /without a cid/.test(l))).toBe(true);
    return 'sent without cid after 200 ms wait; warning logged';
  });

  scenario('a hung cid endpoint does not hold a push to the client default (30 s)', async () => {
    reset();
    const s = pushServer({ cidHangs: true });
    const res = await jpush().push({ body: PUSH, timeout: 300 });
    expect(res.msg_id).toBeTruthy();
    expect(s.withoutCid()).toBe(1);
    return 'push sent within its own 300 ms budget, no cid';
  }, 10_000);

  scenario('a failing cid endpoint: fallback send is not retried after a 5xx, and the failure is logged', async () => {
    reset();
    pushServer({ cidFails: true });
    srv.script({ status: 503, body: { error: { code: 1000, message: 'busy' } } });
    const client = jpush({ maxRetries: 2 });
    srv.handle(async (req) => (req.url.startsWith('/v3/push/cid') ? { status: 500, body: { error: { code: 1000, message: 'cid service down' } } } : undefined));
    const err = await fail(client.push({ body: PUSH }));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(sends('/v3/push')).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith('WARN') && /fetching push idempotency keys failed/.test(l)).length).toBeGreaterThan(0);
    return 'InternalServerError, sent once, mayHaveBeenProcessed; cid failure logged';
  }, 20_000);

  scenario('requireCid: no cid → the push fails before anything is sent', async () => {
    reset();
    pushServer({ cidFails: true });
    const err = await fail(jpush({ requireCid: true, maxRetries: 1 }).push({ body: PUSH }));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(sends('/v3/push')).toHaveLength(0);
    return `${err.name} from getCidList; push never sent`;
  }, 20_000);

  scenario("one caller's abort neither cancels the shared cid fetch nor takes others' cids", async () => {
    reset();
    const s = pushServer({ cidDelay: 300 });
    const client = jpush({ logLevel: 'warn' });
    const ac = new AbortController();
    const aborted = client.push({ body: PUSH, signal: ac.signal });
    const others = Array.from({ length: 9 }, () => client.push({ body: PUSH }));
    setTimeout(() => ac.abort(), 50);
    const err = await fail(aborted);
    const ok = await Promise.all(others);
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(err.mayHaveBeenProcessed).toBe(false);
    expect(ok).toHaveLength(9);
    expect(s.withoutCid()).toBe(0);
    expect(s.delivered.size).toBe(9);
    return 'aborted caller: APIUserAbortError, not sent; 9 others sent with distinct cids';
  });

  scenario('takeCids for a batch push and concurrent pushes never share a cid', async () => {
    reset();
    const s = pushServer();
    const client = jpush({ logLevel: 'warn' });
    const [batch, ...rest] = await Promise.all([client.takeCids(25), ...Array.from({ length: 15 }, () => client.push({ body: PUSH }))]);
    const all = [...(batch as string[]), ...s.delivered.keys()];
    expect(rest).toHaveLength(15);
    expect(new Set(all).size).toBe(40);
    return '25 batch cids + 15 push cids, 40 distinct';
  });

  scenario('a cid given by the caller is kept and makes the push retry-safe', async () => {
    reset();
    srv.script({ status: 500, body: { error: { code: 1000, message: 'x' } } }, { status: 200, body: { sendno: '0', msg_id: '1' } });
    await jpush({ maxRetryDelay: 5000 }).push({ body: { ...PUSH, cid: 'my-cid' }, maxRetries: 1 });
    expect(srv.seen.map((s) => JSON.parse(s.body).cid)).toEqual(['my-cid', 'my-cid']);
    return 'no getCidList call; retried with the same cid';
  }, 10_000);

  scenario('pooled keys expire unused after their time to live', async () => {
    let fetched = 0;
    const pool = new KeyPool(async (_p, n) => Array.from({ length: n }, () => `k${++fetched}`), { batch: 3, ttl: 50 });
    const first = await pool.take('push');
    await new Promise((r) => setTimeout(r, 80));
    const second = await pool.take('push');
    expect([first, second]).toEqual(['k1', 'k4']);
    return 'k2, k3 dropped after the TTL; next take fetched k4';
  });
});

group('timeouts', () => {
  scenario('a 2xx send whose body stalls → APITimeoutError, not repeated, may have been processed', async () => {
    reset();
    srv.script({ status: 200, body: { msg_id: '288193860302' }, partial: 5, then: 'hang' });
    const err = await fail(jsms({ timeout: 300 }).sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(APITimeoutError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(srv.seen).toHaveLength(1);
    return 'APITimeoutError after 300 ms; 1 attempt; mayHaveBeenProcessed';
  });

  scenario('a GET whose body stalls is retried and then succeeds', async () => {
    reset();
    srv.script({ status: 200, body: { app_balance: 1 }, partial: 3, then: 'hang' }, { status: 200, body: { app_balance: 7 } });
    const res = await jsms({ timeout: 300 }).getAppBalance();
    expect(res).toEqual({ app_balance: 7 });
    expect(srv.seen).toHaveLength(2);
    return 'timeout on attempt 1, success on attempt 2';
  });

  scenario('headers that never come → APITimeoutError with its cause', async () => {
    reset();
    srv.script('hang');
    const err = await fail(jsms({ timeout: 200, maxRetries: 0 }).getAppBalance());
    expect(err).toBeInstanceOf(APITimeoutError);
    expect(err.cause).toBeDefined();
    return 'APITimeoutError (cause kept)';
  });
});

group('raw errors', () => {
  scenario('connection reset mid-body on a GET → retried (APIConnectionError never escapes)', async () => {
    reset();
    srv.script({ status: 200, body: { app_balance: 1 }, partial: 4, then: 'destroy' }, { status: 200, body: { app_balance: 9 } });
    expect(await jsms().getAppBalance()).toEqual({ app_balance: 9 });
    expect(srv.seen).toHaveLength(2);
    return 'reset on attempt 1, success on attempt 2';
  });

  scenario('connection reset mid-body on a send → APIConnectionError, not repeated', async () => {
    reset();
    srv.script({ status: 200, body: { msg_id: '1' }, partial: 4, then: 'destroy' });
    const err = await fail(jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).not.toBeInstanceOf(APITimeoutError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(srv.seen).toHaveLength(1);
    return 'APIConnectionError ("lost while the response arrived"), mayHaveBeenProcessed';
  });

  scenario('a connection dropped before any answer on a send → APIConnectionError, not repeated', async () => {
    reset();
    srv.script('destroy');
    const err = await fail(jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(srv.seen).toHaveLength(1);
    return 'APIConnectionError, 1 attempt';
  });

  scenario('a non-JSON 2xx body → APIError with status and raw text', async () => {
    reset();
    srv.script({ status: 200, body: '<html>gateway</html>', headers: { 'content-type': 'text/html' } });
    const err = await fail(jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err.constructor).toBe(APIError);
    expect(err.status).toBe(200);
    expect(err.body).toBe('<html>gateway</html>');
    expect(err.mayHaveBeenProcessed).toBe(true);
    return 'APIError 200, body = raw text, mayHaveBeenProcessed';
  });

  scenario('a truncated JSON body (complete response) → APIError, no SyntaxError', async () => {
    reset();
    srv.script({ status: 200, body: '{"msg_id": "12' });
    const err = await fail(jsms().getAppBalance());
    expect(err).toBeInstanceOf(APIError);
    expect(err.message).toMatch(/not JSON/);
    return 'APIError "the reply is not JSON"';
  });

  scenario('an abort while the body arrives → APIUserAbortError', async () => {
    reset();
    srv.script({ status: 200, body: { app_balance: 1 }, partial: 3, then: 'hang' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const err = await fail(jsms({ timeout: 5000 }).getAppBalance({ signal: ac.signal }));
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    return 'APIUserAbortError (no DOMException), mayHaveBeenProcessed';
  });

  scenario('an abort before sending → APIUserAbortError, nothing sent', async () => {
    reset();
    const ac = new AbortController();
    ac.abort();
    const err = await fail(jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 }, signal: ac.signal }));
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(err.mayHaveBeenProcessed).toBe(false);
    expect(srv.seen).toHaveLength(0);
    return 'APIUserAbortError, 0 requests';
  });

  scenario('a circular body → RequestValidationError, nothing sent', async () => {
    reset();
    const body: Record<string, unknown> = { mobile: '13800138000', temp_id: 1 };
    body.self = body;
    const err = await fail(jsms().sendCode({ body: body as never }));
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('body');
    expect(srv.seen).toHaveLength(0);
    return 'RequestValidationError at body (circular)';
  });

  scenario('an invalid header value → RequestValidationError naming the header', async () => {
    reset();
    const err = await fail(jsms().getAppBalance({ headers: { 'X-Trace': 'a\nb' } }));
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('headers.X-Trace');
    expect(srv.seen).toHaveLength(0);
    return 'RequestValidationError at headers.X-Trace';
  });
});

group('errors under HTTP 200', () => {
  scenario('JSMS {"error":{"code":50009}} under 200 → RateLimitError, not retried', async () => {
    reset();
    srv.script({ status: 200, body: { error: { code: 50009, message: 'frequency limit' } } });
    const err = await fail(jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 200, code: 50009, mayHaveBeenProcessed: false });
    expect(srv.seen).toHaveLength(1);
    return 'RateLimitError 200/50009, 1 attempt';
  });

  scenario('JSMS 50201 under 200 (short window) → retried after the wait', async () => {
    reset();
    srv.script({ status: 200, body: { error: { code: 50201, message: 'too fast' } }, headers: { 'retry-after': '0' } }, { status: 200, body: { msg_id: '2' } });
    expect(await jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } })).toEqual({ msg_id: '2' });
    expect(srv.seen).toHaveLength(2);
    return 'refused then sent: 2 attempts';
  });

  scenario('JPush error envelope under 200 on a read → APIError with its code', async () => {
    reset();
    srv.script({ status: 200, body: { error: { code: 7002, message: 'bad' } } });
    const err = await fail(jpush({ maxRetries: 0 }).getDevice({ path: { registration_id: 'r1' } }));
    expect(err).toBeInstanceOf(APIError);
    expect(err.code).toBe(7002);
    return 'APIError 200/7002';
  });

  scenario('a UMS reply without code → APIError, may have been processed', async () => {
    reset();
    srv.script({ status: 200, body: { message: 'ok?' } });
    const err = await fail(ums().sendTemplateMessage({ body: { template_id: 1, template_para: {}, aud_userid: ['u'] } }));
    expect(err).toBeInstanceOf(APIError);
    expect(err.message).toMatch(/no business code/);
    expect(err.mayHaveBeenProcessed).toBe(true);
    return 'APIError "carries no business code"';
  });

  scenario('an empty 200 on a UMS send → APIError, not {}', async () => {
    reset();
    srv.script({ status: 200, body: '' });
    const err = await fail(ums().sendMessage({ body: { aud_userid: ['u'], msg_sms: [{ temp_id: 1 }] } as never }));
    expect(err).toBeInstanceOf(APIError);
    expect(err.message).toMatch(/empty/);
    return 'APIError "the reply is empty"';
  });

  scenario('an empty 200 where the API answers nothing (deleteTag) → undefined', async () => {
    reset();
    srv.script({ status: 200, body: '' });
    expect(await jpush().deleteTag({ path: { tag: 'vip' } })).toBeUndefined();
    return 'resolves undefined';
  });
});

group('bounded text', () => {
  const huge = 'x'.repeat(10 * 1024 * 1024);
  scenario('a 10 MB error message is cut in err.message; err.body keeps it whole', async () => {
    reset();
    srv.script({ status: 400, body: { error: { code: 50001, message: huge } } });
    const err = await fail(jsms().getAppBalance());
    expect(err.message.length).toBeLessThan(600);
    expect(err.body.error.message).toHaveLength(huge.length);
    return `message ${err.message.length} chars; body ${err.body.error.message.length} chars`;
  });

  scenario('retry log lines stay short when the error text is huge', async () => {
    reset();
    srv.script({ status: 503, body: { error: { code: 1, message: huge } }, headers: { 'retry-after': '0' } }, { status: 200, body: { app_balance: 1 } });
    await jsms().getAppBalance();
    const retry = logs.find((l) => /retry 1\/2/.test(l))!;
    expect(retry).toBeDefined();
    expect(Math.max(...logs.map((l) => l.length))).toBeLessThan(700);
    return `longest log line ${Math.max(...logs.map((l) => l.length))} chars`;
  });

  scenario('a 2xx reply past maxResponseBytes → APIError "reply too large", may have been processed, not repeated', async () => {
    reset();
    srv.script({ status: 200, body: { msg_id: 'x'.repeat(5000) } });
    const err = await fail(jsms({ maxResponseBytes: 4096 }).sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err.constructor).toBe(APIError);
    expect(err.message).toMatch(/reply too large/);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(srv.seen).toHaveLength(1);
    return `${err.name} (${err.message.slice(4)}), mayHaveBeenProcessed`;
  });
});

group('safe URLs', () => {
  for (const tag of ['..', '.', '']) {
    scenario(`deleteTag({ tag: ${JSON.stringify(tag)} }) is refused, nothing sent`, async () => {
      reset();
      const err = await fail(jpush().deleteTag({ path: { tag } }));
      expect(err).toBeInstanceOf(RequestValidationError);
      expect(err.path).toBe('path.tag');
      expect(srv.seen).toHaveLength(0);
      return 'RequestValidationError at path.tag';
    });
  }
  scenario('slashes, ? and # in path values are percent-encoded', async () => {
    reset();
    srv.script({ status: 200, body: '' });
    await jpush().deleteTag({ path: { tag: 'a/b?c#d 标签' } });
    expect(srv.seen[0]!.url).toBe('/v3/tags/a%2Fb%3Fc%23d%20%E6%A0%87%E7%AD%BE');
    return srv.seen[0]!.url;
  });
});

group('validation', () => {
  scenario('push() without a body is refused even without validators', async () => {
    reset();
    const err = await fail(jpush().push(undefined as never));
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('body');
    expect(srv.seen).toHaveLength(0);
    return 'RequestValidationError at body; 0 requests';
  });

  const checked = () => jpush({ validate: jpushValidators, maxRetries: 0 });
  scenario('1001 registration IDs → RequestValidationError with the path and the limit', async () => {
    reset();
    const err = await fail(checked().push({ body: { ...PUSH, audience: { registration_id: Array.from({ length: 1001 }, (_, i) => `r${i}`) } } }));
    expect(err).toMatchObject({ path: 'body.audience.registration_id', rule: 'must have at most 1000 items (got 1001)' });
    expect(srv.seen).toHaveLength(0);
    return `${err.path}: ${err.rule}`;
  });

  scenario('a number where a string is required → RequestValidationError', async () => {
    reset();
    const err = await fail(checked().push({ body: { ...PUSH, notification: { alert: 5 as never } } }));
    expect(err).toMatchObject({ path: 'body.notification.alert' });
    return `${err.path}: ${err.rule}`;
  });

  scenario('a tag over 40 bytes UTF-8 (14 CJK characters) → byte limit from the spec', async () => {
    reset();
    const err = await fail(checked().push({ body: { ...PUSH, audience: { tag: ['深'.repeat(14)] } } }));
    expect(err).toMatchObject({ path: 'body.audience.tag[0]', rule: 'must be at most 40 bytes UTF-8 (got 42)' });
    return `${err.path}: ${err.rule}`;
  });

  scenario('a cross-field rule from the spec: live_activity with notification', async () => {
    reset();
    const err = await fail(checked().push({ body: { ...PUSH, live_activity: { ios: { event: 'end', 'content-state': {} } } } as never }));
    expect(err.rule).toBe('live_activity cannot be combined with notification or message');
    return `${err.path}: ${err.rule}`;
  });

  scenario('a BigInt in a body is written as an exact JSON integer, never a string', async () => {
    reset();
    srv.script({ status: 200, body: { sendno: '4294967295', msg_id: '1' } });
    await jpush({ maxRetries: 0 }).push({ body: { ...PUSH, options: { sendno: 4294967295n as never } } });
    expect(srv.seen[0]!.body).toContain('"sendno":4294967295');
    return 'wire: "sendno":4294967295';
  });

  scenario('JSMS: a voice code "12ab" breaks the spec pattern before sending', async () => {
    reset();
    const err = await fail(jsms({ validate: jsmsValidators }).sendVoiceCode({ body: { mobile: '13800138000', code: '12ab' } }));
    expect(err).toMatchObject({ path: 'body.code' });
    expect(srv.seen).toHaveLength(0);
    return `${err.path}: ${err.rule}`;
  });
});

group('64-bit IDs', () => {
  scenario('report numbers beyond 2^53 come out as exact decimal strings', async () => {
    reset();
    srv.script({ status: 200, body: '[{"msg_id":54043195528782545,"android_received":3,"ios_apns_sent":null}]' });
    const res = await jpush().getReceived({ query: { msg_ids: '54043195528782545' } });
    expect(res[0]!.msg_id).toBe('54043195528782545');
    expect(res[0]!.android_received).toBe(3);
    return 'msg_id "54043195528782545" (exact); counters stay numbers';
  });

  scenario('messages/detail with 17-digit IDs in nested arrays', async () => {
    reset();
    srv.script({ status: 200, body: '[{"msg_id": 18100287008546343, "details": {}}, {"msg_id":18100287008546344,"details":{}}]' });
    const res = (await jpush().getMessagesDetail({ query: { msg_ids: '18100287008546343,18100287008546344' } })) as { msg_id: string }[];
    expect(res.map((r) => r.msg_id)).toEqual(['18100287008546343', '18100287008546344']);
    return 'both IDs exact';
  });

  scenario('message status: a decimal-string ID goes out as the exact JSON number', async () => {
    reset();
    srv.script({ status: 200, body: {} });
    await jpush().getMessageStatus({ body: { msg_id: '54043195528782545', registration_ids: ['r1'] } });
    expect(srv.seen[0]!.body).toBe('{"msg_id":54043195528782545,"registration_ids":["r1"]}');
    return 'wire: {"msg_id":54043195528782545,…}';
  });

  scenario('message status: a bigint ID goes out exactly; a rounded number is refused', async () => {
    reset();
    srv.script({ status: 200, body: {} });
    await jpush().getMessageStatus({ body: { msg_id: 54043195528782545n as never, registration_ids: ['r1'] } });
    expect(srv.seen[0]!.body).toContain('"msg_id":54043195528782545,');
    const err = await fail(jpush().getMessageStatus({ body: { msg_id: 54043195528782545 as never, registration_ids: ['r1'] } }));
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('body.msg_id');
    expect(srv.seen).toHaveLength(1);
    return 'bigint exact; unsafe number → RequestValidationError';
  });
});

group('runtimes without AbortSignal.any', () => {
  scenario('calls with a signal work when AbortSignal.any is missing (Vercel edge-runtime)', async () => {
    reset();
    const any = AbortSignal.any;
    (AbortSignal as { any?: unknown }).any = undefined;
    try {
      srv.script({ status: 200, body: { app_balance: 4 } }, 'hang');
      expect(await jsms().getAppBalance({ signal: new AbortController().signal })).toEqual({ app_balance: 4 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const err = await fail(jsms({ maxRetries: 0 }).getAppBalance({ signal: ac.signal }));
      expect(err).toBeInstanceOf(APIUserAbortError);
    } finally {
      AbortSignal.any = any;
    }
    return 'success, then APIUserAbortError, with AbortSignal.any deleted';
  });
});

group('retries and waits', () => {
  scenario('Retry-After (seconds) is honoured on 429', async () => {
    reset();
    srv.script({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 2002, message: 'rate' } } }, { status: 200, body: { msg_id: '3' } });
    const t = Date.now();
    await jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
    const waited = Date.now() - t;
    expect(waited).toBeGreaterThanOrEqual(950);
    return `waited ≥ 1 s (Retry-After: 1), then sent`;
  });

  scenario('X-Rate-Limit-Reset is honoured on a rate-limit answer', async () => {
    reset();
    srv.script({ status: 429, headers: { 'x-rate-limit-reset': '1', 'x-rate-limit-remaining': '0' }, body: { error: { code: 2002, message: 'rate' } } }, { status: 200, body: { msg_id: '3' } });
    const t = Date.now();
    await jpush({ maxRetries: 1 }).push({ body: { ...PUSH, cid: 'c1' } });
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    return 'waited the 1 s reset, then sent';
  });

  scenario('a wait beyond maxRetryDelay fails at once with the reset time', async () => {
    reset();
    srv.script({ status: 429, headers: { 'x-rate-limit-reset': '3600', 'x-rate-limit-remaining': '0' }, body: { error: { code: 2002, message: 'rate' } } });
    const err = await fail(jsms({ maxRetryDelay: 1000 }).sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.rateLimit).toMatchObject({ reset: 3600, remaining: 0 });
    expect(srv.seen).toHaveLength(1);
    return 'RateLimitError with rateLimit.reset = 3600; no wait';
  });

  scenario('an abort during the wait between attempts → APIUserAbortError', async () => {
    reset();
    srv.script({ status: 503, headers: { 'retry-after': '5' }, body: { error: { code: 1, message: 'busy' } } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const err = await fail(jsms().getAppBalance({ signal: ac.signal }));
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(srv.seen).toHaveLength(1);
    return 'APIUserAbortError during the 5 s wait';
  });

  scenario('a send whose connection is refused is retried (it never left)', async () => {
    const port = await freePort();
    let attempts = 0;
    const client = new JSMS({
      appKey: 'a',
      masterSecret: 'b',
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 2,
      fetch: (input, init) => (attempts++, fetch(input, init)),
    });
    const err = await fail(client.sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err.mayHaveBeenProcessed).toBe(false);
    expect(attempts).toBe(3);
    return 'refused ×3, APIConnectionError, mayHaveBeenProcessed false';
  }, 15_000);

  scenario('a send is never repeated after a 5xx', async () => {
    reset();
    srv.script({ status: 502, body: { error: { code: 1, message: 'bad gateway' } } });
    const err = await fail(jsms().sendCode({ body: { mobile: '13800138000', temp_id: 1 } }));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    expect(srv.seen).toHaveLength(1);
    return 'InternalServerError, 1 attempt, mayHaveBeenProcessed';
  });
});

group('secrets', () => {
  const leaks = (e: unknown) => {
    const text = [String(e), (e as Error).message, (e as Error).stack, JSON.stringify(e), inspect(e, { depth: 5 }), ...logs].join('\n');
    return text.includes(SECRET) || text.includes(B64);
  };
  scenario('no secret in message, toString, JSON, util.inspect, stack or log lines (401, reset, timeout)', async () => {
    reset();
    srv.script({ status: 401, body: { error: { code: 50002, message: 'auth failed' } } }, 'destroy', 'hang');
    const client = jsms({ maxRetries: 0, timeout: 200 });
    const errors = [await fail(client.getAppBalance()), await fail(client.getAppBalance()), await fail(client.getAppBalance())];
    expect(errors.map((e) => e.name)).toEqual(['AuthenticationError', 'APIConnectionError', 'APITimeoutError']);
    expect(errors.some(leaks)).toBe(false);
    expect(inspect(client, { depth: 5 })).not.toContain(SECRET);
    expect(JSON.stringify(client)).not.toContain(SECRET);
    return '3 errors and the client checked: no secret';
  });

  scenario('a proxy that echoes the Authorization header: scrubbed from err.message and err.body', async () => {
    reset();
    srv.handle((req) => ({ status: 502, body: { message: `upstream refused ${req.headers.authorization} for ${SECRET}` } }));
    const err = await fail(jsms({ maxRetries: 0 }).getAppBalance());
    expect(leaks(err)).toBe(false);
    expect(err.message).toMatch(/upstream refused Basic \*\*\*/);
    return 'secret and base64 credentials replaced by ***';
  });

  scenario('a 1-character secret ("s") is replaced as a whole token only: the server message keeps every "s"', async () => {
    reset();
    srv.script({ status: 400, body: { is_valid: false, error: { code: 50001, message: 'missing signature, sms status; secret s refused' } } });
    const err = await fail(jsms({ masterSecret: 's', maxRetries: 0 }).getAppBalance());
    expect(err.message).toBe('400 [50001] missing signature, sms status; secret *** refused');
    expect(err.body).toEqual({ is_valid: false, error: { code: 50001, message: 'missing signature, sms status; secret *** refused' } });
    return err.message;
  });
});

group('standalone functions', () => {
  scenario('push(client, options) behaves like the method: cid, retries, errors', async () => {
    reset();
    const s = pushServer({ firstAttempt503: true });
    const client = createJPushClient({ appKey: 'app-key', masterSecret: SECRET, baseUrl: srv.url, maxRetryDelay: 5000, logLevel: 'off' });
    const res = await push(client, { body: PUSH, maxRetries: 1 });
    expect(res.msg_id).toBeTruthy();
    expect(s.delivered.size).toBe(1);
    expect(sends('/v3/push')).toHaveLength(2);
    return 'cid taken, 503 retried under it, delivered once';
  }, 10_000);
});
