// Callbacks through the BUILT packages on a real node:http server that uses the documented adapter
// (`@jiguang-ts/<svc>/node`): one route per service, real HTTP requests built by test/webhooks/cases.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JSMS, JiguangError, WebhookVerificationError, jsmsWebhooks, type JsmsCallbackEvent } from '@jiguang-ts/jsms';
import { UMS, type StatusCallbackRecord } from '@jiguang-ts/ums';
import { JPush } from '@jiguang-ts/jpush';
import { nodeHandler } from '@jiguang-ts/jsms/node';
import { JSMS_APP, JSMS_DATA, JPUSH_APP, NONCE, SECRETS, UMS_CHANNEL, cases, comparable, jsmsForm, jsmsSignature, send } from './cases.js';

const jsms = new JSMS({ ...JSMS_APP, maxRetries: 0 });
const ums = new UMS({ ...UMS_CHANNEL, maxRetries: 0 });
const jpush = new JPush({ ...JPUSH_APP, maxRetries: 0 });

let events: unknown[] = [];
let failNext = false;
const errors: unknown[] = [];
const onEvent = (event: unknown) => {
  if (failNext) {
    failNext = false;
    throw new Error('database down');
  }
  events.push(event);
};
const routes: Record<string, (r: Request) => Promise<Response>> = {
  '/jsms': (r) => jsms.webhooks.handle(r, onEvent),
  '/ums': (r) => ums.webhooks.handle(r, onEvent),
  '/jpush': (r) => jpush.webhooks.handle(r, onEvent),
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(
    nodeHandler((request) => routes[new URL(request.url).pathname]!(request), { onError: (e) => errors.push(e) }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  events = [];
  errors.length = 0;
});

describe('callbacks on node:http through nodeHandler', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status}`, async () => {
      const res = await send(base, c.request());
      expect(res.status).toBe(c.status);
      if (c.text !== undefined) expect(res.text).toBe(c.text);
      expect(comparable(events)).toEqual(c.events);
      for (const secret of SECRETS) expect(res.text).not.toContain(secret);
      if (c.status >= 400) expect(res.text).toMatch(/^(jsms|ums|jpush) callback: /);
    });
  }

  it('the echo is plain text that browsers will not sniff', async () => {
    const res = await send(base, { method: 'GET', path: '/jsms?echostr=%3Cscript%3E' });
    expect(res.text).toBe('<script>');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('onEvent throwing answers 500 (so Jiguang delivers again) and reports the error', async () => {
    failNext = true;
    const res = await send(base, jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT)));
    expect(res.status).toBe(500);
    expect(events).toEqual([]);
    expect((errors[0] as Error).message).toBe('database down');
  });

  it('reads a body that express.raw() already consumed (req.body holds the bytes)', async () => {
    const wire = jsmsForm('SMS_REPLY', JSON.stringify(JSMS_DATA.SMS_REPLY));
    const res = { statusCode: 0, headers: {} as Record<string, unknown>, body: new Uint8Array() as Uint8Array, setHeader(n: string, v: unknown) { this.headers[n] = v; }, end(b?: Uint8Array) { this.body = b ?? new Uint8Array(); } };
    const req = { method: 'POST', url: '/jsms', headers: { host: 'example.test', 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(wire.body!), async *[Symbol.asyncIterator]() {} };
    await nodeHandler((r) => jsms.webhooks.handle(r, onEvent))(req, res);
    expect(res.statusCode).toBe(200);
    expect(comparable(events)).toEqual([{ type: 'SMS_REPLY', data: JSMS_DATA.SMS_REPLY }]);
  });
});

describe('unwrap', () => {
  const request = (w: ReturnType<typeof jsmsForm>) => new Request('https://example.test' + w.path, { method: w.method, headers: w.headers, body: w.body });

  it('returns a typed event that narrows on type', async () => {
    const event: JsmsCallbackEvent = await jsms.webhooks.unwrap(request(jsmsForm('SMS_TEMPLATE', JSON.stringify(JSMS_DATA.SMS_TEMPLATE), { nonce: NONCE })));
    expect(event.type).toBe('SMS_TEMPLATE');
    if (event.type === 'SMS_TEMPLATE') expect(event.data.tempId).toBe(57496);
    expect(event.nonce).toBe('-7659972084945889195');
  });

  it('rejects with WebhookVerificationError (a JiguangError) that names the failed check and no secret', async () => {
    const err = await jsms.webhooks.unwrap(request(jsmsForm('SMS_REPORT', '{}', { signature: '0'.repeat(40) }))).catch((e) => e);
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect(err).toBeInstanceOf(JiguangError);
    expect(err.reason).toBe('signature');
    expect(err.status).toBe(401);
    const expected = jsmsSignature('-7659972084945889195', '0');
    for (const text of [err.message, String(err), JSON.stringify(err), err.stack ?? '']) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain(expected);
    }
  });

  it('refuses the GET URL check: it carries no event', async () => {
    const err = await jsms.webhooks.unwrap(new Request('https://example.test/jsms?echostr=abcdefgh')).catch((e) => e);
    expect(err.reason).toBe('method');
    expect(err.message).toContain('handle()');
  });

  it('a body that cannot be read is a WebhookVerificationError, not a raw TypeError', async () => {
    const stream = new ReadableStream({ pull: (c) => c.error(new TypeError('socket hang up')) });
    const r = new Request('https://example.test/ums', { method: 'POST', body: stream, duplex: 'half', headers: { authorization: 'Basic ' + Buffer.from(`${UMS_CHANNEL.channelKey}:${UMS_CHANNEL.masterSecret}`).toString('base64') } } as RequestInit);
    const err = await ums.webhooks.unwrap(r).catch((e) => e);
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect(err.reason).toBe('malformed');
  });

  it('UMS records are typed', async () => {
    const auth = 'Basic ' + Buffer.from(`${UMS_CHANNEL.channelKey}:${UMS_CHANNEL.masterSecret}`).toString('base64');
    const records: StatusCallbackRecord[] = await ums.webhooks.unwrap(new Request('https://example.test/ums', { method: 'POST', headers: { authorization: auth }, body: '[{"type":4,"msgid":"1"}]' }));
    expect(records[0]!.type).toBe(4);
  });
});

describe('replay window', () => {
  it('is configurable: a 1 h window accepts a 30 min old callback that the default refuses', async () => {
    const wire = () => {
      const w = jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { timestamp: Date.now() - 30 * 60_000 });
      return new Request('https://example.test/jsms', { method: 'POST', headers: w.headers, body: w.body });
    };
    const err = await jsms.webhooks.unwrap(wire()).catch((e) => e);
    expect(err.reason).toBe('timestamp');
    expect(err.message).toMatch(/1800 s in the past, outside the 300 s window/);
    const event = await jsmsWebhooks({ ...JSMS_APP, tolerance: 3600_000 }).unwrap(wire());
    expect(event.data).toEqual(JSMS_DATA.SMS_REPORT);
  });

  it('Infinity turns the check off', async () => {
    const w = jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { timestamp: 1492150740274 });
    const event = await jsmsWebhooks({ ...JSMS_APP, tolerance: Infinity }).unwrap(new Request('https://example.test/jsms', { method: 'POST', headers: w.headers, body: w.body }));
    expect(event.timestamp).toBe(1492150740274);
  });
});

describe('credentials', () => {
  it('a JPush client without appKey/masterSecret says so when webhooks are used', () => {
    const group = new JPush({ groupKey: 'g', groupMasterSecret: 's' });
    expect(() => group.webhooks).toThrow(/jpush webhooks: missing appKey, masterSecret/);
  });

  it('the standalone factories fall back to the environment variables', async () => {
    process.env.JSMS_APP_KEY = JSMS_APP.appKey;
    process.env.JSMS_MASTER_SECRET = JSMS_APP.masterSecret;
    try {
      const w = jsmsForm('SMS_SIGN', JSON.stringify(JSMS_DATA.SMS_SIGN));
      const event = await jsmsWebhooks().unwrap(new Request('https://example.test/jsms', { method: 'POST', headers: w.headers, body: w.body }));
      expect(event.type).toBe('SMS_SIGN');
    } finally {
      delete process.env.JSMS_APP_KEY;
      delete process.env.JSMS_MASTER_SECRET;
    }
  });
});
