// scripts/checks/ensure-chromium.mjs, the first step of `npm test`, on a machine without Chromium: pointed at a
// missing executable, with a PATH that has no apt-get or a stand-in apt-get, it must either provision
// through apt-get or stop (never hang) with a message naming Debian's `chromium` package. The real
// apt-get is never run here.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../scripts/checks/ensure-chromium.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'ensure-chromium-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

/** Runs the script; a run that does not stop within 30 s is killed and shows as signal SIGKILL. */
const run = (env: Record<string, string>) => {
  const r = spawnSync(process.execPath, [script], { env: { HOME: tmp, ...env }, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  return { status: r.status, signal: r.signal, out: r.stdout + r.stderr };
};
/** A stand-in apt-get: logs its arguments, then runs `body` (sh). */
const fakeAptGet = (name: string, body: string) => {
  const dir = path.join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'calls.log');
  writeFileSync(path.join(dir, 'apt-get'), `#!/bin/sh\necho "$*" >> "${log}"\n${body}\n`);
  chmodSync(path.join(dir, 'apt-get'), 0o755);
  return { dir, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
};
const missing = path.join(tmp, 'no', 'chromium');
const NAMES_PACKAGE = /install the package "chromium" \(as root: apt-get install -y chromium\)/;

describe('scripts/checks/ensure-chromium.mjs', () => {
  it('passes at once when the executable is there', () => {
    const r = run({ PATH: '', JIGUANG_CHROMIUM: process.execPath });
    expect(r).toMatchObject({ status: 0, signal: null });
    expect(r.out).toContain('present');
  });

  it('without apt-get on PATH: stops with the package to install', () => {
    const r = run({ PATH: path.join(tmp, 'empty-path'), JIGUANG_CHROMIUM: missing });
    expect(r).toMatchObject({ status: 1, signal: null });
    expect(r.out).toMatch(NAMES_PACKAGE);
    expect(r.out).toContain(isRoot ? 'no apt-get on PATH' : 'not root');
  });

  it('when apt-get fails: stops with the package to install', () => {
    const apt = fakeAptGet('failing', 'exit 100');
    const r = run({ PATH: `${apt.dir}:/usr/bin:/bin`, JIGUANG_CHROMIUM: missing });
    expect(r).toMatchObject({ status: 1, signal: null });
    expect(r.out).toMatch(NAMES_PACKAGE);
    if (isRoot) expect(apt.calls()).toEqual([expect.stringMatching(/ update -qq$/)]);
  });

  it('when apt-get hangs: gives up after the time limit instead of waiting', () => {
    const apt = fakeAptGet('hanging', 'sleep 120');
    const r = run({ PATH: `${apt.dir}:/usr/bin:/bin`, JIGUANG_CHROMIUM: missing, JIGUANG_APT_TIMEOUT_MS: '1000' });
    expect(r).toMatchObject({ status: 1, signal: null });
    expect(r.out).toMatch(NAMES_PACKAGE);
    if (isRoot) expect(r.out).toContain('apt-get update failed');
  });

  it.runIf(isRoot)('as root: provisions through apt-get update, then apt-get install -y chromium', () => {
    const target = path.join(tmp, 'provisioned', 'chromium');
    // Stands in for Debian's package: `install` puts an executable where Chromium belongs.
    const apt = fakeAptGet('working', `case "$*" in *install*) mkdir -p "${path.dirname(target)}" && printf '#!/bin/sh\\n' > "${target}" && chmod +x "${target}";; esac`);
    const r = run({ PATH: `${apt.dir}:/usr/bin:/bin`, JIGUANG_CHROMIUM: target });
    expect(r).toMatchObject({ status: 0, signal: null });
    expect(r.out).toContain(`installed ${target}`);
    expect(apt.calls()).toEqual([expect.stringMatching(/ update -qq$/), expect.stringMatching(/ install -y -qq chromium$/)]);
  });
});
