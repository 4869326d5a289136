// Bundle sizes of "one client, one call", shared by `npm run bench` (bench/) and the size
// budgets of `npm test` (scripts/checks/size.mjs): one way to write the entry, bundle and compress it.
//
// An entry is a "snippet": { imports, setup, call } where `call` is an expression that makes one request
// and yields a promise of the parsed body. The same snippet becomes a browser bundle (size), a module
// exporting `call` (per-call timings) or a one-shot script (cold start) through toModule().
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root } from '../scripts/lib.mjs';

/** Sizes are reported in KB of 1000 bytes (as size-limit and the budgets in DESIGN.md count them). */
export const KB = 1000;

// 24 alphanumerics: the official JPush clients refuse any other key shape.
export const APP_KEY = 'a0b1c2d3e4f5a6b7c8d9e0f1';
export const MASTER_SECRET = '0f1e2d3c4b5a69788796a5b4';
/** The real JPush host, used when an entry is bundled rather than run against the local server. */
export const JPUSH_HOST = 'https://api.jpush.cn';
/** One small push, the same JSON for every client measured. */
export const PUSH_BODY = { platform: 'all', audience: 'all', notification: { alert: 'Hi' } };

/** Per service: the package, its class, its standalone factory and the one typical send measured. */
export const SERVICES = {
  jsms: {
    name: 'JSMS', pkg: '@jiguang-ts/jsms', cls: 'JSMS', factory: 'createJSMSClient', op: 'sendCode',
    creds: { appKey: APP_KEY, masterSecret: MASTER_SECRET },
    body: { mobile: '13800138000', temp_id: 1 },
  },
  jpush: {
    name: 'JPush', pkg: '@jiguang-ts/jpush', cls: 'JPush', factory: 'createJPushClient', op: 'push',
    creds: { appKey: APP_KEY, masterSecret: MASTER_SECRET },
    body: PUSH_BODY,
  },
  ums: {
    name: 'UMS', pkg: '@jiguang-ts/ums', cls: 'UMS', factory: 'createUMSClient', op: 'sendTemplateMessage',
    creds: { channelKey: APP_KEY, masterSecret: MASTER_SECRET },
    body: { template_id: 1001, template_para: { name: 'Ada' }, aud_userid: ['u1'] },
  },
};

/**
 * The SDK as a user writes it: `new JPush(creds).push({ body })`, or with `standalone`
 * `push(createJPushClient(creds), { body })`. `url` points the client at a local server (baseUrl).
 */
export const sdkSnippet = (svc, { standalone = false, url } = {}) => {
  const s = SERVICES[svc];
  const v = `${svc}Client`;
  const options = JSON.stringify(url ? { ...s.creds, baseUrl: url } : s.creds);
  const body = JSON.stringify(s.body);
  return standalone
    ? { imports: `import { ${s.factory}, ${s.op} } from '${s.pkg}';`, setup: `const ${v} = ${s.factory}(${options});`, call: `${s.op}(${v}, { body: ${body} })` }
    : { imports: `import { ${s.cls} } from '${s.pkg}';`, setup: `const ${v} = new ${s.cls}(${options});`, call: `${v}.${s.op}({ body: ${body} })` };
};

/** Several snippets in one module; the call makes all their calls. */
export const combine = (...snippets) => ({
  imports: snippets.map((s) => s.imports).join('\n'),
  setup: snippets.map((s) => s.setup).join('\n'),
  call: `Promise.all([${snippets.map((s) => s.call).join(', ')}])`,
});

/**
 * A snippet as module source. `bundle`: makes the call and logs the result (nothing is tree-shaken
 * away that the call needs). `export`: exports `call` for the per-call loop. `cold`: one call, prints the
 * body as one JSON line and exits (cold start).
 */
export const toModule = ({ imports, setup, call }, kind) => {
  const tail = {
    bundle: `(${call}).then((r) => console.log(r));`,
    export: `export const call = () => ${call};`,
    cold: `(${call}).then((r) => { process.stdout.write(JSON.stringify(r) + '\\n'); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`,
  }[kind];
  return `${imports}\n${setup}\n${tail}\n`;
};

/**
 * Bundles module source with esbuild (`--bundle --minify --format=esm`, `platform` browser unless a
 * Node-only peer needs `node`) and returns its size raw, gzip -9 and brotli at maximum quality.
 */
export async function measure(source, platform = 'browser') {
  const out = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js', sourcefile: 'entry.mjs' },
    bundle: true,
    minify: true,
    platform,
    format: 'esm',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    // Without this esbuild applies the repository's tsconfig.json `paths`, which map @jiguang-ts/* to
    // packages/*/src: the bundle must come from the built packages, as a user gets them.
    tsconfigRaw: {},
    metafile: true,
  });
  const sources = Object.keys(out.metafile.inputs).filter((f) => /^packages\/[^/]+\/src\//.test(f));
  if (sources.length) throw new Error(`bundle took SDK sources instead of the built packages: ${sources.join(', ')}`);
  const code = out.outputFiles[0].contents;
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: code.length },
    }).length,
  };
}

/** Names the standalone entry of `svc` needs that the BUILT package does not export (empty when all are there). */
export async function missingStandaloneExports(svc) {
  const s = SERVICES[svc];
  const mod = await import(s.pkg);
  return [s.factory, s.op].filter((name) => typeof mod[name] !== 'function');
}

/** The SDK bundles that have a budget (DESIGN.md), in report order. */
export const sdkBundles = () => [
  ...Object.keys(SERVICES).map((svc) => ({
    id: `class-${svc}`,
    label: `${SERVICES[svc].name}: new ${SERVICES[svc].cls}() + ${SERVICES[svc].op}()`,
    budget: 10 * KB,
    snippet: sdkSnippet(svc),
  })),
  {
    id: 'class-all',
    label: 'All three clients, one call each',
    budget: 15 * KB,
    snippet: combine(...Object.keys(SERVICES).map((svc) => sdkSnippet(svc))),
  },
  ...Object.keys(SERVICES).map((svc) => ({
    id: `standalone-${svc}`,
    label: `${SERVICES[svc].name} standalone: ${SERVICES[svc].op}(${SERVICES[svc].factory}())`,
    budget: 7 * KB,
    snippet: sdkSnippet(svc, { standalone: true }),
    standalone: svc,
  })),
];

/**
 * Measures every SDK bundle of {@link sdkBundles}. A standalone entry whose functions are not exported yet
 * comes back with `missing` (the export names) and no sizes, so callers can report it as a failure.
 */
export async function measureSdkBundles() {
  const unbuilt = Object.keys(SERVICES).filter((svc) => !existsSync(path.join(root, 'packages', svc, 'dist', 'index.js')));
  if (unbuilt.length) throw new Error(`packages ${unbuilt.join(', ')} are not built: run npm run build first`);
  const rows = [];
  for (const b of sdkBundles()) {
    const missing = b.standalone ? await missingStandaloneExports(b.standalone) : [];
    const pkg = b.standalone ? SERVICES[b.standalone].pkg : undefined;
    rows.push(missing.length ? { ...b, missing, pkg } : { ...b, ...(await measure(toModule(b.snippet, 'bundle'))) });
  }
  return rows;
}

/** `12.34 KB` */
export const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;
