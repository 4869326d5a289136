// npm run build: each entry of a package's "exports" (src/<name>.ts, "." = src/index.ts) → dist/<name>.js (ESM),
// dist/<name>.cjs (CJS, when the export has "require") and dist/<name>.d.ts + .d.cts (one declaration file
// each, by dts-bundle-generator). Generated code is bundled in; @jiguang-ts/core and the package's own
// dependencies stay external. @jiguang-ts/mock is for Node only and gets copies of the bundled specs.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run, services } from './lib.mjs';

const all = ['core', 'jsms', 'jpush', 'ums', 'mock'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;

for (const pkg of wanted) {
  const dir = path.join(root, 'packages', pkg);
  if (!['core', 'mock'].includes(pkg) && !existsSync(path.join(root, 'generated', pkg, 'operations.gen.ts'))) {
    console.log(`skip @jiguang-ts/${pkg}: generated/${pkg} missing (run npm run generate)`);
    continue;
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const external = ['@jiguang-ts/core', ...Object.keys(manifest.dependencies ?? {})];
  const entries = Object.entries(manifest.exports)
    .filter(([key]) => key !== './package.json' && !key.includes('*'))
    .map(([key, value]) => ({ name: key === '.' ? 'index' : key.slice(2), cjs: Boolean(value.require) }));
  const dist = path.join(dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  if (pkg === 'mock') {
    const specs = path.join(dir, 'specs');
    rmSync(specs, { recursive: true, force: true });
    mkdirSync(specs);
    for (const svc of services) copyFileSync(path.join(root, 'generated', svc, 'openapi.json'), path.join(specs, `${svc}.json`));
  }
  for (const { name, cjs } of entries) {
    const entry = path.join(dir, 'src', `${name}.ts`);
    for (const [format, file] of [['esm', `${name}.js`], ...(cjs ? [['cjs', `${name}.cjs`]] : [])]) {
      await build({
        entryPoints: [entry],
        outfile: path.join(dist, file),
        bundle: true,
        format,
        platform: pkg === 'mock' ? 'node' : 'neutral',
        target: 'es2022',
        external,
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
      });
    }
    // tsconfig.build.json resolves @jiguang-ts/core through node_modules (built first), so it stays an import;
    // a package with its own tsconfig.json (mock: Node types) extends it.
    const project = existsSync(path.join(dir, 'tsconfig.json')) ? path.join(dir, 'tsconfig.json') : path.join(root, 'tsconfig.build.json');
    run(bin('dts-bundle-generator'), [
      '--project', project, '--no-check', '--silent',
      '--external-imports', ...external, '--export-referenced-types', 'false',
      '-o', path.join(dist, `${name}.d.ts`), entry,
    ]);
    if (cjs) copyFileSync(path.join(dist, `${name}.d.ts`), path.join(dist, `${name}.d.cts`));
  }
  console.log(`built @jiguang-ts/${pkg}`);
}
