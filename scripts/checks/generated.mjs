// npm run check:generated — regenerates every service into a temp dir and fails if generated/ differs
// (stale after a spec change, or hand-edited). Needs no git, so it also works on dirty trees.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, run, services, walk } from '../lib.mjs';

const tmp = mkdtempSync(path.join(tmpdir(), 'jiguang-gen-'));
try {
  run(process.execPath, [path.join(root, 'scripts', 'generate', 'index.mjs'), '--out', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
  const problems = [];
  for (const svc of services) {
    const fresh = walk(path.join(tmp, svc));
    const committed = walk(path.join(root, 'generated', svc));
    for (const f of new Set([...fresh, ...committed])) {
      const a = path.join(tmp, svc, f);
      const b = path.join(root, 'generated', svc, f);
      if (!fresh.includes(f)) problems.push(`generated/${svc}/${f}: not produced by the generator (remove it)`);
      else if (!committed.includes(f)) problems.push(`generated/${svc}/${f}: missing`);
      else if (!readFileSync(a).equals(readFileSync(b))) problems.push(`generated/${svc}/${f}: differs from a fresh generation`);
    }
  }
  if (problems.length) {
    console.error(`generated/ is stale — run \`npm run generate\` and commit:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`generated/ is up to date with openapi/ (${services.join(', ')})`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
