// Part of npm test: fails when an operationId of a spec was never called through the built client
// against the mock during the contract tests (records written by test/helpers.ts → test/.calls/).
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { root, services } from '../lib.mjs';
import { buildManifest } from '../generate/manifest.mjs';

const dir = path.join(root, 'test', '.calls');
const called = {};
for (const f of existsSync(dir) ? readdirSync(dir) : []) {
  const svc = f.split('-')[0];
  for (const id of JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) (called[svc] ??= new Set()).add(id);
}
let failed = false;
for (const svc of services) {
  const ids = Object.keys(buildManifest(JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'))));
  const missing = ids.filter((id) => !called[svc]?.has(id));
  console.log(`contract coverage ${svc}: ${ids.length - missing.length}/${ids.length} operations called against Prism`);
  if (missing.length) {
    failed = true;
    console.error(`  never called: ${missing.join(', ')}`);
  }
}
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
