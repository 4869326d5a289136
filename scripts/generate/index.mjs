// npm run generate: openapi/<svc> → generated/<svc>/{openapi.json, api/types.gen.ts (hey-api), operations.gen.ts,
// codes.gen.ts, validators.gen.ts}. hey-api generates the types only: the request runtime is @jiguang-ts/core,
// shared by the three services, and the operations (descriptors, standalone functions, the method class)
// come from scripts/generate/manifest.mjs.
// Usage: node scripts/generate/index.mjs [--out DIR] [service…]   (DIR defaults to generated/; the drift check uses a temp dir)
import { createClient } from '@hey-api/openapi-ts';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run, services } from '../lib.mjs';
import { writeManifest } from './manifest.mjs';
import { writeValidators } from './validators.mjs';
import { writeApiMd } from './api-md.mjs';
import { documentTypes } from './type-docs.mjs';

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
    plugins: [
      {
        name: '@hey-api/typescript',
        // 64-bit IDs (`format: int64`) are decimal strings in the SDK: a JavaScript number cannot hold them.
        $resolvers: {
          number: (ctx) => (ctx.schema.format === 'int64' ? ctx.$.type('string') : undefined),
          // A property that must be absent (`not: {}` with `x-jiguang-never`), e.g. the other kind of UMS audience.
          unknown: (ctx) => (ctx.schema['x-jiguang-never'] ? ctx.$.type('never') : undefined),
        },
      },
    ],
    logs: { level: 'silent' },
  });
  documentTypes(path.join(dir, 'api', 'types.gen.ts'), JSON.parse(readFileSync(bundled, 'utf8')), svc);
  const manifest = writeManifest(bundled, dir, svc);
  writeValidators(JSON.parse(readFileSync(bundled, 'utf8')), dir, svc, `${svc}Validators`);
  writeApiMd(bundled, dir);
  console.log(`generated ${path.relative(root, dir)}: ${Object.keys(manifest).length} operations`);
}
