// The runtime matrix: the packed tarballs (test/packed.ts), installed into a consumer project outside the
// workspace, run the one conformance scenario (scenario.mjs) in every runtime the SDK promises, each
// through a thin launcher (launchers/*), against the Prism mocks behind a recording harness on
// 127.0.0.1 (harness.ts). Runtimes run one after another (2-core budget); one printed line per runtime
// with its version and PASS/FAIL. A runtime that cannot start fails its test: nothing is skipped.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { Miniflare } from 'miniflare';
import { EdgeRuntime } from 'edge-runtime';
import { deref, mockUrl, op, successExample } from '../helpers.js';
import { assertFromTarballs, cleanEnv, packed, root } from '../packed.js';
import { startHarness, type Harness } from './harness.js';
import { LABELS, RECORD, readmeTable, renderTable } from '../../scripts/docs/runtimes.mjs';

const CHROMIUM = process.env.JIGUANG_CHROMIUM || '/usr/bin/chromium';
const bin = (...p: string[]) => path.join(root, 'node_modules', ...p);
const NODE24 = bin('.bin', 'node');
const DENO = bin('.bin', 'deno');
const BUN = bin('@oven', 'bun-linux-x64', 'bin', 'bun');
const pkgVersion = (name: string) => JSON.parse(readFileSync(bin(name, 'package.json'), 'utf8')).version as string;

/** The first `node` on PATH outside node_modules: the machine's own Node (20), not the tooling's 24. */
const systemNode = (): string => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'node');
    if (dir && !dir.includes('node_modules') && existsSync(file)) return file;
  }
  throw new Error('no node on PATH outside node_modules');
};

interface Check {
  name: string;
  ok: boolean;
  error?: string;
  detail?: unknown;
}
interface Result {
  runtime: string;
  checks: Check[];
  resolved?: string[];
}

// Credentials with non-ASCII characters: Basic auth must be UTF-8 base64 in every runtime.
const nonce = Math.random().toString(36).slice(2, 10);
const creds = {
  jsms: { appKey: 'rt-jsms-key', masterSecret: `jsms-sécret-✓-${nonce}` },
  jpush: { appKey: 'rt-jpush-key', masterSecret: `jpush-sécret-✓-${nonce}` },
  ums: { channelKey: 'rt-ums-channel', masterSecret: `ums-sécret-✓-${nonce}` },
};
const basic = (user: string, secret: string) => 'Basic ' + Buffer.from(`${user}:${secret}`, 'utf8').toString('base64');
const auth = {
  jsms: basic(creds.jsms.appKey, creds.jsms.masterSecret),
  jpush: basic(creds.jpush.appKey, creds.jpush.masterSecret),
  ums: basic(creds.ums.channelKey, creds.ums.masterSecret),
};
// The browser's proxy holds these; the page never does.
const proxySecret = `proxy-only-sécret-${nonce}`;
const proxyAuth = { jpush: basic('proxy-app-key', proxySecret) };

/** The vendor code of an operation's documented error example. */
const errorCode = (svc: string, id: string, status: number): number => {
  const media = deref(svc, op(svc, id).op.responses[status]).content['application/json'];
  const body = media.example ?? deref(svc, Object.values<any>(media.examples)[0]).value;
  return body.code ?? body.error?.code;
};

let consumer: string;
let harness: Harness;
let expectations: Record<string, unknown>;
const rows: { label: string; version: string; status: 'PASS' | 'FAIL'; why: string }[] = [];

/** Config for one run of the scenario: its own path prefix on the harness. */
const config = (run: string) => ({ base: `${harness.url}/${run}`, creds, auth, expect: expectations, clientOptions: {} });

/**
 * Runs a command to completion (killed after `timeoutMs`, or as soon as its output matches `failOn`)
 * and returns stdout; throws with the output on failure.
 */
