// Part of npm test: every published package's manifest agrees with the one place its shared facts live.
//   - `repository`, `homepage`, `bugs`: the root package.json's, with `repository.directory` set to the
//     package's folder (npm and the registry page link the package to its sources);
//   - `typesVersions`: one entry per subpath export (`/node`, `/sm2`), so that TypeScript's `node10`
//     resolution, which knows no `exports`, finds their declarations too;
//   - `jsr.json` (Deno's registry): the package's name and version, and one export per npm export, pointing
//     at the TypeScript entry file (see scripts/jsr.mjs, which stages what JSR publishes).
// `node scripts/checks/manifests.mjs --write` rewrites whatever differs; without it, differences fail.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { root } from '../lib.mjs';

const write = process.argv.includes('--write');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const top = readJson(path.join(root, 'package.json'));

/** Subpath exports that carry code (`./node`, `./sm2`), without the leading `./`. */
export const subpaths = (manifest) =>
  Object.keys(manifest.exports ?? {})
    .filter((k) => k !== '.' && k !== './package.json' && !k.includes('*'))
    .map((k) => k.slice(2));

/** What the shared fields of a published package must be. */
export const expected = (dir, manifest) => {
  const subs = subpaths(manifest);
  return {
    repository: { ...top.repository, directory: `packages/${dir}` },
    homepage: top.homepage,
    bugs: top.bugs,
    ...(subs.length && { typesVersions: { '*': Object.fromEntries(subs.map((s) => [s, [`./dist/${s}.d.ts`]])) } }),
  };
};

/** The jsr.json of a published package: name and version from package.json, exports → src/*.ts. */
export const expectedJsr = (manifest) => ({
  $schema: 'https://jsr.io/schema/config-file.v1.json',
  name: manifest.name,
  version: manifest.version,
  license: manifest.license,
  exports: Object.fromEntries(
    [['.', './src/index.ts'], ...subpaths(manifest).map((s) => [`./${s}`, `./src/${s}.ts`])],
  ),
});

/** Packages published to JSR: the SDK's runtime packages (the mock is a Node tool and stays on npm). */
export const jsrPackages = ['core', 'jsms', 'jpush', 'ums'];

const problems = [];
for (const dir of readdirSync(path.join(root, 'packages'))) {
  const file = path.join(root, 'packages', dir, 'package.json');
  if (!existsSync(file)) continue;
  const manifest = readJson(file);
  if (manifest.private) continue;
  let changed = false;
  for (const [key, want] of Object.entries(expected(dir, manifest))) {
    if (isDeepStrictEqual(manifest[key], want)) continue;
    problems.push(`packages/${dir}/package.json: ${key} is ${JSON.stringify(manifest[key])}, want ${JSON.stringify(want)}`);
    manifest[key] = want;
    changed = true;
  }
  if (write && changed) writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  if (!jsrPackages.includes(dir)) continue;
  const jsrFile = path.join(root, 'packages', dir, 'jsr.json');
  const jsr = existsSync(jsrFile) ? readJson(jsrFile) : undefined;
  const want = expectedJsr(manifest);
  if (!isDeepStrictEqual(jsr, want)) {
    problems.push(`packages/${dir}/jsr.json: ${jsr ? 'differs from package.json' : 'missing'} (want ${JSON.stringify(want)})`);
    if (write) writeFileSync(jsrFile, JSON.stringify(want, null, 2) + '\n');
  }
}
for (const key of ['repository', 'homepage', 'bugs']) if (!top[key]) problems.push(`package.json: no ${key}`);

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const p of problems) console.log(`${write ? 'fixed  ' : 'FAILURE'} manifests ${p}`);
  if (!problems.length) console.log('ok      manifests: repository, homepage, bugs, typesVersions and jsr.json agree with package.json');
  process.exit(problems.length && !write ? 1 : 0);
}
