// Every TypeScript block of README.md, docs/*.md and packages/*/README.md is a complete module that
// compiles strictly against the BUILT packages (packages/*/dist, resolved through node_modules as a
// user's project resolves them): Node blocks with tsc and @types/node, worker and browser blocks with tsc
// and no Node types (so `process.env` there is an error), Deno blocks with `deno check` (`npm:` and `jsr:`
// specifiers mapped to the local builds, no network). Blocks marked `run` are then executed against the
// Prism mocks of test/global-setup.ts, with the mock's URL injected as `baseUrl`; a block that exports a
// fetch handler is called with a signed JSMS callback. The fence's info string says which is which
// (CONTRIBUTING.md, "Code blocks in the docs").
//
// Until this check, only the first block of each package README was compiled (test/packages/types.test.ts),
// so the root README's and the guide's blocks were never checked: the README bulk example returned a number
// from `onResults`. The control below keeps that exact block and must fail here.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { blockName, docBlocks, type Block, type Target } from './blocks.js';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'test', '.blocks');
const TSC = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const DENO = path.join(root, 'node_modules', '.bin', 'deno');
const PACKAGES = ['core', 'jsms', 'jpush', 'ums', 'mock'];
const exec = promisify(execFile);

/** The README bulk block as it was: `saved.push(...r)` returns a number where `void | Promise<void>` is due. */
const CONTROL: Block = {
  file: 'control.md',
  line: 1,
  target: 'node',
  run: false,
  fragment: false,
  unknown: [],
  source: `import { JPush, bulkPush, type BulkResult } from '@jiguang-ts/jpush';

declare const ids: string[];
const jpush = new JPush();
const saved: BulkResult[] = [];
await bulkPush(jpush, { platform: 'all', notification: { alert: 'Hi' } }, { registration_id: ids }, {
  onResults: (r) => saved.push(...r),
});
`,
};

const COMPILER: Record<Exclude<Target, 'deno'>, { lib: string[]; types: string[] }> = {
  node: { lib: ['ES2023'], types: ['node'] },
  // No Workers or browser type package is installed: the DOM lib stands in for both, and no Node types.
  worker: { lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [] },
  browser: { lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [] },
};

const blocks = docBlocks(root);
const checked = blocks.filter((b) => !b.fragment);
const fileOf = (b: Block) => `${blockName(b)}.ts`;

/** tsc over `list` in `sub`; returns each diagnostic as `<markdown file>:<line> TSnnnn message`. */
async function tsc(sub: string, target: Exclude<Target, 'deno'>, list: Block[]) {
  const base = path.join(dir, sub);
  mkdirSync(base, { recursive: true });
  for (const b of list) writeFileSync(path.join(base, fileOf(b)), b.source);
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    ...COMPILER[target],
  };
  writeFileSync(path.join(base, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: list.map(fileOf) }, null, 2));
  const out = await exec(process.execPath, [TSC, '-p', base, '--pretty', 'false', '--listFiles'], { cwd: base }).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  const lines = out.split('\n').filter(Boolean);
  const diagnostics = lines.flatMap((l) => {
    const m = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(l);
    if (!m) return [];
    const b = list.find((x) => fileOf(x) === path.basename(m[1]!));
    return [`${b ? `${b.file}:${b.line + Number(m[2])}` : m[1]} ${m[3]} ${m[4]}`];
  });
  return { diagnostics, listed: lines.filter((l) => l.startsWith('/')), base };
}

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of PACKAGES) {
    expect(existsSync(path.join(root, 'packages', p, 'dist', 'index.d.ts')), `packages/${p}/dist: run npm run build`).toBe(true);
  }
});

