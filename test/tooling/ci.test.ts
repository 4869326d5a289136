// The GitHub workflow and .ci/run stay one thing: the workflow is valid YAML, runs on every push and pull
// request, in a Debian container with Node 20 as root (what `npm test` expects of a fresh machine), and
// its only command is `.ci/run`, whose commands are the README's: `npm ci`, then `npm test`.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const workflows = path.join(root, '.github', 'workflows');

it('every workflow parses; ci.yml runs .ci/run on push and pull_request in Debian with Node 20', () => {
  for (const f of readdirSync(workflows)) expect(() => parse(readFileSync(path.join(workflows, f), 'utf8'), { strict: true }), f).not.toThrow();
  const ci = parse(readFileSync(path.join(workflows, 'ci.yml'), 'utf8'));
  expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
  const jobs = Object.values<any>(ci.jobs);
  expect(jobs.length).toBeGreaterThan(0);
  for (const job of jobs) {
    expect(job.container).toMatch(/^node:20-(bookworm|trixie)$/);
    expect(job.steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run.trim())).toEqual(['bash .ci/run']);
  }
});

it('.ci/run installs with npm ci and runs npm test, nothing else', () => {
  const commands = readFileSync(path.join(root, '.ci', 'run'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^npm /.test(l));
  expect(commands).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
  expect(scripts.test).toMatch(/^node scripts\/checks\/ensure-chromium\.mjs && /);
});
