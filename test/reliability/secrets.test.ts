// Where the credentials live and what redaction does, proven on the built packages against a real local
// server: no inspection of a client (util.inspect with showHidden, console.dir, Deno.inspect, JSON) or of
// an error reaches a secret; redaction replaces the exact credentials as whole tokens and nothing else.
import { execFile } from 'node:child_process';
import { Console } from 'node:console';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BadRequestError, InternalServerError, JSMS, createJSMSClient, jsmsWebhooks } from '@jiguang-ts/jsms';
import { JPush, createJPushClient } from '@jiguang-ts/jpush';
import { UMS } from '@jiguang-ts/ums';
import { faultServer, type FaultServer } from '../fault-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LONG = 'a1b2c3d4e5f6a7b8c9d0e1f2'; // 24 characters, like a real master secret
const GROUP = 'f0e1d2c3b4a5f6e7d8c9b0a1';
const DEV = 'dev-secret-0123456789abc';
const b64 = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');
/** Every string a client built from these credentials must never show. */
const FORBIDDEN = [LONG, GROUP, DEV, b64('app-key', LONG), b64('group-gk', GROUP), b64('dev-key', DEV)];

// A fresh server per test: every test scripts its own answers.
let srv: FaultServer;
beforeEach(async () => {
  srv = await faultServer();
});
afterEach(() => srv.close());

const lines: string[] = [];
const logger = { debug: (m: string) => lines.push(m), info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };

const everyView = (value: unknown): string => {
  let dir = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((dir += chunk), done()) });
  new Console({ stdout: sink, stderr: sink }).dir(value, { showHidden: true, depth: Infinity });
  return [
    inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    inspect(value, { depth: Infinity }),
    dir,
    JSON.stringify(value) ?? '',
    String(value),
  ].join('\n');
};
const leaked = (text: string) => FORBIDDEN.filter((s) => text.includes(s));

