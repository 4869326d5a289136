// npm run check:imports: the import graph of every package's sources, read by madge.
// 1. No circle anywhere (type-only imports count: a circle of types still ties the modules together).
// 2. In @jiguang-ts/core, imports run one way: features → transport → errors. A file imports only from
//    its own folder or a lower layer; features do not import each other, so each can be read (and
//    dropped from a bundle) on its own.
// Usage: node scripts/checks/imports.mjs [dir…]   (default: packages/*/src; a dir outside core is checked for circles only)
import madge from 'madge';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from '../lib.mjs';

/** Layers of packages/core/src, bottom first. Entry files (index.ts, node.ts) sit above everything. */
export const LAYERS = [['errors'], ['transport'], ['callbacks', 'bulk', 'pagination', 'validation', 'idempotency']];

const layerOf = (file) => {
  const folder = file.includes('/') ? file.split('/')[0] : undefined;
  if (!folder) return { rank: LAYERS.length, folder: '(entry)' };
  const rank = LAYERS.findIndex((l) => l.includes(folder));
  return { rank, folder };
};

/** Problems in one source folder: circles, and (for core) imports against the layers. */
export async function checkImports(dir, { layered = path.resolve(dir) === path.join(root, 'packages', 'core', 'src') } = {}) {
  const res = await madge(dir, { fileExtensions: ['ts'], tsConfig: path.join(root, 'tsconfig.json'), detectiveOptions: { ts: { skipTypeImports: false } } });
  const problems = res.circular().map((c) => `circle: ${[...c, c[0]].join(' → ')}`);
  const graph = res.obj();
  if (layered) {
    for (const [file, deps] of Object.entries(graph)) {
      const from = layerOf(file);
      if (from.rank < 0) problems.push(`${file}: folder "${from.folder}" is in no layer (add it to LAYERS in scripts/checks/imports.mjs)`);
      for (const dep of deps) {
        const to = layerOf(dep);
        if (to.folder === from.folder) continue;
        if (to.rank >= from.rank) problems.push(`${file} → ${dep}: ${to.rank === from.rank ? 'features do not import each other' : 'a lower layer imports a higher one'}`);
      }
    }
  }
  return { files: Object.keys(graph).length, arrows: Object.values(graph).reduce((n, d) => n + d.length, 0), problems };
}

if (process.argv[1] === import.meta.filename) {
  const dirs = process.argv.slice(2).length
    ? process.argv.slice(2)
    : readdirSync(path.join(root, 'packages')).map((p) => path.join(root, 'packages', p, 'src')).filter(existsSync);
  let failed = false;
  for (const dir of dirs) {
    const { files, arrows, problems } = await checkImports(path.resolve(dir));
    const name = path.relative(root, path.resolve(dir)) || dir;
    for (const p of problems) console.error(`✗ ${name}: ${p}`);
    console.log(`${problems.length ? 'FAIL' : 'ok  '}    imports ${name}: ${files} files, ${arrows} imports, ${problems.length} problems`);
    failed ||= problems.length > 0;
  }
  if (failed) process.exit(1);
}
