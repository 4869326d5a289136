// BENCHMARKS.md and the README's Benchmarks block, written from the scenarios' results.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { peers, version } from './peers.mjs';
import { mark, table } from './stats.mjs';

const git = (root, ...args) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

/** CPU, cores, OS, Node, package versions and the commit measured. */
export function environment(root, load) {
  const osRelease = existsSync('/etc/os-release') ? /PRETTY_NAME="?([^"\n]+)/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  const commit = git(root, 'rev-parse', '--short', 'HEAD');
  const dirty = git(root, 'status', '--porcelain', '--', 'packages', 'generated', 'scripts', 'bench');
  return [
    ['CPU', `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length} (${os.availableParallelism()} usable)`],
    ['Memory', `${Math.round(os.totalmem() / 2 ** 30)} GiB`],
    ['Load average (1 min)', `${load[0].toFixed(1)} at the start, ${load[1].toFixed(1)} at the end of the run`],
    ['OS', `${osRelease ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`],
    ['Node', process.version],
    ['jiguang-ts', `${commit || 'unknown commit'}${dirty ? ' with uncommitted changes' : ''} (built packages)`],
    ['ky', version('ky')],
    ['openapi-fetch', version('openapi-fetch')],
    ['jpush-async', version('jpush-async')],
    ['jpush-sdk', `${version('jpush-sdk')} (request ${version('request', 'node_modules/jpush-sdk')})`],
    ['esbuild', version('esbuild')],
  ];
}

const targetsTable = (targets) => table(['Target (DESIGN.md)', 'Measured', 'Status'], targets.map((t) => [t.target, t.measured, mark(t.met)]));

/** The whole BENCHMARKS.md. */
export function benchmarksMarkdown({ root, results, targets, wallSeconds, load }) {
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (the whole run took ${Math.round(wallSeconds)} s); do not edit by hand. Timings move between runs, a lot on a busy machine (see the load average below): compare clients within one run, through their ratios, and repeat a run before trusting a timing target that is close to its limit.`,
    '',
    `**${targets.filter((t) => t.met).length} of ${targets.length} targets met.**`,
    '',
    targetsTable(targets),
    '',
    '## Machine and versions',
    '',
    table(['', ''], environment(root, load)),
    '',
    '## Clients compared',
    '',
    'Every client sends the same `POST /v3/push` with Basic auth to one local keep-alive `node:http` server running in its own process (so its CPU time is not the client\'s). The server answers `{"sendno":"0","msg_id":"54043195528782545"}` with `X-Rate-Limit-*` headers, and `/v3/push/cid` with fresh cids.',
    '',
    ...peers.map((p) => `- **${p.label}**: ${p.note}.`),
    '',
    ...results.flatMap((r) => [`## ${r.title}`, '', r.markdown, '']),
  ].join('\n');
}

const unmark = (status) => status.trim() === mark(true);

/**
 * A partial run: replaces the sections and target rows of the scenarios in `results` in BENCHMARKS.md
 * (adding them when new) and leaves every other figure as the last full run wrote it → every target now listed.
 */
export function updateBenchmarks(root, results) {
  const file = path.join(root, 'BENCHMARKS.md');
  let text = readFileSync(file, 'utf8');
  const day = new Date().toISOString().slice(0, 10);
  // Target rows: the old ones of these scenarios out, the new ones in at the place of the first.
  const lines = text.split('\n');
  const head = lines.findIndex((l) => l.startsWith('| Target (DESIGN.md)'));
  let end = head + 2;
  while (lines[end]?.startsWith('|')) end++;
  const mine = (row) => results.some((r) => r.targetPrefix && row.startsWith(`| ${r.targetPrefix}`));
  const rows = lines.slice(head + 2, end);
  const at = rows.findIndex(mine);
  const kept = rows.filter((row) => !mine(row));
  const fresh = results.flatMap((r) => r.targets).map((t) => `| ${t.target} | ${t.measured} | ${mark(t.met)} |`);
  kept.splice(at < 0 ? kept.length : at, 0, ...fresh);
  lines.splice(head + 2, end - head - 2, ...kept);
  text = lines.join('\n');
  const targets = kept.map((row) => {
    const [target, measured, status] = row.slice(2, -2).split(' | ');
    return { target, measured, met: unmark(status) };
  });
  text = text.replace(/\*\*\d+ of \d+ targets met\.\*\*/, `**${targets.filter((t) => t.met).length} of ${targets.length} targets met.**`);
  for (const r of results) {
    const section = `## ${r.title}\n\n_Measured on ${day} by \`npm run bench -- ${results.map((x) => x.id).join(' ')} --write\` (the other sections are from the last full run)._\n\n${r.markdown}\n\n`;
    const a = text.indexOf(`## ${r.title}\n`);
    if (a < 0) {
      const before = text.indexOf('## `npm run generate`');
      text = before < 0 ? `${text.trimEnd()}\n\n${section}` : text.slice(0, before) + section + text.slice(before);
      continue;
    }
    const b = text.indexOf('\n## ', a + 3);
    text = text.slice(0, a) + section + (b < 0 ? '' : text.slice(b + 1));
  }
  writeFileSync(file, text.trimEnd() + '\n');
  return targets;
}

const START = '<!-- benchmarks:start (written by npm run bench) -->';
const END = '<!-- benchmarks:end -->';

/** Rewrites the marked block of README.md; false when the README has no such block. */
export function updateReadme(root, targets) {
  const file = path.join(root, 'README.md');
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  const met = targets.filter((t) => t.met);
  const unmet = targets.filter((t) => !t.met);
  const block = [
    START,
    `Last run (${new Date().toISOString().slice(0, 10)}, Node ${process.version}): **${met.length} of ${targets.length} targets met.**`,
    '',
    ...(met.length ? ['Met:', '', ...met.map((t) => `- ${t.target}: ${t.measured}`), ''] : []),
    ...(unmet.length ? ['Not met yet:', '', ...unmet.map((t) => `- ${t.target}: ${t.measured}`), ''] : []),
    END,
  ].join('\n');
  writeFileSync(file, text.slice(0, a) + block + text.slice(b + END.length));
  return true;
}
