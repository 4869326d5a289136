// Stages what JSR (Deno's registry) publishes: `node scripts/jsr.mjs [outDir]` (default .jsr/).
// JSR takes TypeScript sources, and a package may only contain files inside its own folder, while our
// service packages import their generated code from ../../../generated/<service>/. So each package is
// copied with the generated TypeScript it needs beside its sources (imports rewritten to ../generated/),
// its relative imports pointed at the .ts files JSR serves, and its packages/<dir>/jsr.json turned into
// the member's deno.json. The staged folder is a Deno workspace of the four packages, so that
// `@jiguang-ts/core` resolves to the staged core (offline) and `deno publish` publishes them together,
// in dependency order. Run `deno doc --lint` and `deno publish` from there.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsrPackages } from './checks/manifests.mjs';
import { root } from './lib.mjs';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every file below `dir`, recursively. */
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });

/** `./x.js` → `./x.ts` where the .ts exists (JSR serves sources; Deno does not guess extensions). */
const rewrite = (file, text) =>
  text
    .replace(/(['"])\.\.\/\.\.\/\.\.\/generated\//g, '$1../generated/')
    .replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.js(['"])/g, (all, head, spec, tail) =>
      existsSync(path.resolve(path.dirname(file), `${spec}.ts`)) ? `${head}${spec}.ts${tail}` : all,
    );

/** Stages the JSR workspace into `out` and returns the entry files of every package. */
export function stageJsr(out = path.join(root, '.jsr')) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const entries = [];
  for (const dir of jsrPackages) {
    const pkgDir = path.join(root, 'packages', dir);
    const manifest = readJson(path.join(pkgDir, 'package.json'));
    const jsr = readJson(path.join(pkgDir, 'jsr.json'));
    const dest = path.join(out, dir);
    const services = new Set();
    for (const file of files(path.join(pkgDir, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\.\.\/\.\.\/\.\.\/generated\/([a-z]+)\//g)) services.add(m[1]);
      const target = path.join(dest, path.relative(pkgDir, file));
      mkdirSync(path.dirname(target), { recursive: true });
      // Resolve .ts siblings against the original tree, where the sources and generated code live.
      writeFileSync(target, rewrite(file, text).replace(/\.\.\/generated\/([^'"]+)\.js(['"])/g, (all, p, q) => (existsSync(path.join(root, 'generated', `${p}.ts`)) ? `../generated/${p}.ts${q}` : all)));
    }
    for (const svc of services) {
      for (const file of files(path.join(root, 'generated', svc)).filter((f) => f.endsWith('.ts'))) {
        const target = path.join(dest, 'generated', path.relative(path.join(root, 'generated'), file));
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, rewrite(file, readFileSync(file, 'utf8')));
      }
    }
    cpSync(path.join(pkgDir, 'README.md'), path.join(dest, 'README.md'));
    cpSync(path.join(root, 'LICENSE'), path.join(dest, 'LICENSE'));
    // Third-party code a package bundles on npm (sm-crypto-v2 in /sm2) comes from npm on JSR.
    const imports = Object.fromEntries(Object.entries(manifest.devDependencies ?? {}).map(([name, version]) => [name, `npm:${name}@${version}`]));
    writeFileSync(
      path.join(dest, 'deno.json'),
      JSON.stringify({ ...jsr, ...(Object.keys(imports).length && { imports }), publish: { include: ['src', 'generated', 'README.md', 'LICENSE'] } }, null, 2) + '\n',
    );
    entries.push(...Object.values(jsr.exports).map((e) => path.join(dir, e)));
  }
  writeFileSync(path.join(out, 'deno.json'), JSON.stringify({ workspace: jsrPackages.map((d) => `./${d}`) }, null, 2) + '\n');
  return { dir: out, entries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { dir, entries } = stageJsr(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`staged ${jsrPackages.length} JSR packages in ${path.relative(root, dir) || dir}: ${entries.join(', ')}`);
}
