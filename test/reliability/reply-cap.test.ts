// The client's reply cap (maxResponseBytes), against a real local server that streams endless or huge
// bodies: the read stops at the cap, the result is an APIError saying so (with mayHaveBeenProcessed
// right for the status), memory stays bounded and the connection is closed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APIError, APITimeoutError, APIUserAbortError, BadRequestError, InternalServerError, JSMS } from '@jiguang-ts/jsms';

type Reply = (req: IncomingMessage, res: ServerResponse) => void;
let reply: Reply;
let url: string;
/** Bytes of body the server managed to write for the last request, and whether its socket has closed. */
let written = 0;
let closed: Promise<void>;
const server = createServer((req, res) => {
  written = 0;
  const socket: Socket = req.socket;
  closed = new Promise((resolve) => socket.once('close', () => resolve()));
  req.resume();
  req.on('end', () => reply(req, res));
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
beforeEach(() => {
  written = 0;
});

const CHUNK = Buffer.alloc(64 * 1024, 'a');
/** Writes chunks for as long as the client reads them, without end (or until `limit` bytes). */
const stream = (status: number, headers: Record<string, string> = {}, limit = Infinity): Reply => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  const pump = () => {
    while (!res.destroyed && written < limit) {
      written += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => {});
  pump();
};
const send = (status: number, body: Buffer | string, headers: Record<string, string> = {}): Reply => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
  written = Buffer.byteLength(body);
  res.end(body);
};

const client = (o: ConstructorParameters<typeof JSMS>[0] = {}) => new JSMS({ appKey: 'app-key', masterSecret: 'a1b2c3d4e5f6a7b8c9d0e1f2', baseUrl: url, maxRetries: 0, logLevel: 'off', ...o });
const sendCode = (c: JSMS, o: object = {}) => c.sendCode({ body: { mobile: '13800138000', temp_id: 1 }, ...o });
/** The error a call must fail with. */
const failure = (c: JSMS, o: object = {}) =>
  sendCode(c, o).then(
    () => expect.fail('the call should have failed'),
    (e: unknown) => e as APIError,
  );
const MiB = 2 ** 20;

/** Runs `fn` while sampling the process's memory; returns its result and the peak growth in MiB. */
const measured = async <T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> => {
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
  try {
    const result = await fn();
    peak = Math.max(peak, used());
    return { result, growth: (peak - base) / MiB };
  } finally {
    clearInterval(timer);
  }
};

describe('reply cap (maxResponseBytes)', () => {
  it('an endless 2xx body stops at the default 32 MiB: APIError, may have been processed, memory bounded, socket closed', async () => {
    reply = stream(200);
    const { result: err, growth } = await measured(() => failure(client({ timeout: 60_000 })));
    expect(err).toBeInstanceOf(APIError);
    expect(err.constructor).toBe(APIError);
    expect(err.status).toBe(200);
    expect(err.message).toBe('200 reply too large: over maxResponseBytes (33554432 bytes), not read');
    expect(err.body).toBeUndefined();
    expect(err.mayHaveBeenProcessed).toBe(true);
    await closed;
    // The server could write the cap plus what the socket buffers held when the client stopped.
    expect(written).toBeGreaterThan(32 * MiB);
    expect(written).toBeLessThan(48 * MiB);
    // Generous bound: the 32 MiB read and its text, far from the endless body.
    expect(growth).toBeLessThan(160);
    console.log(`reply cap: endless body stopped after ${(written / MiB).toFixed(1)} MiB sent, peak memory growth ${growth.toFixed(0)} MiB`);
  }, 60_000);

  it('a Content-Length over the cap fails before the body is read', async () => {
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 ** 12) });
      res.on('error', () => {});
      res.write(CHUNK);
      written = CHUNK.length;
    };
    const err = await failure(client());
    expect(err).toBeInstanceOf(APIError);
    expect(err.message).toContain('reply too large');
    expect(err.mayHaveBeenProcessed).toBe(true);
    await closed;
  });

  it('the cap is exact: a body of maxResponseBytes is read, one byte more is not (client option and per call)', async () => {
    const body = JSON.stringify({ msg_id: 'x'.repeat(1000 - 13) });
    expect(Buffer.byteLength(body)).toBe(1000);
    reply = send(200, body);
    expect(await sendCode(client({ maxResponseBytes: 1000 }))).toEqual({ msg_id: 'x'.repeat(987) });
    expect(await sendCode(client(), { maxResponseBytes: 1000 })).toEqual({ msg_id: 'x'.repeat(987) });
    const over = await failure(client({ maxResponseBytes: 999 }));
    expect(over).toBeInstanceOf(APIError);
    expect(over.message).toContain('over maxResponseBytes (999 bytes)');
    // The per-call value wins over the client's.
    const perCall = await failure(client({ maxResponseBytes: 10_000 }), { maxResponseBytes: 999 });
    expect(perCall.message).toContain('over maxResponseBytes (999 bytes)');
  });

  it('counts bytes, not characters, and decodes UTF-8 split across chunks', async () => {
    const text = JSON.stringify({ msg_id: '极光推送'.repeat(50) });
    const bytes = Buffer.from(text);
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Cut in the middle of a three-byte character, sent as separate chunks.
      res.write(bytes.subarray(0, 14));
      setTimeout(() => res.end(bytes.subarray(14)), 20);
    };
    expect(await sendCode(client({ maxResponseBytes: bytes.length }))).toEqual({ msg_id: '极光推送'.repeat(50) });
    const err = await failure(client({ maxResponseBytes: text.length }));
    expect(err).toBeInstanceOf(APIError);
  });

  it('a 4xx past the cap: BadRequestError, not processed; a 5xx: InternalServerError, may have been processed', async () => {
    reply = stream(400);
    const bad = await failure(client({ maxResponseBytes: MiB }));
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad.mayHaveBeenProcessed).toBe(false);
    await closed;
    reply = stream(503);
    const down = await failure(client({ maxResponseBytes: MiB }));
    expect(down).toBeInstanceOf(InternalServerError);
    expect(down.mayHaveBeenProcessed).toBe(true);
    await closed;
  });

  it('the per-attempt timeout still covers a body that trickles in under the cap', async () => {
    reply = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('error', () => {});
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(' ')), 20);
    };
    const err = await failure(client({ timeout: 300 }));
    expect(err).toBeInstanceOf(APITimeoutError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    await closed;
  });

  it("the caller's signal aborts while a large body arrives, and the connection is closed", async () => {
    reply = stream(200);
    const controller = new AbortController();
    const pending = failure(client({ timeout: 60_000 }), { signal: controller.signal });
    while (written < 4 * MiB) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(err.mayHaveBeenProcessed).toBe(true);
    await closed;
    expect(written).toBeLessThan(32 * MiB);
  });
});
