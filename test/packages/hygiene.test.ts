// What npm users receive, checked on the packed tarballs (test/packed.ts): publint and Are the Types
// Wrong clean, a README and the project LICENSE in every tarball, `sideEffects: false`, and no Node
// built-in anywhere in a browser bundle of any package (esbuild, browser platform, metafile inspected).
import { execFile } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, packageDirs, packed, root, type Packed } from '../packed.js';

let pack: Packed;
beforeAll(async () => {
  pack = await packed();
});
const pkg = (dir: string) => pack.packages.find((p) => p.dir === dir)!;
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe.each(packageDirs)('@jiguang-ts/%s tarball', (dir) => {
  it('is publint-clean (strict, suggestions included)', async () => {
    const { tarball } = pkg(dir);
    const data = readFileSync(tarball);
    const { messages, pkg: manifest } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, manifest, { color: false })}`)).toEqual([]);
  });

  it('has right types in every resolution mode (Are the Types Wrong)', async () => {
    const attw = path.join(root, 'node_modules', '.bin', 'attw');
    const run = promisify(execFile)(attw, [pkg(dir).tarball, '--format', 'json', '--no-definitely-typed'], { env: cleanEnv({ NO_COLOR: '1' }) });
    const out = await run.then((r) => r.stdout, (e: { stdout?: string }) => e.stdout ?? String(e));
    const { analysis } = JSON.parse(out);
    expect(analysis.types).toEqual({ kind: 'included' });
    // Every problem counts, in every resolution mode, node10 included.
    expect(analysis.problems).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(pkg(dir).installed, 'package.json'), 'utf8'));
    const cjs = Boolean(manifest.exports['.'].require);
    const modes = Object.values<any>(analysis.entrypoints['.'].resolutions).map((r) => [r.resolutionKind, r.resolution?.fileName?.replace(/^.*\/dist\//, 'dist/')]);
    expect(modes).toEqual([
      // TypeScript's node10 mode reads the top-level `types` (ESM-flavoured .d.ts; older compilers know no .d.cts).
      ['node10', 'dist/index.d.ts'],
      ...(cjs ? [['node16-cjs', 'dist/index.d.cts']] : [['node16-cjs', 'dist/index.d.ts']]),
      ['node16-esm', 'dist/index.d.ts'],
      ['bundler', 'dist/index.d.ts'],
    ]);
    // Every subpath resolves to its own declaration file in every mode; node10, which knows no `exports`,
    // finds it through `typesVersions` (scripts/checks/manifests.mjs keeps those in step with `exports`).
    for (const [entry, info] of Object.entries<any>(analysis.entrypoints)) {
      if (entry === '.' || entry === './package.json' || entry.includes('*')) continue;
      const name = entry.slice(2);
      const kinds = Object.values<any>(info.resolutions).map((r) => [r.resolutionKind, r.resolution?.fileName?.replace(/^.*\/dist\//, 'dist/')]);
      expect(kinds).toEqual([
        ['node10', `dist/${name}.d.ts`],
        ['node16-cjs', cjs ? `dist/${name}.d.cts` : `dist/${name}.d.ts`],
        ['node16-esm', `dist/${name}.d.ts`],
        ['bundler', `dist/${name}.d.ts`],
      ]);
    }
  });

  it('carries a README (install, an example, the guide) and the project LICENSE', () => {
    const p = pkg(dir);
    expect(p.files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    expect(readFileSync(path.join(p.installed, 'LICENSE'), 'utf8')).toBe(readFileSync(path.join(root, 'LICENSE'), 'utf8'));
    const readme = readFileSync(path.join(p.installed, 'README.md'), 'utf8');
    expect(readme).toMatch(new RegExp(`^# ${p.name}\\n`));
    expect(readme).toMatch(new RegExp(`npm install (--save-dev )?${p.name}`));
    expect(readme).toMatch(/```ts\n[^]*from '@jiguang-ts\/[a-z]+'[^]*```/);
    expect(readme).toMatch(/\[jiguang-ts guide\]\([^)]+\)/);
  });

  it('declares sideEffects: false and ships only what it declares: dist/, README, LICENSE, package.json (the mock also its bin and specs)', () => {
    const p = pkg(dir);
    const manifest = JSON.parse(readFileSync(path.join(p.installed, 'package.json'), 'utf8'));
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.license).toBe('MIT');
    // Where it comes from, one place for all (the root package.json; scripts/checks/manifests.mjs).
    const top = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(top.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(manifest.repository).toEqual({ ...top.repository, directory: `packages/${dir}` });
    expect([manifest.homepage, manifest.bugs]).toEqual([top.homepage, top.bugs]);
    const extra = dir === 'mock' ? ['bin/jiguang-mock.js', 'specs/jpush.json', 'specs/jsms.json', 'specs/ums.json'] : [];
    expect(p.files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', ...extra, 'package.json'].sort());
  });

  if (dir === 'mock') {
    // @jiguang-ts/mock runs Prism: a Node command-line tool for tests, never part of a browser or edge graph.
    it('is a Node tool: engines.node set, no browser field', () => {
      const manifest = JSON.parse(readFileSync(path.join(pkg(dir).installed, 'package.json'), 'utf8'));
      expect(manifest.engines.node).toBe('>=20');
      expect(manifest.browser).toBeUndefined();
    });
  } else {
    it('bundles for the browser without any Node built-in, require or eval (every entry point)', async () => {
      const p = pkg(dir);
      const manifest = JSON.parse(readFileSync(path.join(p.installed, 'package.json'), 'utf8'));
      const entries = Object.keys(manifest.exports).filter((e) => e !== './package.json').map((e) => (e === '.' ? p.name : `${p.name}/${e.slice(2)}`));
      for (const entry of entries) await browserBundle(p, entry);
    });
  }
});

async function browserBundle(p: Packed['packages'][number], entry: string) {
    const out = await build({
      stdin: { contents: `export * from '${entry}';`, resolveDir: pack.dir, loader: 'js' },
      absWorkingDir: pack.dir,
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // Built-ins stay external so that the metafile shows any import of one instead of failing the build.
      external: [...builtins],
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((f) => f.startsWith(`node_modules/${p.name}/dist/`))).toBe(true);
    const imports = Object.values(out.metafile.inputs).flatMap((i) => i.imports);
    expect(imports.filter((i) => builtins.has(i.path) || i.path.startsWith('node:')).map((i) => i.path)).toEqual([]);
    expect(imports.filter((i) => i.external).map((i) => i.path)).toEqual([]);
    const js = out.outputFiles[0]!.text;
    // esbuild's __require shim appears when a require() survives bundling.
    expect(js).not.toMatch(/\b__require\b|\brequire\(|\beval\(|new Function\(|\bBuffer\./);
}
