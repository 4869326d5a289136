// Body limits, content types and methods of the callback handlers, through the BUILT packages: the Web
// handler with streams that count what is pulled from them, and the node adapter on a real node:http
// server with a raw TCP client that keeps sending after the answer.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALLBACK_BYTES, RequestValidationError, WebhookVerificationError } from '@jiguang-ts/core';
import { jsmsWebhooks } from '@jiguang-ts/jsms';
import { umsWebhooks } from '@jiguang-ts/ums';
import { jpushWebhooks } from '@jiguang-ts/jpush';
import { nodeHandler } from '@jiguang-ts/jsms/node';
import { JPUSH_APP, JSMS_APP, JSMS_DATA, UMS_CHANNEL, jsmsForm } from './cases.js';

const UMS_AUTH = 'Basic ' + Buffer.from(`${UMS_CHANNEL.channelKey}:${UMS_CHANNEL.masterSecret}`).toString('base64');
const MiB = 1024 * 1024;

/** A body stream that counts the bytes pulled from it and whether it was cancelled; endless unless `total`. */
const counted = (chunk = 64 * 1024, total = Infinity) => {
  const seen = { pulled: 0, cancelled: false };
  const bytes = new Uint8Array(chunk).fill(0x61);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (seen.pulled >= total) return c.close();
        seen.pulled += chunk;
        c.enqueue(bytes.slice());
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
};
const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('https://example.test' + path, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('Web handler: body limit', () => {
  const ums = umsWebhooks(UMS_CHANNEL);

  it('the default is 1 MiB', () => expect(MAX_CALLBACK_BYTES).toBe(MiB));

  it('a Content-Length over the limit is answered 413 before a byte is read', async () => {
    const { stream, seen } = counted();
    let called = 0;
    const res = await ums.handle(post('/ums', stream, { authorization: UMS_AUTH, 'content-type': 'application/json', 'content-length': String(256 * MiB) }), () => called++);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe(`ums callback: Content-Length ${256 * MiB} is over the ${MiB}-byte limit (maxBodyBytes)`);
    expect(seen.pulled).toBe(0);
    expect(seen.cancelled).toBe(true);
    expect(called).toBe(0);
  });

  it('a body without a length is counted as it streams and cancelled right past the limit', async () => {
    const { stream, seen } = counted();
    const res = await ums.handle(post('/ums', stream, { authorization: UMS_AUTH }), () => undefined);
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/^ums callback: the body passed the 1048576-byte limit \(maxBodyBytes\)$/);
    expect(seen.cancelled).toBe(true);
    // Read up to the limit and one chunk more, never further (the stream is endless).
    expect(seen.pulled).toBeGreaterThan(MiB);
    expect(seen.pulled).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
  });

  it('unwrap rejects with a WebhookVerificationError of reason size and status 413', async () => {
    const err = await jpushWebhooks({ ...JPUSH_APP, maxBodyBytes: 100 })
      .unwrap(post('/jpush', '[' + ' '.repeat(200) + ']', { authorization: 'Basic ' + Buffer.from(`${JPUSH_APP.appKey}:${JPUSH_APP.masterSecret}`).toString('base64') }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect([err.reason, err.status]).toEqual(['size', 413]);
  });

  it('maxBodyBytes is exact: a body of exactly the limit passes, one byte more is 413', async () => {
    const records = JSON.stringify([{ type: 4, msgid: '1' }]);
    const at = (n: number) => records + ' '.repeat(n - records.length);
    const small = umsWebhooks({ ...UMS_CHANNEL, maxBodyBytes: 1000 });
    const got: unknown[] = [];
    expect((await small.handle(post('/ums', at(1000), { authorization: UMS_AUTH }), (r) => got.push(r))).status).toBe(200);
    expect((await small.handle(post('/ums', at(1001), { authorization: UMS_AUTH }), (r) => got.push(r))).status).toBe(413);
    expect(got).toEqual([[{ type: 4, msgid: '1' }]]);
  });

  it('JSMS forms are bounded too (maxBodyBytes on jsmsWebhooks)', async () => {
    const w = jsmsForm('SMS_REPLY', JSON.stringify({ ...JSMS_DATA.SMS_REPLY, content: 'x'.repeat(5000) }));
    const res = await jsmsWebhooks({ ...JSMS_APP, maxBodyBytes: 4096 }).handle(post('/jsms', w.body!, w.headers), () => undefined);
    expect(res.status).toBe(413);
    const ok = await jsmsWebhooks(JSMS_APP).handle(post('/jsms', w.body!, w.headers), () => undefined);
    expect(ok.status).toBe(200);
  });
});

describe('Web handler: content types and methods', () => {
  const jsms = jsmsWebhooks({ ...JSMS_APP, replayStore: false });
  const ums = umsWebhooks(UMS_CHANNEL);
  const form = () => jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT));

  it.each([
    ['multipart/form-data; boundary=x', 'jsms callback: Content-Type "multipart/form-data; boundary=x" is not what Jiguang sends (application/x-www-form-urlencoded)'],
    ['application/json', 'jsms callback: Content-Type "application/json" is not what Jiguang sends (application/x-www-form-urlencoded)'],
  ])('JSMS refuses %s with 415 and says what it expects', async (type, message) => {
    const res = await jsms.handle(post('/jsms', form().body!, { 'content-type': type }), () => undefined);
    expect(res.status).toBe(415);
    expect(await res.text()).toBe(message);
  });

  it('JSMS accepts a form without a Content-Type', async () => {
    const res = await jsms.handle(new Request('https://example.test/jsms', { method: 'POST', body: new TextEncoder().encode(form().body!) }), () => undefined);
    expect(res.status).toBe(200);
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data', 'image/png'])('UMS refuses %s with 415', async (type) => {
    const res = await ums.handle(post('/ums', '[]', { authorization: UMS_AUTH, 'content-type': type }), () => undefined);
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/^ums callback: Content-Type ".*" is not what Jiguang sends \(application\/json\)$/);
  });

  it.each(['application/json; charset=utf-8', 'application/vnd.api+json', 'text/plain;charset=UTF-8'])('UMS accepts %s', async (type) => {
    expect((await ums.handle(post('/ums', '[{"type":4}]', { authorization: UMS_AUTH, 'content-type': type }), () => undefined)).status).toBe(200);
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])('%s is answered 405 with Allow: GET, POST', async (method) => {
    const res = await ums.handle(new Request('https://example.test/ums', { method, headers: { authorization: UMS_AUTH } }), () => undefined);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});

// ---- node adapter on a real server

interface Flood {
  status: number;
  head: string;
  /** Bytes the client managed to hand to its socket before the server closed the connection. */
  sent: number;
  /** The server closed the connection (the client did not stop on its own). */
  closedByServer: boolean;
}

/**
 * Sends `head` and then body bytes as fast as the socket takes them, up to `max`, reading the answer
 * meanwhile. Stops when the server closes the connection, or after `max` bytes plus a grace period.
 */
const flood = (port: number, head: string, max = 256 * MiB, chunked = false): Promise<Flood> =>
  new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const frame = chunked ? Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n')]) : chunk;
    const finish = () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      resolve({ status: m ? Number(m[1]) : 0, head: answer.split('\r\n\r\n')[0]!, sent, closedByServer: closed });
    };
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = sent < max;
      finish();
    });
    const pump = () => {
      while (!socket.destroyed && sent < max) {
        sent += chunk.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      // Sent everything without being cut off: give the server a moment, then give up.
      if (!socket.destroyed) setTimeout(() => socket.destroy(), 1000);
    };
    socket.write(head, pump);
  });

