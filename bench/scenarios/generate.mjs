// Wall time of `npm run generate` (specs → generated/), once, with a check that it reproduced generated/
// byte for byte.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { walk } from '../../scripts/lib.mjs';
import { num, table } from '../stats.mjs';

const digest = (dir) => {
  const h = createHash('sha256');
  for (const f of walk(dir)) h.update(f).update(readFileSync(path.join(dir, f)));
  return h.digest('hex');
};

export default {
  id: 'generate',
  title: '`npm run generate`',
  async run(ctx) {
    const dir = path.join(ctx.root, 'generated');
    const before = digest(dir);
    const t0 = performance.now();
    const r = spawnSync('npm', ['run', 'generate', '--silent'], { cwd: ctx.root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off' } });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`npm run generate failed:\n${r.stdout}${r.stderr}`.slice(0, 4000));
    const same = digest(dir) === before;
    const markdown = [
      'One run (it is seconds long and CPU-bound, so it runs after the timed client scenarios). No peer does this step, so there is no ratio.',
      '',
      table(['Step', 'Wall time (s)', 'generated/ reproduced byte for byte'], [['`npm run generate`', num(ms / 1000), same ? 'yes' : 'no: the run changed generated/']]),
    ].join('\n');
    return { markdown, targets: [] };
  },
};