describe('TypeScript blocks of the docs', () => {
  it('every block says what it is, and is a complete module (fragments stay rare)', () => {
    console.log(
      `doc blocks: ${blocks.length} TypeScript blocks in ${new Set(blocks.map((b) => b.file)).size} files — ` +
        (['node', 'worker', 'browser', 'deno'] as const).map((t) => `${checked.filter((b) => b.target === t).length} ${t}`).join(', ') +
        `, ${blocks.filter((b) => b.run).length} also run, ${blocks.filter((b) => b.fragment).length} fragments`,
    );
    expect(blocks.length).toBeGreaterThan(30);
    expect(blocks.filter((b) => b.unknown.length).map((b) => `${b.file}:${b.line} ${b.unknown.join(' ')}`)).toEqual([]);
    expect(blocks.filter((b) => b.fragment && b.run).map((b) => `${b.file}:${b.line}`)).toEqual([]);
    expect(blocks.filter((b) => b.fragment).length).toBeLessThanOrEqual(2);
    // A file without import/export is a script: its names would leak into every other block.
    expect(checked.filter((b) => !/^(import|export)\s/m.test(b.source)).map((b) => `${b.file}:${b.line}`)).toEqual([]);
  });

  it.each(['node', 'worker', 'browser'] as const)('%s blocks compile with tsc --strict against packages/*/dist', async (target) => {
    const list = checked.filter((b) => b.target === target);
    expect(list.length).toBeGreaterThan(0);
    const r = await tsc(target, target, list);
    expect(r.diagnostics).toEqual([]);
    // Types came from the built declaration files, not the sources.
    const ours = r.listed.filter((f) => f.startsWith(path.join(root, 'packages')));
    expect(ours.length).toBeGreaterThan(0);
    for (const f of ours) expect(f).toMatch(/\/packages\/\w+\/dist\/[\w.-]+\.d\.ts$/);
  }, 120_000);

  it('the check has teeth: the old README bulk block fails it', async () => {
    const r = await tsc('control', 'node', [CONTROL]);
    expect(r.diagnostics.join('\n')).toMatch(/control\.md:8 TS2322 .*number.*void \| Promise<void>/);
  }, 120_000);

  it('deno blocks pass deno check, npm: and jsr: specifiers mapped to the local builds', async () => {
    const list = checked.filter((b) => b.target === 'deno');
    expect(list.length).toBeGreaterThan(0);
    const base = path.join(dir, 'deno');
    mkdirSync(path.join(base, 'node_modules', '@jiguang-ts'), { recursive: true });
    for (const p of PACKAGES) symlinkSync(path.join(root, 'packages', p), path.join(base, 'node_modules', '@jiguang-ts', p));
    const deps = Object.fromEntries(PACKAGES.map((p) => [`@jiguang-ts/${p}`, '*']));
    writeFileSync(path.join(base, 'package.json'), JSON.stringify({ type: 'module', dependencies: deps }));
    // JSR is not reachable from the test machine: jsr: imports resolve to the same local packages.
    const imports = Object.fromEntries(PACKAGES.flatMap((p) => [[`jsr:@jiguang-ts/${p}`, `npm:@jiguang-ts/${p}`], [`jsr:@jiguang-ts/${p}/`, `npm:@jiguang-ts/${p}/`]]));
    writeFileSync(path.join(base, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual', imports, compilerOptions: { strict: true, noUncheckedIndexedAccess: true } }));
    for (const b of list) writeFileSync(path.join(base, fileOf(b)), b.source);
    const env = { ...process.env, DENO_DIR: path.join(base, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    const r = await exec(DENO, ['check', '--quiet', ...list.map(fileOf)], { cwd: base, env }).then(
      () => '',
      (e: { stderr: string; stdout: string }) => e.stderr + e.stdout,
    );
    const located = r.replace(/at file:\/\/\S+\/([\w-]+\.ts):(\d+):\d+/g, (all, f: string, line: string) => {
      const b = list.find((x) => fileOf(x) === f);
      return b ? `at ${b.file}:${b.line + Number(line)}` : all;
    });
    expect(located).toBe('');
    // Teeth: a wrong type through a jsr: import fails the same check.
    writeFileSync(path.join(base, 'control.ts'), `import { JSMS } from 'jsr:@jiguang-ts/jsms';\nconst id: number = (await new JSMS().sendCode({ body: { mobile: '1', temp_id: 1 } })).msg_id;\nconsole.log(id);\n`);
    const control = await exec(DENO, ['check', '--quiet', 'control.ts'], { cwd: base, env }).then(
      () => '',
      (e: { stderr: string; stdout: string }) => e.stderr + e.stdout,
    );
    expect(control).toMatch(/TS2322/);
  }, 180_000);
});

const CLASSES = ['JSMS', 'JPush', 'UMS'] as const;
const ENV = {
  JSMS_APP_KEY: 'docs-app-key',
  JSMS_MASTER_SECRET: 'docs-master-secret',
  JPUSH_APP_KEY: 'docs-app-key',
  JPUSH_MASTER_SECRET: 'docs-master-secret',
  UMS_CHANNEL_KEY: 'docs-channel-key',
  UMS_MASTER_SECRET: 'docs-master-secret',
};

/**
 * The block with every client pointed at its mock: `new JSMS({` → `new JSMS({ baseUrl: …,`, `new JPush()` →
 * `new JPush({ baseUrl: … })`, and the same for `create<Service>Client`. Blocks that set `baseUrl` themselves
 * (they start their own mock) run unchanged.
 */
const injectBaseUrl = (source: string, mocks: Record<string, string>): { source: string; injected: number } => {
  if (/\bbaseUrl\b/.test(source)) return { source, injected: 0 };
  let injected = 0;
  const url = (cls: string) => JSON.stringify(mocks[cls.toLowerCase()]);
  const out = source.replace(
    new RegExp(`\\b(new (${CLASSES.join('|')})|create(${CLASSES.join('|')})Client)\\(\\s*(\\)|\\{)`, 'g'),
    (_, call: string, a: string | undefined, b: string | undefined, open: string) => {
      injected++;
      const baseUrl = `baseUrl: ${url((a ?? b)!)}`;
      return open === ')' ? `${call}({ ${baseUrl} })` : `${call}({ ${baseUrl}, `;
    },
  );
  return { source: out, injected };
};

/** A JSMS delivery-report callback signed as Jiguang signs it (SHA-1 over key, secret, nonce and timestamp). */
const signedCallback = () => {
  const nonce = '8512471927582093';
  const timestamp = String(Date.now());
  const signature = createHash('sha1')
    .update(`appKey=${ENV.JSMS_APP_KEY}&appMasterSecret=${ENV.JSMS_MASTER_SECRET}&nonce=${nonce}&timestamp=${timestamp}`)
    .digest('hex');
  const data = JSON.stringify({ msgId: '1828256757', status: 4001, receiveTime: 1500000000, phone: '13800138000' });
  return new URLSearchParams({ nonce, timestamp, signature, type: 'SMS_REPORT', data }).toString();
};

// Runs the block as a .ts module under the tooling's Node (types stripped), then, if it exports a fetch
// handler, calls it with the signed callback and the credentials as bindings, and prints the status.
const RUNNER = `import { pathToFileURL } from 'node:url';
const mod = await import(pathToFileURL(process.argv[2]).href);
if (typeof mod.default?.fetch === 'function') {
  const request = new Request('http://127.0.0.1/jiguang/jsms', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: process.env.CALLBACK_BODY,
  });
  const res = await mod.default.fetch(request, process.env);
  console.log('HANDLER STATUS', res.status, await res.text());
}
`;

describe('runnable blocks run against the mock', () => {
  const runnable = blocks.filter((b) => b.run);
  it('there are runnable blocks: quick starts, bulk, callbacks, pagination', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(6);
    for (const what of [/\.sendCode\(/, /bulkPush\(/, /webhooks|Webhooks\(/, /for await/]) {
      expect(runnable.some((b) => what.test(b.source)), String(what)).toBe(true);
    }
  });

  it.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))('%s', async (_, b) => {
    const mocks = inject('mocks');
    const base = path.join(dir, 'run');
    mkdirSync(base, { recursive: true });
    const { source, injected } = injectBaseUrl(b.source, mocks);
    // A client without a baseUrl would go to Jiguang (there is no network here, so it would fail anyway).
    const clients = (b.source.match(/\bnew (JSMS|JPush|UMS)\(|\bcreate(JSMS|JPush|UMS)Client\(/g) ?? []).length;
    if (!/\bbaseUrl\b/.test(b.source)) expect(injected).toBe(clients);
    const file = path.join(base, fileOf(b));
    writeFileSync(file, source);
    writeFileSync(path.join(base, 'runner.mjs'), RUNNER);
    const env = { ...process.env, ...ENV, CALLBACK_BODY: signedCallback(), NODE_NO_WARNINGS: '1' };
    const r = await exec(process.execPath, [path.join(base, 'runner.mjs'), file], { cwd: base, env, timeout: 60_000 }).then(
      (x) => ({ code: 0, out: x.stdout + x.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    expect(r.code, r.out).toBe(0);
    if (/export default/.test(b.source)) expect(r.out).toMatch(/HANDLER STATUS 200/);
  }, 90_000);
});

it('the blocks read are the ones in the files (a sanity check of the parser)', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const fences = readme.split('\n').filter((l) => /^\s*```(ts|typescript)\b/.test(l)).length;
  expect(blocks.filter((b) => b.file === 'README.md').length).toBe(fences);
});
