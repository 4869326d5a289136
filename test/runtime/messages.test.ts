// Messages that know where they run, and a relative baseUrl, checked where each happens: Node (the test
// process, built packages), Deno without permissions (real deno, packed tarballs) and Chromium (the packed
// tarballs bundled into a page served from a loopback server; a second loopback server without CORS
// headers stands for a backend on another origin). Each runtime gets real sockets and real failures.
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIConnectionError, JiguangError, JSMS } from '@jiguang-ts/jsms';
import { JPush } from '@jiguang-ts/jpush';
import { UMS } from '@jiguang-ts/ums';
import { assertFromTarballs, cleanEnv, packed, root } from '../packed.js';

const CHROMIUM = process.env.JIGUANG_CHROMIUM || '/usr/bin/chromium';
const DENO = path.join(root, 'node_modules', '.bin', 'deno');
const sendCode = { body: { mobile: '13800138000', temp_id: 1 }, maxRetries: 0 };

/** A loopback server that records every request and answers JSMS's sendCode success body. */
interface Recorder {
  url: string;
  requests: { method: string; path: string; authorization?: string }[];
  files: Map<string, { type: string; body: string }>;
  server: Server;
}
const recorder = async (): Promise<Recorder> => {
  const requests: Recorder['requests'] = [];
  const files = new Map<string, { type: string; body: string }>();
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization });
      const file = files.get(req.url!);
      if (file) return res.writeHead(200, { 'content-type': file.type }).end(file.body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"msg_id":"288193860302"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, files, server };
};
const close = (r?: Recorder) => r && new Promise<void>((done) => (r.server.closeAllConnections(), r.server.close(() => done())));

const failure = async (fn: () => unknown): Promise<any> => {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};

describe('Node', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    for (const k of Object.keys(process.env)) if (/^(JPUSH|JSMS|UMS)_/.test(k)) delete process.env[k];
  });
  afterAll(() => Object.assign(process.env, saved));

  it('a relative baseUrl is refused, saying why (no page location) and what to pass', async () => {
    const e = await failure(() => new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: '/api/sms' }));
    expect(e).toBeInstanceOf(JiguangError);
    expect(e.message).toBe('jsms: baseUrl "/api/sms" is not an absolute URL (a relative one needs a browser page to resolve against).');
    // An absolute one still works as before.
    const server = await recorder();
    try {
      expect(await new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: server.url + '/api/sms/' }).sendCode(sendCode)).toEqual({ msg_id: '288193860302' });
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/sms/v1/codes']);
    } finally {
      await close(server);
    }
  });

  it('missing credentials name the options and the variables, never a security scheme', async () => {
    expect((await failure(() => new JSMS())).message).toBe('jsms: missing appKey, masterSecret; pass them as options or set JSMS_APP_KEY and JSMS_MASTER_SECRET.');
    // A group key pair builds a client, but push needs the app's own key pair.
    const group = new JPush({ groupKey: 'g', groupMasterSecret: 'gs', baseUrl: 'http://127.0.0.1:9' });
    const e = await failure(() => group.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } }));
    expect(e).toBeInstanceOf(JiguangError);
    expect(e.message).toBe('jpush.push needs appKey and masterSecret; pass them as options or set JPUSH_APP_KEY and JPUSH_MASTER_SECRET.');
    expect(e.message).not.toMatch(/Auth\b/);
    // An operation that takes either of two pairs names both.
    const files = await failure(() => group.listFiles());
    expect(files.message).toBe(
      'jpush.listFiles needs appKey and masterSecret, or devKey and devSecret; pass them as options or set JPUSH_APP_KEY and JPUSH_MASTER_SECRET and JPUSH_DEV_KEY and JPUSH_DEV_SECRET.',
    );
    const ums = new UMS({ channelKey: 'c', masterSecret: 's', baseUrl: 'http://127.0.0.1:9' });
    const users = await failure(() => ums.deleteUsers({ body: ['u1'] } as never));
    expect(users.message).toBe('ums.deleteUsers needs accessKey; pass them as options or set UMS_ACCESS_KEY.');
  });

  it('a refused connection keeps its cause and adds no browser or Deno hint', async () => {
    const server = await recorder();
    const url = server.url;
    await close(server);
    const e = await failure(() => new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: url }).sendCode(sendCode));
    expect(e).toBeInstanceOf(APIConnectionError);
    expect(e.message).toBe('Connection error.');
    expect(e.cause).toBeInstanceOf(TypeError);
    expect(e.mayHaveBeenProcessed).toBe(false);
  });
});

