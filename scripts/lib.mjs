// Helpers shared by the pipeline scripts.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Services that have a spec, in a fixed order. */
export const services = (process.env.JIGUANG_SERVICES?.split(',') ?? ['jsms', 'jpush', 'ums']).filter((s) => existsSync(path.join(root, 'openapi', s, 'openapi.yaml')));

/** Runs a command, inheriting stdio; exits the process on failure. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off' }, ...opts });
  if (r.status !== 0) {
    console.error(`failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
  return r;
}

/** All files below dir, relative, sorted. */
export function walk(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}