describe('secrets are unreachable by inspection', () => {
  const clients = () => {
    const options = { baseUrl: srv.url, logger, logLevel: 'debug' as const, maxRetries: 0 };
    const jpush = new JPush({ appKey: 'app-key', masterSecret: LONG, groupKey: 'gk', groupMasterSecret: GROUP, devKey: 'dev-key', devSecret: DEV, ...options });
    void jpush.webhooks; // built lazily: inspect it too
    return {
      jpush,
      jsms: new JSMS({ appKey: 'app-key', masterSecret: LONG, devKey: 'dev-key', devSecret: DEV, ...options }),
      ums: new UMS({ channelKey: 'app-key', masterSecret: LONG, ...options }),
      standaloneJSMS: createJSMSClient({ appKey: 'app-key', masterSecret: LONG, ...options }),
      standaloneJPush: createJPushClient({ appKey: 'app-key', masterSecret: LONG, ...options }),
      webhooks: jsmsWebhooks({ appKey: 'app-key', masterSecret: LONG }),
    };
  };

  it('util.inspect (showHidden, getters), console.dir, JSON.stringify and String of every client show no credential', async () => {
    const all = clients();
    // Exercise the client first, so every lazily built part (cid pool, webhooks) exists.
    srv.script({ status: 200, body: { cidlist: ['c1', 'c2'] } }, { status: 200, body: { msg_id: '1', sendno: '0' } });
    await all.jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'hi' } }, maxRetries: 1 });
    expect(srv.seen.map((s) => s.url.split('?')[0])).toEqual(['/v3/push/cid', '/v3/push']);
    for (const [name, value] of Object.entries(all)) {
      const text = everyView(value);
      expect(text.length, name).toBeGreaterThan(20);
      expect(leaked(text), name).toEqual([]);
    }
    // The non-secret configuration stays where the service packages read it.
    expect(all.jpush._r.timeout).toBe(30_000);
    expect(all.jpush._r.pool).toBeDefined();
    expect(all.jsms._r.maxResponseBytes).toBe(32 * 2 ** 20);
  });

  it('the client still authenticates with the credentials it no longer shows', async () => {
    const { jpush } = clients();
    srv.script({ status: 200, body: { tags: [] } });
    await jpush.getDevice({ path: { registration_id: 'r1' } });
    expect(srv.seen.at(-1)!.headers.authorization).toBe('Basic ' + b64('app-key', LONG));
  });

  it("errors (server, connection, timeout) hold no credential in their fields, stack, cause or JSON", async () => {
    const { jsms } = clients();
    srv.script(
      { status: 502, body: { message: 'upstream refused' } },
      'destroy',
      'hang',
      { status: 400, body: { error: { code: 50001, message: 'bad' } } },
    );
    const errors = [];
    for (const timeout of [5000, 5000, 200, 5000]) errors.push(await jsms.getAppBalance({ timeout }).catch((e: unknown) => e));
    expect(errors.map((e) => (e as Error).name)).toEqual(['InternalServerError', 'APIConnectionError', 'APITimeoutError', 'BadRequestError']);
    for (const e of errors) {
      const err = e as Error & Record<string, unknown>;
      const text = [everyView(err), err.stack, everyView(err.cause), everyView(Object.getOwnPropertyDescriptors(err))].join('\n');
      expect(leaked(text)).toEqual([]);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(leaked(lines.join('\n'))).toEqual([]);
  });

  it('Deno.inspect (showHidden, getters) of the built clients shows no credential', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jiguang-deno-inspect-'));
    try {
      // The script sits in the repository so that Deno resolves @jiguang-ts/* through its node_modules (the built packages).
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          path.join(ROOT, 'node_modules', '.bin', 'deno'),
          ['run', '--no-prompt', '--node-modules-dir=manual', '--allow-read', '--allow-env', path.join(import.meta.dirname, 'inspect-deno.mjs'), LONG, GROUP, DEV],
          { cwd: ROOT, env: { ...process.env, DENO_DIR: path.join(dir, 'cache'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }, timeout: 60_000 },
          (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
        ),
      );
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as { runtime: string; texts: string[] };
      expect(result.runtime).toMatch(/^deno \d/);
      expect(result.texts).toHaveLength(6);
      expect(result.texts.join('\n')).toContain('maxResponseBytes');
      expect(leaked(result.texts.join('\n'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('redaction replaces the exact credentials and nothing else', () => {
  // A server message full of the letter "s", a word holding the long secret, and the secret alone.
  const serverBody = (secret: string) => ({
    is_valid: false,
    error: { code: 50001, message: `missing signature, sms status; key ${secret} was refused; see docs` },
    echo: `Basic ${b64('app-key', secret)}`,
    quoted: `"${secret}"`,
    inside: `x${secret}y`,
    list: ['sss', secret, 'sms'],
    count: 3,
  });

  for (const secret of ['s', LONG]) {
    it(`${secret.length}-character secret: message, body, toString, JSON and log lines keep every other character`, async () => {
      lines.length = 0;
      const client = new JSMS({ appKey: 'app-key', masterSecret: secret, baseUrl: srv.url, logger, logLevel: 'debug', maxRetries: 1 });
      // A 503 first (retried and logged with the server's message), then a 400.
      srv.script({ status: 503, headers: { 'retry-after': '0' }, body: serverBody(secret) }, { status: 400, body: serverBody(secret) });
      const err = (await client.getAppBalance().catch((e: unknown) => e)) as BadRequestError;
      expect(err).toBeInstanceOf(BadRequestError);
      expect(err.code).toBe(50001);
      expect(err.message).toBe('400 [50001] missing signature, sms status; key *** was refused; see docs');
      expect(err.body).toEqual({
        is_valid: false,
        error: { code: 50001, message: 'missing signature, sms status; key *** was refused; see docs' },
        echo: 'Basic ***',
        quoted: '"***"',
        // Not a whole token: part of another word, left alone.
        inside: `x${secret}y`,
        list: ['sss', '***', 'sms'],
        count: 3,
      });
      expect(String(err)).toBe(`BadRequestError: ${err.message}`);
      const json = JSON.stringify(err);
      expect(json).toContain('missing signature, sms status; key *** was refused');
      expect(json).not.toContain(b64('app-key', secret));
      const retryLine = lines.find((l) => l.includes('retry 1/1'));
      expect(retryLine).toContain('missing signature, sms status; key *** was refused; see docs');
      expect(lines.join('\n')).not.toContain(b64('app-key', secret));
      if (secret.length > 1) {
        for (const text of [err.message, json, lines.join('\n')]) expect(text.replaceAll(`x${secret}y`, '')).not.toContain(secret);
      }
    });
  }

  it('a secret that is also a word of the reply leaves its keys alone, so the server message survives (was "status code 400")', async () => {
    const client = new JSMS({ appKey: 'app-key', masterSecret: 'message', baseUrl: srv.url, maxRetries: 0, logLevel: 'off' });
    srv.script({ status: 400, body: { error: { code: 50002, message: 'bad message' } } });
    const err = (await client.getAppBalance().catch((e: unknown) => e)) as BadRequestError;
    expect(err.message).toBe('400 [50002] bad ***');
    expect(err.body).toEqual({ error: { code: 50002, message: 'bad ***' } });
  });

  it('JSON-escaped secrets in a non-JSON reply and in a 5xx text are replaced', async () => {
    const secret = 'sé"cret\\42';
    const client = new JSMS({ appKey: 'app-key', masterSecret: secret, baseUrl: srv.url, maxRetries: 0, logLevel: 'off' });
    const escaped = JSON.stringify(secret).slice(1, -1);
    srv.script({ status: 502, headers: { 'content-type': 'text/plain' }, body: `proxy: {"pw":"${escaped}"} and raw ${secret}.` });
    const err = (await client.getAppBalance().catch((e: unknown) => e)) as InternalServerError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.body).toBe('proxy: {"pw":"***"} and raw ***.');
    expect(err.message).toBe('502 proxy: {"pw":"***"} and raw ***.');
  });

  it('a success status with a body that is not JSON: the excerpt in the message is cut after redaction, never through a secret', async () => {
    const client = new JSMS({ appKey: 'app-key', masterSecret: LONG, baseUrl: srv.url, maxRetries: 0, logLevel: 'off' });
    // The secret straddles the 200th character, where the excerpt is cut.
    srv.script({ status: 200, headers: { 'content-type': 'text/html' }, body: `${'<p>'.padEnd(190, '.')} ${LONG} tail` });
    const err = (await client.sendCode({ body: { mobile: '13800138000', temp_id: 1 } }).catch((e: unknown) => e)) as Error & { mayHaveBeenProcessed: boolean };
    expect(err.message).toContain('the reply is not JSON');
    expect(err.message).toContain('***');
    for (let n = 6; n <= LONG.length; n++) expect(err.message).not.toContain(LONG.slice(0, n));
    expect(err.mayHaveBeenProcessed).toBe(true);
  });
});
