// npm run bench: per-call cost, bundle sizes, cold start and generate time of jiguang-ts side by side
// with its peers, in one run, written to BENCHMARKS.md (and the README's Benchmarks block).
//
//   npm run bench                    build, then every scenario; writes BENCHMARKS.md and README.md
//                                    (the SDK is always measured from a fresh `npm run build`)
//   npm run bench -- per-call        only the named scenarios (printed, nothing written)
//   npm run bench -- bulk --write    only the named scenarios, and rewrite just their sections and target
//                                    rows in BENCHMARKS.md (and the README block); the rest stays as it was
//   BENCH_QUICK=1 npm run bench      few short rounds, to try the harness (printed, nothing written)
//
// A scenario is a module in scenarios/ exporting { id, title, run(ctx) → { markdown, targets } }; add one
// to the list below. ctx.server(mode, options) starts (once) the local server of server-modes/<mode>.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../scripts/lib.mjs';
import { startServer } from './processes.mjs';
import { benchmarksMarkdown, updateBenchmarks, updateReadme } from './report.mjs';
import bulk from './scenarios/bulk.mjs';
import sharedWindow from './scenarios/shared-window.mjs';
import bundle from './scenarios/bundle.mjs';
import coldStart from './scenarios/cold-start.mjs';
import generate from './scenarios/generate.mjs';
import perCall from './scenarios/per-call.mjs';
import { mark } from './stats.mjs';

// Order matters: sizes first (no timing), then the timed scenarios, generate (CPU-heavy) last.
const scenarios = [bundle, perCall, coldStart, bulk, sharedWindow, generate];

const quick = !!process.env.BENCH_QUICK;
const scale = quick
  ? { perCall: { rounds: 2, minRounds: 1, seconds: 60, sequential: 100, concurrent: 500 }, coldStart: { repetitions: 3 } }
  : // per-call stops adding rounds after `seconds` (at least minRounds) so that the run stays well under 10 minutes.
    { perCall: { rounds: 16, minRounds: 6, seconds: 200, sequential: 150, concurrent: 1000 }, coldStart: { repetitions: 20 } };

const write = process.argv.includes('--write');
const wanted = process.argv.slice(2).filter((a) => a !== '--write');
const unknown = wanted.filter((w) => !scenarios.some((s) => s.id === w));
if (unknown.length) {
  console.error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? scenarios.filter((s) => wanted.includes(s.id)) : scenarios;
const complete = selected.length === scenarios.length && !quick;

const cache = path.join(root, 'node_modules', '.cache', 'jiguang-bench');
mkdirSync(cache, { recursive: true });
const servers = {};
const ctx = {
  root,
  scale,
  log: (msg) => console.log(`· ${msg}`),
  /** The local server in `mode`, started on first use and stopped at the end of the run. */
  server: (mode, options = {}) => (servers[mode] ??= startServer(mode, options)),
  /** Writes module source below node_modules/.cache (so that package imports resolve) → its path. */
  writeModule: (name, source) => {
    const file = path.join(cache, `${name}.mjs`);
    writeFileSync(file, source);
    return file;
  },
};

const started = Date.now();
// How busy the machine was says how far to trust the timings; it goes into the report.
const loadStart = os.loadavg()[0];
console.log('== npm run build');
const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('npm run build failed: nothing measured');
  process.exit(1);
}
ctx.log(`build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
const results = [];
try {
  for (const s of selected) {
    const t0 = Date.now();
    console.log(`\n== ${s.title}`);
    const r = await s.run(ctx);
    results.push({ ...s, ...r });
    console.log(`\n${r.markdown}\n`);
    ctx.log(`${s.id} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  for (const s of Object.values(servers)) (await s).close();
}

const targets = results.flatMap((r) => r.targets);
const wallSeconds = (Date.now() - started) / 1000;
console.log(`\n== Targets: ${targets.filter((t) => t.met).length} of ${targets.length} met`);
for (const t of targets) console.log(`${mark(t.met).padEnd(11)} ${t.target}: ${t.measured}`);
console.log(`\nbench wall time ${wallSeconds.toFixed(0)} s (build included)`);
if (complete) {
  writeFileSync(path.join(root, 'BENCHMARKS.md'), benchmarksMarkdown({ root, results, targets, wallSeconds, load: [loadStart, os.loadavg()[0]] }));
  console.log(`wrote BENCHMARKS.md${updateReadme(root, targets) ? ' and the Benchmarks block of README.md' : ' (README.md has no Benchmarks block to update)'}`);
} else if (write && !quick) {
  const all = updateBenchmarks(root, results);
  console.log(`rewrote the sections of ${results.map((r) => r.id).join(', ')} in BENCHMARKS.md${updateReadme(root, all) ? ' and the Benchmarks block of README.md' : ''}`);
} else {
  console.log('partial or quick run: BENCHMARKS.md and README.md left as they are (add --write to update the scenarios run)');
}
