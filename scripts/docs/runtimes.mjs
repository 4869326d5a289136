// The README's runtime table ("Runtimes"), written from what the runtime matrix ran. The matrix
// (test/runtime/matrix.test.ts) records each runtime's label, version and PASS/FAIL in
// test/runtime/matrix.json and fails when the README table is not the one this module renders from that
// run; `node scripts/docs/runtimes.mjs` rewrites the table between its markers from the recorded run.
// test/docs/runtime-table.test.ts checks, without running any runtime, that README and the record agree.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from '../lib.mjs';

export const RECORD = path.join(root, 'test', 'runtime', 'matrix.json');
export const README = path.join(root, 'README.md');
const START = '<!-- runtimes:start (written by node scripts/docs/runtimes.mjs from the runtime matrix) -->';
const END = '<!-- runtimes:end -->';

// README rows: which matrix runs they stand for, how a version is shown, and how npm test runs them.
const ROWS = [
  ['Node.js, ES modules', ['Node 20 (ESM)', 'Node 24 (ESM)'], (v) => v.replace(/^v/, ''), '`import` of the installed packages (`dist/index.js`)'],
  ['Node.js, CommonJS', ['Node 20 (CJS)'], (v) => v.replace(/^v/, ''), '`require()` of the installed packages (`dist/index.cjs`)'],
  ['Deno', ['Deno (+ deno check)'], (v) => v, '`deno run --allow-net=127.0.0.1` in a terminal (a permission prompt fails the test), plus `deno check` of a typed file'],
  ['Bun', ['Bun'], (v) => v, '`bun` from the `@oven/bun-linux-x64` package'],
  ['Cloudflare Workers', ['Cloudflare Workers (workerd)'], (v) => `workerd ${v.replace('(miniflare', '(Miniflare')}`, 'esbuild bundle (`workerd` condition) in Miniflare, credentials from `env` bindings'],
  ['Vercel Edge', ['Vercel Edge (edge-runtime)'], (v) => `edge-runtime ${v}`, 'esbuild bundle (`edge-light` condition) in the `edge-runtime` package'],
  ['Browsers', ['Chromium'], (v) => `Chromium ${v}`, 'esbuild browser bundle in headless Chromium: `dangerouslyAllowBrowser`, the guard without it, and the proxy pattern below'],
];

/** The matrix runs the table stands for, by label. */
export const LABELS = ROWS.flatMap(([, labels]) => labels);

/** The Markdown table for a run (`[{ label, version, status }]`); throws unless every runtime passed. */
export function renderTable(run) {
  const lines = ['| Runtime | Version tested | How `npm test` runs it |', '|---|---|---|'];
  for (const [name, labels, show, how] of ROWS) {
    const versions = labels.map((label) => {
      const r = run.find((x) => x.label === label);
      if (!r || r.status !== 'PASS') throw new Error(`runtime matrix: ${label} ${r ? r.status : 'did not run'}; the table lists only runtimes that passed`);
      return show(r.version);
    });
    lines.push(`| ${name} | ${versions.join(', ')} | ${how} |`);
  }
  return lines.join('\n');
}

/** The table in README.md between the markers, or undefined if the markers are missing. */
export function readmeTable(text = readFileSync(README, 'utf8')) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a === -1 || b === -1 ? undefined : text.slice(a + START.length, b).trim();
}

/** README.md text with the table replaced. */
export const withTable = (text, table) => {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b === -1) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`;
};

/** The recorded run. */
export const recorded = () => JSON.parse(readFileSync(RECORD, 'utf8')).runtimes;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(README, withTable(readFileSync(README, 'utf8'), renderTable(recorded())));
  console.log(`README.md: runtime table written from ${path.relative(root, RECORD)}`);
}
