// npm run build: each entry of a package's "exports" (src/<name>.ts, "." = src/index.ts) → dist/<name>.js (ESM),
// dist/<name>.cjs (CJS, when the export has "require") and dist/<name>.d.ts + .d.cts (one declaration file
// each, by dts-bundle-generator). Generated code is bundled in; @jiguang-ts/core and the package's own
// dependencies stay external. @jiguang-ts/mock is for Node only and gets copies of the bundled specs.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run, services } from './lib.mjs';

// Third-party code bundled into an entry (a package's devDependencies, e.g. sm-crypto-v2 in
// @jiguang-ts/jpush/sm2) may reach for Node's crypto when Web Crypto is missing. Every runtime we support
// has `globalThis.crypto`, so the import resolves to it and no Node built-in enters a browser bundle.
const webCryptoShim = {
  name: 'web-crypto-shim',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: 'crypto', namespace: 'web-crypto-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'web-crypto-shim' }, () => ({
      contents: 'export const webcrypto = globalThis.crypto; export default { webcrypto: globalThis.crypto };',
      loader: 'js',
    }));
  },
};
// MIT notices of what the sm2 entry bundles (kept in the output, as their licences ask).
const notices = (manifest) =>
  Object.keys(manifest.devDependencies ?? {})
    .flatMap((dep) => [dep, ...Object.keys(JSON.parse(readFileSync(path.join(root, 'node_modules', dep, 'package.json'), 'utf8')).dependencies ?? {})])
    .map((dep) => {
      const dir = path.join(root, 'node_modules', dep);
      const info = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map((f) => path.join(dir, f)).find(existsSync);
      return `${dep}@${info.version} (${info.license}${info.author ? ', ' + (info.author.name ?? info.author) : ''})${file ? ':\n' + readFileSync(file, 'utf8').trim() : ''}`;
    });

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
        plugins: pkg === 'mock' ? [] : [webCryptoShim],
        // Neutral platform: bundled dependencies resolve through their module/main fields like in a bundler.
        mainFields: ['module', 'main'],
        ...(name !== 'index' && manifest.devDependencies && { banner: { js: `/*!\n * Bundled third-party code:\n * ${notices(manifest).join('\n\n').replace(/\*\//g, '* /').split('\n').join('\n * ')}\n */` } }),
        target: 'es2022',
        external,
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
        // The mock reads import.meta.url only when __filename is absent (its ESM build).
        logOverride: { 'empty-import-meta': 'silent' },
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