const exec = (cmd: string, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number; failOn?: RegExp } = {}) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: consumer, env: cleanEnv({ NODE_OPTIONS: '', ...opts.env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let why = '';
    const stop = (reason: string) => ((why ||= reason), child.kill('SIGKILL'));
    child.stdout.on('data', (d) => {
      out += d;
      const line = opts.failOn && out.split('\n').find((l) => opts.failOn!.test(l));
      if (line) stop(`printed: ${line.trim()}`);
    });
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => stop(`no result within ${opts.timeoutMs ?? 90_000} ms`), opts.timeoutMs ?? 90_000);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !why) resolve(out);
      else reject(new Error(`${why || `exit ${code ?? signal}`} (${path.basename(cmd)})\n${err.slice(-3000)}${out.slice(-1500)}`));
    });
  });
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const lastJson = (out: string): Result => JSON.parse(out.trim().split('\n').at(-1)!);

/** Bundles a launcher from the consumer project with esbuild; every input must come from there. */
const bundle = async (launcher: string, options: { format: 'esm' | 'iife'; conditions: string[] }) => {
  const out = await build({
    entryPoints: [path.join(consumer, 'run', 'launchers', launcher)],
    absWorkingDir: consumer,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    ...options,
  });
  const inputs = Object.keys(out.metafile.inputs).map((f) => path.resolve(consumer, f));
  assertFromTarballs(consumer, inputs);
  expect(inputs.some((f) => f.includes(`node_modules${path.sep}@jiguang-ts${path.sep}jsms`))).toBe(true);
  return out.outputFiles[0]!.text;
};

/** Throws naming every failed check of the scenario. */
const assertPassed = (result: Result) => {
  const failed = result.checks.filter((c) => !c.ok);
  if (failed.length) throw new Error(`${failed.length} checks failed: ${failed.map((c) => `${c.name} (${c.error})`).join('; ')}`);
  expect(result.checks.length).toBeGreaterThanOrEqual(10);
};

/**
 * A runtime started from the command line: runs a launcher from the consumer project and checks which
 * runtime ran it and which package files it loaded.
 */
const commandLine = (label: string, cmd: () => string, launcher: string, runtime: RegExp, loaded: RegExp) => ({
  label,
  run: async (id: string) => {
    const result = lastJson(await exec(cmd(), [`run/launchers/${launcher}`, JSON.stringify(config(id))]));
    expect(result.runtime).toMatch(runtime);
    expect(result.resolved!.filter((f) => !loaded.test(f))).toEqual([]);
    return { version: result.runtime.split(' ')[1]!, result };
  },
});

