// npm run generate: openapi/<svc> → generated/<svc>/{openapi.json, api/ (hey-api ky client), manifest.gen.ts, codes.gen.ts}.
// Usage: node scripts/generate.mjs [--out DIR] [service…]   (DIR defaults to generated/; the drift check uses a temp dir)
import { createClient } from '@hey-api/openapi-ts';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run, services } from './lib.mjs';
import { writeManifest } from './manifest.mjs';

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const outRoot = outIdx >= 0 ? path.resolve(args.splice(outIdx, 2)[1]) : path.join(root, 'generated');
const wanted = args.length ? args : services;

for (const svc of wanted) {
  const dir = path.join(outRoot, svc);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bundled = path.join(dir, 'openapi.json');
  run(bin('redocly'), ['bundle', svc, '-o', bundled, '--ext', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await createClient({
    input: bundled,
    output: { path: path.join(dir, 'api'), tsConfigPath: path.join(root, 'tsconfig.json') },
    plugins: ['@hey-api/client-ky', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent' },
  });
  const manifest = writeManifest(bundled, dir);
  (await import('./api-md.mjs')).writeApiMd(bundled, dir);
  console.log(`generated ${path.relative(root, dir)}: ${Object.keys(manifest).length} operations`);
}
