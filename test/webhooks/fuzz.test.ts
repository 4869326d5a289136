// Property-based tests (fast-check) of callback parsing through the BUILT packages: random methods,
// headers, content types, lengths (true and false), forms (some correctly signed), JSON, random bytes,
// truncated and oversized bodies — through the Web handlers and through nodeHandler on a real
// node:http server. Only the SDK's own errors may escape `unwrap`; `handle` always answers a 2xx/4xx
// Response; every case is bounded in time, and the heap stays flat over a long run.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JiguangError, WebhookVerificationError, jsmsWebhooks, type WebhookHandler } from '@jiguang-ts/jsms';
import { umsWebhooks } from '@jiguang-ts/ums';
import { jpushWebhooks } from '@jiguang-ts/jpush';
import { nodeHandler } from '@jiguang-ts/jsms/node';
import { JPUSH_APP, JSMS_APP, SECRETS, UMS_CHANNEL, jsmsSignature, randomNonce } from './cases.js';

const LIMIT = 4096;
const LONG_RUN = 4000;
const handlers: Record<string, WebhookHandler<unknown>> = {
  jsms: jsmsWebhooks({ ...JSMS_APP, maxBodyBytes: LIMIT }),
  ums: umsWebhooks({ ...UMS_CHANNEL, maxBodyBytes: LIMIT }),
  jpush: jpushWebhooks({ ...JPUSH_APP, maxBodyBytes: LIMIT }),
};
const ANSWERS = [200, 400, 401, 405, 413, 415];
const counts = { web: 0, unwrap: 0, node: 0 };
const statuses: Record<number, number> = {};
let heapGrowth = NaN;

// ---- arbitraries

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('POST', 'GET') },
  { weight: 2, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,8}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m)) },
);
const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(basic(UMS_CHANNEL.channelKey, UMS_CHANNEL.masterSecret), basic(JPUSH_APP.appKey, JPUSH_APP.masterSecret)),
  printable(60).map((s) => 'Basic ' + s),
  printable(60),
);
const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml'),
  printable(40),
);
// Signed forms (a valid signature over a random or current timestamp) reach the type/data parsing.
const form = fc
  .record({
    signed: fc.boolean(),
    timestamp: fc.oneof(fc.constant(undefined), fc.integer({ min: -1e6, max: 1e6 }).map((d) => String(Date.now() + d)), printable(20)),
    type: fc.oneof(fc.constantFrom('SMS_REPORT', 'SMS_REPLY', 'SMS_TEMPLATE', 'SMS_SIGN'), printable(20)),
    data: fc.oneof(fc.json({ maxDepth: 3 }), printable(80)),
    extra: fc.dictionary(printable(10), printable(20), { maxKeys: 3 }),
    omit: fc.subarray(['nonce', 'timestamp', 'signature', 'type', 'data']),
  })
  .map(({ signed, timestamp, type, data, extra, omit }) => {
    const nonce = randomNonce();
    const ts = timestamp ?? String(Date.now());
    const fields: Record<string, string> = { ...extra, nonce, timestamp: ts, signature: signed ? jsmsSignature(nonce, ts) : 'f'.repeat(40), type, data };
    for (const f of omit) delete fields[f];
    return new TextEncoder().encode(new URLSearchParams(fields).toString());
  });
const json = fc.oneof(fc.json({ maxDepth: 4 }), fc.array(fc.object({ maxDepth: 2 }), { maxLength: 20 }).map((a) => JSON.stringify(a))).map((s) => new TextEncoder().encode(s));
const bytes = fc.oneof(form, json, fc.uint8Array({ maxLength: 6000 }), fc.string({ maxLength: 3000 }).map((s) => new TextEncoder().encode(s)));
const body = fc.oneof(
  { weight: 6, arbitrary: bytes.map((b) => ({ bytes: b, stream: 0 })) },
  // Truncated somewhere.
  { weight: 2, arbitrary: fc.tuple(bytes, fc.nat()).map(([b, n]) => ({ bytes: b.slice(0, b.length ? n % b.length : 0), stream: 0 })) },
  // Larger than the limit, streamed in chunks without a length.
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 40 }).map((chunks) => ({ bytes: new Uint8Array(0), stream: chunks })) },
);
const contentLength = fc.oneof(
  { weight: 4, arbitrary: fc.constant('true' as const) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 1e9 }).map(String), printable(12)) },
);
const wire = fc.record({
  service: fc.constantFrom('jsms', 'ums', 'jpush'),
  method,
  query: fc.oneof(fc.constant(''), printable(300).map((s) => '?echostr=' + encodeURIComponent(s)), printable(40).map((s) => '?' + s)),
  authorization,
  contentType,
  contentLength,
  body,
});
type Wire = typeof wire extends fc.Arbitrary<infer T> ? T : never;

const chunked = (n: number) => {
  let left = n;
  return new ReadableStream<Uint8Array>({
    pull: (c) => (left-- > 0 ? c.enqueue(new Uint8Array(1024).fill(0x7b)) : c.close()),
  });
};