describe('node adapter: a sender that keeps sending is cut off', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  let called = 0;
  const jsms = jsmsWebhooks(JSMS_APP);
  const ums = umsWebhooks(UMS_CHANNEL);
  const small = umsWebhooks({ ...UMS_CHANNEL, maxBodyBytes: 10_000 });
  const routes: Record<string, (r: Request) => Promise<Response>> = {
    '/jsms': (r) => jsms.handle(r, () => void called++),
    '/ums': (r) => ums.handle(r, () => void called++),
    '/ums-small': (r) => small.handle(r, () => void called++),
    // A handler of the user's own that reads the whole body: the adapter's limit still holds.
    '/raw': async (r) => new Response(String((await r.arrayBuffer()).byteLength)),
  };
  beforeAll(async () => {
    server = createServer(nodeHandler((r) => routes[new URL(r.url).pathname]!(r), { onError: () => undefined }));
    server.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const readByServer = () => sockets.at(-1)!.bytesRead;

  it('Content-Length 256 MB (unsigned JSMS): 413 at once, Connection: close, the server reads almost nothing', async () => {
    const r = await flood(port, `POST /jsms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${256 * MiB}\r\n\r\n`);
    expect(r.status).toBe(413);
    expect(r.head).toMatch(/\r\nconnection: close/i);
    expect(r.closedByServer).toBe(true);
    expect(readByServer()).toBeLessThan(4 * MiB);
    expect(called).toBe(0);
  }, 30_000);

  it('chunked, no length (unsigned JSMS): 413 once 1 MiB has passed, then the connection is closed', async () => {
    const r = await flood(port, 'POST /jsms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n', 256 * MiB, true);
    expect(r.status).toBe(413);
    expect(r.head).toMatch(/\r\nconnection: close/i);
    expect(r.closedByServer).toBe(true);
    expect(readByServer()).toBeGreaterThan(MiB);
    expect(readByServer()).toBeLessThan(4 * MiB);
  }, 30_000);

  it('the handler’s own smaller limit answers first (413 from the handler, connection closed)', async () => {
    const r = await flood(port, `POST /ums-small HTTP/1.1\r\nHost: x\r\nAuthorization: ${UMS_AUTH}\r\nTransfer-Encoding: chunked\r\n\r\n`, 256 * MiB, true);
    expect(r.status).toBe(413);
    expect(r.closedByServer).toBe(true);
    expect(readByServer()).toBeLessThan(2 * MiB);
  }, 30_000);

  it('an answer given before the body is read (401, no credentials) also closes the connection', async () => {
    const r = await flood(port, 'POST /ums HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', 256 * MiB, true);
    expect(r.status).toBe(401);
    expect(r.head).toMatch(/\r\nconnection: close/i);
    expect(r.closedByServer).toBe(true);
    expect(readByServer()).toBeLessThan(4 * MiB);
  }, 30_000);

  it('a handler of your own that reads the whole body is still bounded by the adapter (maxBodyBytes of nodeHandler)', async () => {
    const r = await flood(port, 'POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', 256 * MiB, true);
    expect(r.status).toBe(413);
    expect(r.closedByServer).toBe(true);
    expect(readByServer()).toBeLessThan(4 * MiB);
  }, 30_000);

  it('a normal callback keeps the connection open (no Connection: close)', async () => {
    const w = jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT));
    const res = await fetch(`http://127.0.0.1:${port}/jsms`, { method: 'POST', headers: w.headers, body: w.body });
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).not.toBe('close');
  });
});

describe('options are checked when a handler is made', () => {
  it.each([0, -1, Number.NaN, '1mb' as unknown as number])('maxBodyBytes %s is a RequestValidationError naming the option', (maxBodyBytes) => {
    for (const make of [() => umsWebhooks({ ...UMS_CHANNEL, maxBodyBytes }), () => jpushWebhooks({ ...JPUSH_APP, maxBodyBytes }), () => jsmsWebhooks({ ...JSMS_APP, maxBodyBytes })]) {
      expect(make).toThrow(RequestValidationError);
      expect(make).toThrow(/^maxBodyBytes: must be a positive number, got /);
    }
  });

  it('a negative tolerance is refused; Infinity is allowed (the timestamp check off)', () => {
    expect(() => jsmsWebhooks({ ...JSMS_APP, tolerance: -5 })).toThrow(/^tolerance: must be a positive number, got -5$/);
    expect(() => jsmsWebhooks({ ...JSMS_APP, tolerance: Infinity })).not.toThrow();
  });
});