/** Each runtime: how to run the scenario there; returns its version and the scenario's result. */
const RUNTIMES: { label: string; run: (id: string) => Promise<{ version: string; result: Result }> }[] = [
  commandLine('Node 20 (ESM)', systemNode, 'cli.mjs', /^node v20\./, /\/dist\/index\.js$/),
  commandLine('Node 20 (CJS)', systemNode, 'cli.cjs', /^node v20\./, /\/dist\/index\.cjs$/),
  commandLine('Node 24 (ESM)', () => NODE24, 'cli.mjs', /^node v24\./, /\/dist\/index\.js$/),
  {
    label: 'Deno (+ deno check)',
    run: async (id) => {
      const env = { DENO_DIR: path.join(consumer, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
      // The typed file of the type tests, checked by Deno's own TypeScript against the installed packages.
      await exec(DENO, ['check', '--node-modules-dir=manual', 'run/typed/usage.ts'], { env });
      // Least privilege, run as from a terminal (a pseudo-terminal through script(1)): network to
      // 127.0.0.1 only, nothing else granted. Any permission the SDK asked for would show Deno's prompt.
      const deno = [DENO, 'run', '--node-modules-dir=manual', '--allow-net=127.0.0.1', 'run/launchers/deno.mjs', JSON.stringify(config(id))];
      const out = await exec('script', ['-qec', deno.map(shellQuote).join(' '), '/dev/null'], { env, failOn: /Deno requests/ });
      const result = lastJson(out);
      expect(result.runtime).toMatch(/^deno \d/);
      return { version: result.runtime.split(' ')[1]!, result };
    },
  },
  {
    label: 'Chromium',
    run: async (id) => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium (npm test does, through scripts/checks/ensure-chromium.mjs)`);
      const js = await bundle('browser.mjs', { format: 'esm', conditions: ['browser'] });
      const cfg = { base: `${harness.url}/${id}`, creds, auth, expect: expectations };
      const html = `<!doctype html><meta charset="utf-8"><title>jiguang-ts</title>
<script id="cfg" type="application/json">${JSON.stringify(cfg).replace(/</g, '\\u003c')}</script>
<script type="module" src="bundle.js"></script>`;
      harness.serve(id, 'index.html', 'text/html; charset=utf-8', html);
      harness.serve(id, 'bundle.js', 'text/javascript; charset=utf-8', js);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        const outside: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.route((u) => !u.href.startsWith(harness.url), (route) => (outside.push(route.request().url()), route.abort()));
        await page.goto(`${harness.url}/${id}/index.html`);
        const result = (await page.evaluate(() => (window as unknown as { __result: Promise<unknown> }).__result)) as Result;
        expect(errors).toEqual([]);
        expect(outside).toEqual([]);
        expect(result.runtime).toMatch(/^browser .*Chrome\//);
        // The proxy pattern: the page sent no credentials, the proxy the real ones, and no byte the page
        // ever received (HTML, bundle, answers) holds the proxy's secret in any form.
        const proxied = harness.seen(id).filter((r) => r.route === 'proxy');
        expect(proxied.map((r) => [r.authorization, r.forwarded, r.status])).toEqual([[null, proxyAuth.jpush, 200]]);
        const secretForms = [proxySecret, proxyAuth.jpush, proxyAuth.jpush.slice(6)];
        for (const body of [html, js, ...harness.sent(id)]) for (const s of secretForms) expect(body.includes(s)).toBe(false);
        expect(harness.sent(id)).toContain(js);
        return { version: browser.version(), result };
      } finally {
        await browser.close();
      }
    },
  },
  {
    label: 'Cloudflare Workers (workerd)',
    run: async (id) => {
      const script = await bundle('worker.mjs', { format: 'esm', conditions: ['workerd', 'worker', 'browser'] });
      const mf = new Miniflare({
        modules: true,
        script,
        compatibilityDate: '2025-09-01',
        bindings: {
          JSMS_APP_KEY: creds.jsms.appKey,
          JSMS_MASTER_SECRET: creds.jsms.masterSecret,
          JPUSH_APP_KEY: creds.jpush.appKey,
          JPUSH_MASTER_SECRET: creds.jpush.masterSecret,
          UMS_CHANNEL_KEY: creds.ums.channelKey,
          UMS_MASTER_SECRET: creds.ums.masterSecret,
        },
      });
      try {
        const { creds: _fromBindings, ...cfg } = config(id);
        const res = await mf.dispatchFetch('http://worker/', { method: 'POST', body: JSON.stringify(cfg) });
        const text = await res.text();
        expect(res.status, text).toBe(200);
        const result = JSON.parse(text) as Result;
        expect(result.runtime).toBe('workerd');
        const workerd = execFileSync(bin('.bin', 'workerd'), ['--version'], { encoding: 'utf8' }).trim().replace(/^workerd /, '');
        return { version: `${workerd} (miniflare ${pkgVersion('miniflare')})`, result };
      } finally {
        await mf.dispose();
      }
    },
  },
  {
    label: 'Vercel Edge (edge-runtime)',
    run: async (id) => {
      const initialCode = await bundle('edge.mjs', { format: 'iife', conditions: ['edge-light', 'worker', 'browser'] });
      const runtime = new EdgeRuntime({ initialCode });
      const res = await runtime.dispatchFetch('http://edge/', { method: 'POST', body: JSON.stringify(config(id)) });
      await res.waitUntil();
      const text = await res.text();
      expect(res.status, text).toBe(200);
      const result = JSON.parse(text) as Result;
      expect(result.runtime).toBe('edge-runtime');
      return { version: `${pkgVersion('edge-runtime')} (on Node ${process.versions.node})`, result };
    },
  },
  commandLine('Bun', () => BUN, 'cli.mjs', /^bun \d/, /\/dist\/index\.js$/),
];

beforeAll(async () => {
  const p = await packed();
  consumer = p.dir;
  // The scenario, its launchers and the typed file live in the consumer, so bare imports resolve there.
  cpSync(path.join(import.meta.dirname, 'scenario.mjs'), path.join(consumer, 'run', 'scenario.mjs'));
  cpSync(path.join(import.meta.dirname, 'launchers'), path.join(consumer, 'run', 'launchers'), { recursive: true });
  cpSync(path.join(root, 'test', 'packages', 'typed'), path.join(consumer, 'run', 'typed'), { recursive: true });
  expectations = {
    jsms: successExample('jsms', 'sendCode').body,
    jpush: successExample('jpush', 'push').body,
    ums: successExample('ums', 'sendMessage').body,
    cidlist: successExample('jpush', 'getCidList').body.cidlist,
    code401: { jsms: errorCode('jsms', 'sendCode', 401), jpush: errorCode('jpush', 'push', 401), ums: errorCode('ums', 'sendMessage', 401) },
  };
  harness = await startHarness({ jsms: mockUrl('jsms'), jpush: mockUrl('jpush'), ums: mockUrl('ums') }, proxyAuth);
});

afterAll(async () => {
  await harness?.close();
  const width = Math.max(...RUNTIMES.map((r) => r.label.length));
  // A runtime whose test never started (setup failed, or filtered out with -t) says so.
  const all = RUNTIMES.map((rt) => rows.find((r) => r.label === rt.label) ?? { label: rt.label, version: '?', status: 'NOT RUN', why: '' });
  const lines = all.map((r) => `runtime ${r.label.padEnd(width)}  ${r.version.padEnd(36)}  ${r.status}  ${r.why}`.trimEnd());
  console.log(['', `runtime matrix (packed tarballs installed in ${consumer})`, ...lines, ''].join('\n'));
});

describe('runtime matrix (packed tarballs, one scenario everywhere)', () => {
  it('the consumer resolves @jiguang-ts/* to the installed tarballs, never the workspace', async () => {
    const { packages } = await packed();
    expect(consumer.startsWith(root + path.sep)).toBe(false);
    for (const p of packages) {
      expect(realpathSync(p.installed)).toBe(p.installed);
      assertFromTarballs(consumer, [p.installed]);
    }
    const lock = JSON.parse(readFileSync(path.join(consumer, 'package-lock.json'), 'utf8'));
    for (const p of packages) expect(lock.packages[`node_modules/${p.name}`].resolved).toMatch(/^file:tarballs\/.*\.tgz$/);
  });

  for (const rt of RUNTIMES) {
    it(rt.label, async () => {
      const row = { label: rt.label, version: '?', status: 'FAIL' as 'PASS' | 'FAIL', why: '' };
      rows.push(row);
      try {
        const { version, result } = await rt.run(rt.label.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
        row.version = version;
        if (result.resolved) assertFromTarballs(consumer, result.resolved);
        assertPassed(result);
        row.status = 'PASS';
      } catch (e) {
        row.why = String(e).split('\n')[0]!.slice(0, 200);
        throw e;
      }
      // A bound, not a target: a runtime's start plus its type check can take long on a loaded 2-core machine.
    }, 120_000);
  }

  // What ran is recorded (test/runtime/matrix.json), and the README's table must say exactly that;
  // `node scripts/docs/runtimes.mjs` rewrites the table from the record.
  it("README's runtime table states the versions that just ran", () => {
    const ran = rows.map(({ label, version, status }) => ({ label, version, status }));
    expect(ran.map((r) => r.label).sort()).toEqual([...LABELS].sort());
    writeFileSync(RECORD, JSON.stringify({ runtimes: ran }, null, 2) + '\n');
    expect(readmeTable(), 'README.md is stale: run node scripts/docs/runtimes.mjs').toBe(renderTable(ran));
  });
});