/** The Web request of a case, or undefined when the Request constructor itself refuses it (not our code). */
const toRequest = (w: Wire): Request | undefined => {
  const headers: Record<string, string> = {};
  if (w.authorization !== undefined) headers.authorization = w.authorization;
  if (w.contentType !== undefined) headers['content-type'] = w.contentType;
  const hasBody = w.method !== 'GET' && w.method !== 'HEAD';
  if (hasBody && w.contentLength !== undefined) headers['content-length'] = w.contentLength === 'true' ? String(w.body.bytes.length) : w.contentLength;
  try {
    return new Request(`https://callbacks.example/${w.service}${w.query}`, {
      method: w.method,
      headers,
      body: hasBody ? (w.body.stream ? chunked(w.body.stream) : w.body.bytes) : undefined,
      duplex: 'half',
    } as RequestInit);
  } catch {
    return undefined;
  }
};

const bounded = <T>(p: Promise<T>, ms = 2000): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`case took over ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};

const checkAnswer = async (status: number, text: string) => {
  expect(ANSWERS).toContain(status);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text.length).toBeLessThan(1000);
};

// ---- the properties

let gc: () => void;
let server: Server;
let base: URL;
const nodeErrors: unknown[] = [];

beforeAll(async () => {
  setFlagsFromString('--expose_gc');
  gc = runInNewContext('gc') as () => void;
  server = createServer(nodeHandler((r) => handlers[new URL(r.url).pathname.slice(1)]!.handle(r, () => undefined), { maxBodyBytes: LIMIT * 2, onError: (e) => nodeErrors.push(e) }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => {
  console.log(
    `callback fuzzing: ${counts.web + counts.unwrap + counts.node} cases (Web handle ${counts.web}, unwrap ${counts.unwrap}, node:http ${counts.node}); ` +
      `Web answers ${JSON.stringify(statuses)}; heap growth over ${LONG_RUN} cases ${(heapGrowth / 1024).toFixed(0)} KB`,
  );
  return new Promise<void>((r) => server.close(() => r()));
});

describe('callback fuzzing', () => {
  it('Web handle always answers 2xx/4xx, never throws, and the heap stays flat over a long run', async () => {
    const run = (numRuns: number) =>
      fc.assert(
        fc.asyncProperty(wire, async (w) => {
          const request = toRequest(w);
          if (!request) return;
          counts.web++;
          const res = await bounded(handlers[w.service]!.handle(request, () => undefined));
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          await checkAnswer(res.status, await res.text());
        }),
        { numRuns },
      );
    await run(500); // warm up, so that what stays is the steady state
    gc();
    const before = process.memoryUsage().heapUsed;
    await run(LONG_RUN);
    gc();
    const growth = (heapGrowth = process.memoryUsage().heapUsed - before);
    // 4000 cases of up to ~40 KB each went through; a leak of even one body per case would be far above this.
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);

  it('unwrap resolves or rejects with a WebhookVerificationError (a JiguangError) only', async () => {
    await fc.assert(
      fc.asyncProperty(wire, async (w) => {
        const request = toRequest(w);
        if (!request) return;
        counts.unwrap++;
        const outcome = await bounded(handlers[w.service]!.unwrap(request).then(() => undefined, (e: unknown) => e));
        if (outcome !== undefined) {
          expect(outcome).toBeInstanceOf(WebhookVerificationError);
          expect(outcome).toBeInstanceOf(JiguangError);
          expect(ANSWERS).toContain((outcome as WebhookVerificationError).status);
        }
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('nodeHandler on a real node:http server answers 2xx/4xx (never 500) to the same requests', async () => {
    await fc.assert(
      fc.asyncProperty(wire, async (w) => {
        counts.node++;
        const headers: Record<string, string> = {};
        if (w.authorization !== undefined) headers.authorization = w.authorization;
        if (w.contentType !== undefined) headers['content-type'] = w.contentType;
        const payload = w.body.stream ? new Uint8Array(w.body.stream * 1024).fill(0x7b) : w.body.bytes;
        // A false Content-Length would only desynchronise the HTTP framing; Node's client sends the true one or chunks.
        const { status, text } = await bounded(
          new Promise<{ status: number; text: string }>((resolve, reject) => {
            const req = httpRequest(new URL(`/${w.service}${w.query}`, base), { method: w.method, headers, agent: false }, (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (d: string) => (text += d));
              res.on('end', () => resolve({ status: res.statusCode!, text }));
              res.on('error', reject);
            });
            // The server may close the connection while a body is still being sent (answered before reading it).
            req.on('error', (e: NodeJS.ErrnoException) => (payload.length && ['EPIPE', 'ECONNRESET'].includes(e.code ?? '') ? resolve({ status: 0, text: '' }) : reject(e)));
            if (payload.length && w.method !== 'GET' && w.method !== 'HEAD') req.write(payload);
            req.end();
          }),
          5000,
        );
        if (status !== 0) await checkAnswer(status, text);
      }),
      { numRuns: 300 },
    );
    expect(nodeErrors).toEqual([]);
  }, 120_000);
});
