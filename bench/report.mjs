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