describe('Deno (real deno, packed tarballs, no permissions beyond what each case names)', () => {
  let dir: string;
  let server: Recorder;
  beforeAll(async () => {
    const { dir: consumer } = await packed();
    dir = path.join(consumer, 'run-messages');
    mkdirSync(dir, { recursive: true });
    // One script: builds what argv[0] names and prints the outcome as JSON.
    writeFileSync(
      path.join(dir, 'deno.mjs'),
      `import { JSMS, JiguangError } from '@jiguang-ts/jsms';
import { JPush } from '@jiguang-ts/jpush';
const [what, base] = Deno.args;
const out = (v) => console.log(JSON.stringify(v));
try {
  if (what === 'env') out({ built: new JPush().service });
  if (what === 'net') out({ data: await new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: base }).sendCode({ body: { mobile: '13800138000', temp_id: 1 }, maxRetries: 0 }) });
  if (what === 'relative') out({ data: await new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: '/api/sms' }).sendCode({ body: { mobile: '13800138000', temp_id: 1 }, maxRetries: 0 }) });
} catch (e) {
  out({ name: e.name, jiguang: e instanceof JiguangError, message: e.message, cause: e.cause?.name, processed: e.mayHaveBeenProcessed });
}
out({ resolved: import.meta.resolve('@jiguang-ts/core') });
`,
    );
    server = await recorder();
  });
  afterAll(() => close(server));

  const deno = (flags: string[], args: string[], env: Record<string, string> = {}) =>
    new Promise<any[]>((resolve, reject) =>
      execFile(
        DENO,
        ['run', '--no-prompt', '--node-modules-dir=manual', ...flags, 'run-messages/deno.mjs', ...args],
        { cwd: path.dirname(dir), timeout: 60_000, env: cleanEnv({ DENO_DIR: path.join(path.dirname(dir), '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...env }) },
        (err, stdout, stderr) => {
          if (err) return reject(new Error(`${err.message}\n${stderr}`));
          try {
            const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
            assertFromTarballs(path.dirname(dir), [lines.at(-1).resolved]);
            resolve(lines.slice(0, -1));
          } catch (e) {
            reject(e);
          }
        },
      ),
    );

  it('variables set but no --allow-env: the message names the permission, and with it the client builds', async () => {
    const vars = { JPUSH_APP_KEY: 'deno-key', JPUSH_MASTER_SECRET: 'deno-secret' };
    const [denied] = await deno([], ['env'], vars);
    expect(denied).toMatchObject({ name: 'JiguangError', jiguang: true });
    expect(denied.message).toBe(
      'jpush: missing appKey, masterSecret; pass them as options or set JPUSH_APP_KEY and JPUSH_MASTER_SECRET and let Deno read them: deno run --allow-env=JPUSH_APP_KEY,JPUSH_MASTER_SECRET.',
    );
    expect(await deno(['--allow-env=JPUSH_APP_KEY,JPUSH_MASTER_SECRET'], ['env'], vars)).toEqual([{ built: 'jpush' }]);
  });

  it('no --allow-net: a connection error naming --allow-net for the host, the cause kept, nothing sent', async () => {
    const host = new URL(server.url).host;
    const [e] = await deno([], ['net', server.url]);
    expect(e).toEqual({ name: 'APIConnectionError', jiguang: true, message: `Connection error. Deno needs --allow-net=${host}.`, cause: 'NotCapable', processed: false });
    expect(server.requests).toEqual([]);
    // The same script with the permission reaches the server.
    expect(await deno([`--allow-net=${host}`], ['net', server.url])).toEqual([{ data: { msg_id: '288193860302' } }]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/codes']);
  });

  it('a relative baseUrl: refused without a location, resolved against --location when Deno has one', async () => {
    const [e] = await deno([], ['relative']);
    expect(e).toMatchObject({ name: 'JiguangError', message: 'jsms: baseUrl "/api/sms" is not an absolute URL (a relative one needs a browser page to resolve against).' });
    server.requests.length = 0;
    const host = new URL(server.url).host;
    expect(await deno([`--location=${server.url}/app/`, `--allow-net=${host}`], ['relative'])).toEqual([{ data: { msg_id: '288193860302' } }]);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.authorization}`)).toEqual([`POST /api/sms/v1/codes Basic ${btoa('k:s')}`]);
  });
});

describe('Chromium (packed tarballs bundled into a page)', () => {
  let page: Recorder;
  let other: Recorder;
  let result: Record<string, any>;
  beforeAll(async () => {
    const { dir: consumer } = await packed();
    page = await recorder();
    other = await recorder();
    const dir = path.join(consumer, 'run-messages');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'browser.mjs'),
      `import { JSMS, APIConnectionError, JiguangError } from '@jiguang-ts/jsms';
const failure = async (fn) => { try { await fn(); return { ok: true }; } catch (e) { return { name: e.name, jiguang: e instanceof JiguangError, connection: e instanceof APIConnectionError, message: e.message, cause: e.cause && String(e.cause), processed: e.mayHaveBeenProcessed }; } };
const body = { mobile: '13800138000', temp_id: 1 };
window.__result = (async () => ({
  relative: await new JSMS({ baseUrl: '/api/sms' }).sendCode({ body, maxRetries: 0 }),
  cors: await failure(() => new JSMS({ baseUrl: ${JSON.stringify(other.url + '/api/sms')} }).sendCode({ body, maxRetries: 0 })),
  missing: await failure(() => new JSMS()),
  guard: await failure(() => new JSMS({ appKey: 'k', masterSecret: 's' })),
  invalid: await failure(() => new JSMS({ baseUrl: 'http://[::1' })),
}))().catch((e) => ({ launcher: String(e) }));
`,
    );
    const out = await build({
      entryPoints: [path.join(dir, 'browser.mjs')],
      absWorkingDir: consumer,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      conditions: ['browser'],
      format: 'esm',
      target: 'es2022',
      logLevel: 'silent',
    });
    assertFromTarballs(consumer, Object.keys(out.metafile.inputs).map((f) => path.resolve(consumer, f)));
    page.files.set('/app/index.html', { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><script type="module" src="bundle.js"></script>' });
    page.files.set('/app/bundle.js', { type: 'text/javascript', body: out.outputFiles[0]!.text });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${page.url}/app/index.html`);
      result = await tab.evaluate(() => (window as unknown as { __result: Promise<Record<string, unknown>> }).__result);
    } finally {
      await browser.close();
    }
  });
  afterAll(async () => {
    await close(page);
    await close(other);
  });

  it('new JSMS({ baseUrl: "/api/sms" }) sends to the page\'s own origin, without credentials', () => {
    expect(result.launcher).toBeUndefined();
    expect(result.relative).toEqual({ msg_id: '288193860302' });
    expect(page.requests.filter((r) => r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path} ${r.authorization ?? '-'}`)).toEqual(['POST /api/sms/v1/codes -']);
  });

  it('a CORS refusal is an APIConnectionError that says to check CORS and the proxy, its cause kept', () => {
    expect(result.cors).toEqual({
      name: 'APIConnectionError',
      jiguang: true,
      connection: true,
      message: 'Connection error. Check CORS and your proxy.',
      cause: 'TypeError: Failed to fetch',
      processed: true,
    });
    // It was CORS, not a dead server: the preflight arrived and was answered without CORS headers.
    expect(other.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['OPTIONS /api/sms/v1/codes']);
  });

  it('no message in a page suggests environment variables', () => {
    for (const k of ['missing', 'guard', 'invalid']) {
      expect(result[k].jiguang, k).toBe(true);
      expect(result[k].message, k).not.toMatch(/JSMS_|environment|--allow-env|\bset [A-Z_]+\b/);
    }
    expect(result.missing.message).toBe('jsms: missing appKey, masterSecret; in a browser, use a proxy that adds them (baseUrl).');
    expect(result.invalid.message).toBe('jsms: baseUrl "http://[::1" is not an absolute URL.');
  });
});
