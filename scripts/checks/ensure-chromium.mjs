// First step of `npm test`: the browser tests (docs, runtime matrix) drive Debian's Chromium through
// playwright-core. When it is missing and we are root with apt-get, install Debian's `chromium` package
// (each apt-get step time-bounded, never interactive); otherwise stop at once saying what to install.
// Never downloads a browser build of its own.
// JIGUANG_CHROMIUM (the executable, default /usr/bin/chromium) and JIGUANG_APT_TIMEOUT_MS exist for the
// test of this script (test/tooling/ensure-chromium.test.ts).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const chromium = process.env.JIGUANG_CHROMIUM || '/usr/bin/chromium';
const limit = Number(process.env.JIGUANG_APT_TIMEOUT_MS) || 15 * 60_000;

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const fail = (why) => {
  console.error(
    `ensure-chromium: ${chromium} is missing ${why}.\n` +
      `The browser tests need Debian's Chromium: install the package "chromium" (as root: apt-get install -y chromium), then run npm test again.`,
  );
  process.exit(1);
};

if (executable(chromium)) {
  console.log(`ensure-chromium: ${chromium} present`);
  process.exit(0);
}
if (process.getuid?.() !== 0) fail('and this user is not root, so it cannot be installed here');
const aptGet = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter(Boolean)
  .map((dir) => path.join(dir, 'apt-get'))
  .find(executable);
if (!aptGet) fail('and there is no apt-get on PATH (not Debian?)');

console.log(`ensure-chromium: ${chromium} missing; installing Debian's chromium package with apt-get`);
const options = ['-o', 'DPkg::Lock::Timeout=120', '-o', 'Acquire::Retries=1', '-o', 'Acquire::http::Timeout=30'];
// apt-get runs in its own process group so that a time-out (or Ctrl-C) ends it with all its helpers.
const aptStep = (args) =>
  new Promise((resolve) => {
    const child = spawn(aptGet, [...options, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      detached: true,
    });
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    const onSignal = () => (stop(), process.exit(130));
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const timer = setTimeout(() => (stop(), resolve(`no answer within ${limit} ms`)), limit);
    const done = (why) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      resolve(why);
    };
    child.on('error', (e) => done(e.message));
    child.on('exit', (code, signal) => done(code === 0 ? null : (signal ?? `exit ${code}`)));
  });
for (const step of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
  const why = await aptStep(step);
  if (why) fail(`and apt-get ${step[0]} failed (${why})`);
}
if (!executable(chromium)) fail('after apt-get install chromium');
console.log(`ensure-chromium: installed ${chromium}`);
