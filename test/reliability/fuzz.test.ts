// Property-based tests (fast-check) of everything the client builds from its caller's values or reads
// from the network: reply interpretation (random status, headers and bytes; truncated, malformed and huge
// bodies), served as Response objects through a custom fetch and as raw bytes over real sockets; path and
// query building; redaction. Only the SDK's own error classes may come out, each case is bounded in time,
// and memory stays flat. Each suite prints how many cases ran.
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  Client,
  JiguangError,
  RequestValidationError,
  call,
  type Fetch,
  type Operation,
} from '@jiguang-ts/core';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMiB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** Rejects when `promise` has not settled within `ms`: every case is bounded in time. */
const within = <T>(ms: number, promise: Promise<T>): Promise<T> => {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`case took more than ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
};

/** Settles a call; anything thrown that is not one of the SDK's errors fails the property. */
const settle = async (p: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: JiguangError }> => {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    if (!(e instanceof JiguangError)) throw new Error(`a non-SDK error escaped: ${String(e)}`, { cause: e });
    expect(e.name).toMatch(/Error$/);
    expect(e.message.length).toBeLessThan(600);
    expect(typeof e.mayHaveBeenProcessed).toBe('boolean');
    return { ok: false, error: e };
  }
};

const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2';
const client = (fetch: Fetch | undefined, o: { baseUrl?: string; timeout?: number; maxResponseBytes?: number; secret?: string } = {}) =>
  new Client({
    service: 'jsms',
    host: o.baseUrl ?? 'http://fuzz.invalid',
    credentials: { AppKeyAuth: ['app-key', o.secret ?? SECRET] },
    options: { fetch, baseUrl: o.baseUrl, maxRetries: 0, logLevel: 'off', timeout: o.timeout ?? 2000, maxResponseBytes: o.maxResponseBytes },
  });

// Operation shapes the spec produces: plain JSON, business-code replies, empty success replies, 64-bit IDs.
const operation = fc.record({
  m: fc.constantFrom('GET', 'POST', 'DELETE'),
  e: fc.constantFrom(undefined, 1 as const),
  b: fc.constantFrom(undefined, 1 as const),
  no: fc.constantFrom(undefined, ['msg_id'], ['msg_id', 'id']),
}).map((o): Operation => ({ id: 'fuzzed', p: '/v1/fuzz', s: ['AppKeyAuth'], ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)), m: o.m }));

const utf8 = (s: string) => new TextEncoder().encode(s);
const jsonLike = fc.oneof(
  fc.json().map(utf8),
  fc.json().chain((j) => fc.nat({ max: j.length }).map((n) => utf8(j.slice(0, n)))), // truncated
  fc.record({
    code: fc.oneof(fc.integer(), fc.string(), fc.constant(0), fc.constant(null)),
    message: fc.string(),
    error: fc.option(fc.record({ code: fc.oneof(fc.integer(), fc.string()), message: fc.oneof(fc.string(), fc.integer()) })),
    msg_id: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String), fc.string()),
  }).map((o) => utf8(JSON.stringify(o).replace(/"msg_id":"(\d+)"/, '"msg_id":$1'))),
  fc.uint8Array({ maxLength: 3000 }),
  fc.constant(new Uint8Array()),
  fc.integer({ min: 1, max: 4 }).map((n) => utf8('['.repeat(n * 5000) + ']'.repeat(n * 5000))), // deep nesting
);
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,40}[\x21-\x7e])?$/);
const headers = fc.dictionary(
  fc.constantFrom('content-type', 'content-length', 'retry-after', 'x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset', 'sl-violations', 'x-other'),
  fc.oneof(headerValue, fc.nat().map(String), fc.constant('application/json'), fc.constant('[{"location":["request","body"],"message":"bad"}]')),
  { maxKeys: 5 },
);
const NULL_BODY = new Set([204, 205, 304]);

describe('reply fuzzing', () => {
  let before = 0;
  let responses = 0;
  let sockets = 0;
  beforeAll(() => {
    before = heapMiB();
  });
  afterAll(() => {
    const growth = heapMiB() - before;
    console.log(`reply fuzzing: ${responses + sockets} cases (${responses} Response objects, ${sockets} raw replies over real sockets); heap growth ${growth.toFixed(1)} MiB`);
    expect(growth).toBeLessThan(40);
  });

  it('Response objects through a custom fetch: a typed result or an SDK error, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        operation,
        fc.integer({ min: 200, max: 599 }),
        headers,
        jsonLike,
        fc.option(fc.nat({ max: 4000 }), { nil: undefined }),
        async (op, status, h, body, maxResponseBytes) => {
          responses++;
          const fetch: Fetch = async () => new Response(NULL_BODY.has(status) ? null : body, { status, headers: h });
          const out = await within(5000, settle(call(client(fetch, { maxResponseBytes }), op, op.m === 'POST' ? { body: { a: 1 } } : {})));
          if (out.ok) {
            expect(status).toBeLessThan(300);
          } else if (out.error instanceof APIError) {
            expect(out.error.status).toBe(status);
            if (maxResponseBytes !== undefined && body.length > maxResponseBytes && !NULL_BODY.has(status)) expect(out.error.message).toContain('reply too large');
          } else {
            throw new Error(`unexpected ${out.error.name}: ${out.error.message}`);
          }
        },
      ),
      { numRuns: 600 },
    );
  }, 120_000);

  describe('raw bytes over real sockets', () => {
    // A TCP server that answers each connection with the bytes the case chose, then ends, resets or hangs.
    let plan: { bytes: Buffer; then: 'end' | 'destroy' | 'hang' } = { bytes: Buffer.alloc(0), then: 'end' };
    const open = new Set<Socket>();
    const tcp = createTcpServer((socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {});
      const { bytes, then } = plan;
      let head = '';
      socket.on('data', (d) => {
        head += d.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.removeAllListeners('data');
        socket.write(bytes, () => {
          if (then === 'end') socket.end();
          else if (then === 'destroy') socket.destroy();
        });
      });
    });
    let url = '';
    beforeAll(async () => {
      await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => (open.forEach((s) => s.destroy()), tcp.close(() => r()))));

    const statusLine = fc.oneof(
      fc.integer({ min: 100, max: 999 }).map((s) => `HTTP/1.1 ${s} Fuzz\r\n`),
      fc.constantFrom('HTTP/1.1 200 OK\r\n', 'HTTP/1.0 500 Oops\r\n', 'HTTP/2 200\r\n', 'GARBAGE\r\n', ''),
    );
    const rawHeader = fc.oneof(
      fc.nat({ max: 5000 }).map((n) => `Content-Length: ${n}\r\n`),
      fc.constantFrom('Transfer-Encoding: chunked\r\n', 'Content-Encoding: gzip\r\n', 'Content-Type: application/json\r\n', 'Connection: close\r\n', 'Content-Length: -1\r\n', 'Content-Length: 1, 2\r\n', 'Retry-After: 1\r\n', 'X-Rate-Limit-Reset: 99999\r\n'),
      headerValue.map((v) => `X-Fuzz: ${v}\r\n`),
      fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s + '\r\n'),
    );
    const rawBody = fc.oneof(
      jsonLike,
      fc.array(fc.tuple(fc.nat({ max: 0xfff }), fc.uint8Array({ maxLength: 200 })), { maxLength: 4 }).map((chunks) =>
        utf8(chunks.map(([n, b]) => `${n.toString(16)}\r\n${Buffer.from(b).toString('latin1')}\r\n`).join('') + (chunks.length % 2 ? '0\r\n\r\n' : '')),
      ),
    );

    it('a typed result or an SDK error, never anything else; the connection always settles', async () => {
      await fc.assert(
        fc.asyncProperty(
          operation,
          statusLine,
          fc.array(rawHeader, { maxLength: 5 }),
          rawBody,
          fc.constantFrom('end', 'end', 'end', 'destroy', 'hang') as fc.Arbitrary<'end' | 'destroy' | 'hang'>,
          fc.option(fc.nat({ max: 4000 }), { nil: undefined }),
          async (op, status, hs, body, then, maxResponseBytes) => {
            sockets++;
            plan = { bytes: Buffer.concat([Buffer.from(status + hs.join('') + '\r\n', 'latin1'), body]), then };
            const c = client(undefined, { baseUrl: url, timeout: 400, maxResponseBytes });
            const out = await within(5000, settle(call(c, op, op.m === 'POST' ? { body: { a: 1 } } : {})));
            if (!out.ok) {
              expect(out.error instanceof APIError || out.error instanceof APIConnectionError).toBe(true);
              if (then === 'hang' && out.error instanceof APIConnectionError && !(out.error instanceof APITimeoutError)) {
                // A hanging server can only be left by a timeout or by the runtime refusing the bytes it saw.
                expect(out.error.message).toMatch(/Connection/);
              }
            }
            open.forEach((s) => s.destroy());
          },
        ),
        { numRuns: 150 },
      );
    }, 180_000);
  });
});

describe('path and query fuzzing', () => {
  let cases = 0;
  afterAll(() => console.log(`path/query fuzzing: ${cases} cases`));

  const op: Operation = { id: 'fuzzedPath', m: 'GET', p: '/v3/items/{a}/sub/{b}', s: ['AppKeyAuth'] };
  const value = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('', '.', '..', '/', '../x', './', 'a/../b', '%2e%2e', '%', '?x=1', '#f', '\\', ' ', '\u0000', '\ud800', '\udc00x', 'é/ü', '🚀'),
    fc.integer(),
    fc.double(),
    fc.bigInt(),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.object({ maxDepth: 1 }),
    fc.array(fc.string(), { maxLength: 2 }),
  );
  const scalar = (v: unknown) => ['string', 'number', 'bigint', 'boolean'].includes(typeof v);
  const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

  it('every value is either refused with RequestValidationError naming it, or reaches the server exactly, in its own segment', async () => {
    let seen = '';
    const fetch: Fetch = async (input) => ((seen = input), new Response('{}', { status: 200 }));
    const c = client(fetch, { baseUrl: 'http://127.0.0.1:9' });
    await fc.assert(
      fc.asyncProperty(
        value,
        value,
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.oneof(value, fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.constant(undefined), fc.constant(null)), { maxLength: 3 })), { maxKeys: 4 }),
        async (a, b, query) => {
          cases++;
          seen = '';
          const out = await within(2000, settle(call(c, op, { path: { a, b }, query })));
          const bad = (v: unknown) => v == null || !scalar(v) || ['', '.', '..'].includes(String(v)) || !wellFormed(String(v));
          if (bad(a) || bad(b)) {
            expect(out.ok).toBe(false);
            expect(out.ok || out.error).toBeInstanceOf(RequestValidationError);
            expect((out as unknown as { error: RequestValidationError }).error.path).toBe(bad(a) ? 'path.a' : 'path.b');
            expect(seen).toBe('');
            return;
          }
          const entries = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x] as const));
          const badQuery = entries.find(([k, x]) => x !== undefined && (x === null || !scalar(x) || !wellFormed(String(x)) || !wellFormed(k)));
          if (badQuery) {
            expect(out.ok || out.error).toBeInstanceOf(RequestValidationError);
            expect((out as unknown as { error: RequestValidationError }).error.path).toMatch(/^query\./);
            expect(seen).toBe('');
            return;
          }
          expect(out.ok).toBe(true);
          const url = new URL(seen);
          expect(url.origin).toBe('http://127.0.0.1:9');
          const segments = url.pathname.split('/');
          expect(segments).toHaveLength(6);
          expect(segments.slice(0, 3)).toEqual(['', 'v3', 'items']);
          expect(segments[4]).toBe('sub');
          expect(decodeURIComponent(segments[3]!)).toBe(String(a));
          expect(decodeURIComponent(segments[5]!)).toBe(String(b));
          expect(url.hash).toBe('');
          const expected = entries.filter(([, x]) => x !== undefined).map(([k, x]) => [k, String(x)]);
          expect([...url.searchParams]).toEqual(expected);
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);
});

describe('redaction fuzzing', () => {
  let cases = 0;
  afterAll(() => console.log(`redaction fuzzing: ${cases} cases`));
  const WORD = /[\p{L}\p{N}_]/u;

  // A server answering 400 with the case's text (not JSON): err.body is that text, scrubbed.
  const bodyOf = async (secret: string, text: string) => {
    const fetch: Fetch = async () => new Response(text, { status: 400, headers: { 'content-type': 'text/plain' } });
    const out = await within(2000, settle(call(client(fetch, { secret }), { id: 'fuzzedRedaction', m: 'GET', p: '/v1/x', s: ['AppKeyAuth'] })));
    expect(out.ok).toBe(false);
    return (out as unknown as { error: APIError }).error.body as string | undefined;
  };
  const secretArb = fc.oneof(fc.stringMatching(/^[a-z0-9]{1,24}$/), fc.string({ minLength: 1, maxLength: 24 }));
  const around = fc.string({ maxLength: 30 });

  it('text without the secret comes back unchanged, character for character', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.string({ unit: 'grapheme', maxLength: 200 }), async (secret, text) => {
        fc.pre(text !== '' && !text.includes(secret) && !text.includes(JSON.stringify(secret).slice(1, -1)));
        // Not JSON, so that the body is the text itself.
        fc.pre(!(() => { try { return JSON.parse(text), true; } catch { return false; } })());
        cases++;
        expect(await bodyOf(secret, text)).toBe(text);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('a secret standing alone between non-word characters is replaced, and only it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9]{1,24}$/), around, around, async (secret, a, b) => {
        fc.pre(!a.includes(secret) && !b.includes(secret));
        fc.pre(!(a.at(-1) && WORD.test(a.at(-1)!)) && !(b[0] && WORD.test(b[0])));
        const text = `<${a}${secret}${b}>`;
        cases++;
        expect(await bodyOf(secret, text)).toBe(`<${a}***${b}>`);
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('a secret inside a longer word is left alone, and so is the rest of the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[a-z0-9]{1,24}$/), around, fc.stringMatching(/^[A-Za-z0-9_é]{1,3}$/), fc.boolean(), async (secret, a, glue, front) => {
        // Glued to word characters on one side, separated by "|" from the rest: never a whole token.
        const text = front ? `<${a}|${glue}${secret}|>` : `<|${secret}${glue}|${a}>`;
        fc.pre(!a.includes(secret));
        cases++;
        expect(await bodyOf(secret, text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('whatever the text, no whole-token occurrence of the secret survives', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.array(fc.oneof(around, fc.constant('SECRET')), { maxLength: 8 }), async (secret, parts) => {
        // A secret made of the mask's own characters ("*", "**") is found in every "***": not a leak.
        fc.pre(!'***'.includes(secret));
        const text = '<' + parts.map((p) => (p === 'SECRET' ? secret : p)).join('') + '>';
        cases++;
        const body = (await bodyOf(secret, text))!;
        for (let i = body.indexOf(secret); i >= 0; i = body.indexOf(secret, i + 1)) {
          const before = [...body.slice(0, i)].at(-1);
          const after = [...body.slice(i + secret.length)][0];
          const inWord = (before !== undefined && WORD.test(before) && WORD.test([...secret][0]!)) || (after !== undefined && WORD.test(after) && WORD.test([...secret].at(-1)!));
          expect(inWord, `"${secret}" left standing in ${JSON.stringify(body)}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  }, 60_000);
});
