// npm run build: packages/<pkg>/src → dist/index.js (ESM), dist/index.cjs (CJS), dist/index.d.ts + .d.cts
// (one declaration file each, by dts-bundle-generator). Generated code is bundled in; @jiguang-ts/core stays external.
import { build } from 'esbuild';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run } from './lib.mjs';

const all = ['core', 'jsms', 'jpush', 'ums'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : all;
const external = ['@jiguang-ts/core'];

for (const pkg of wanted) {
  const dir = path.join(root, 'packages', pkg);
  const entry = path.join(dir, 'src', 'index.ts');
  if (pkg !== 'core' && !existsSync(path.join(root, 'generated', pkg, 'operations.gen.ts'))) {
    console.log(`skip @jiguang-ts/${pkg}: generated/${pkg} missing (run npm run generate)`);
    continue;
  }
  const dist = path.join(dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  for (const [format, file] of [['esm', 'index.js'], ['cjs', 'index.cjs']]) {
    await build({
      entryPoints: [entry],
      outfile: path.join(dist, file),
      bundle: true,
      format,
      platform: 'neutral',
      target: 'es2022',
      external,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  // tsconfig.build.json resolves @jiguang-ts/core through node_modules (built first), so it stays an import.
  run(bin('dts-bundle-generator'), [
    '--project', path.join(root, 'tsconfig.build.json'), '--no-check', '--silent',
    '--external-imports', ...external, '--export-referenced-types', 'false',
    '-o', path.join(dist, 'index.d.ts'), entry,
  ]);
  copyFileSync(path.join(dist, 'index.d.ts'), path.join(dist, 'index.d.cts'));
  console.log(`built @jiguang-ts/${pkg}`);
}
