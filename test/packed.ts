// The packages as users get them: `npm pack` of every packages/* (what `npm run build` left in dist/),
// installed from the tarballs into a throwaway consumer project in the OS temp directory — outside the
// workspace, so nothing can resolve the workspace sources. Shared by the runtime matrix, the type tests
// and the package checks; the install is reused while the tarballs are byte-identical (npm pack is
// deterministic), and one process at a time packs (test files run in parallel).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** Every workspace package directory name (core, jpush, jsms, ums). */
export const packageDirs = readdirSync(path.join(root, 'packages')).filter((d) => existsSync(path.join(root, 'packages', d, 'package.json')));

export interface PackedPackage {
  name: string;
  /** packages/<dir> */
  dir: string;
  tarball: string;
  /** Paths inside the tarball, as npm pack lists them. */
  files: string[];
  /** Where the consumer resolved it: <consumer>/node_modules/@jiguang-ts/<dir>. */
  installed: string;
}
export interface Packed {
  /** The consumer project (outside the workspace). */
  dir: string;
  packages: PackedPackage[];
}

/** Environment for npm in the consumer: nothing inherited from the workspace's own npm run. */
export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  NO_UPDATE_NOTIFIER: '1',
  ...extra,
});

const consumerDir = path.join(tmpdir(), `jiguang-ts-consumer-${createHash('sha1').update(root).digest('hex').slice(0, 10)}`);

const withLock = async <T>(lock: string, fn: () => T): Promise<T> => {
  for (const start = Date.now(); ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than 5 minutes belongs to a process that died mid-install.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - start > 360_000) throw new Error(`waited 6 min for ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

let memo: Promise<Packed> | undefined;

/** Packs every package and installs the tarballs into the consumer project (once per change). */
export const packed = (): Promise<Packed> => (memo ??= withLock(`${consumerDir}.lock`, pack));

function pack(): Packed {
  for (const d of packageDirs) {
    if (!existsSync(path.join(root, 'packages', d, 'dist'))) throw new Error(`packages/${d}/dist missing: run npm run build first`);
  }
  const dir = consumerDir;
  if (dir.startsWith(root + path.sep)) throw new Error(`consumer ${dir} is inside the workspace`);
  const fresh = path.join(dir, 'tarballs.new');
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  const out = execFileSync('npm', ['pack', '--workspaces', '--json', '--pack-destination', fresh], {
    cwd: root,
    env: cleanEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const list = JSON.parse(out) as { name: string; filename: string; files: { path: string }[] }[];
  const fingerprint = createHash('sha256');
  for (const p of list.sort((a, b) => a.name.localeCompare(b.name))) fingerprint.update(p.name).update(readFileSync(path.join(fresh, p.filename)));
  const hash = fingerprint.digest('hex');
  const stamp = path.join(dir, 'fingerprint');
  const tarballs = path.join(dir, 'tarballs');
  const reuse = existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(path.join(dir, 'node_modules', '@jiguang-ts'));
  if (!reuse) {
    for (const e of readdirSync(dir)) if (e !== 'tarballs.new') rmSync(path.join(dir, e), { recursive: true, force: true });
    execFileSync('mv', [fresh, tarballs]);
    const deps = Object.fromEntries(list.map((p) => [p.name, `file:tarballs/${p.filename}`]));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'jiguang-ts-consumer', private: true, type: 'module', dependencies: deps }, null, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=error'], {
      cwd: dir,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    writeFileSync(stamp, hash);
  } else {
    rmSync(fresh, { recursive: true, force: true });
  }
  writeFileSync(path.join(dir, 'pack.json'), JSON.stringify(list, null, 2));
  const byName = new Map(list.map((p) => [p.name, p]));
  const packages = packageDirs.map((d) => {
    const name = JSON.parse(readFileSync(path.join(root, 'packages', d, 'package.json'), 'utf8')).name as string;
    const p = byName.get(name);
    if (!p) throw new Error(`npm pack produced no tarball for ${name}`);
    const installed = path.join(dir, 'node_modules', ...name.split('/'));
    // A real copy from the tarball, never a link back into the workspace.
    if (realpathSync(installed) !== installed) throw new Error(`${installed} is a link to ${realpathSync(installed)}`);
    return { name, dir: d, tarball: path.join(tarballs, p.filename), files: p.files.map((f) => f.path), installed };
  });
  return { dir, packages };
}

/**
 * Throws unless every path is inside the consumer project and none is inside the workspace: what a
 * runtime or bundler resolved `@jiguang-ts/*` to must be the installed tarball.
 */
export const assertFromTarballs = (consumer: string, resolved: string[]) => {
  const bad = resolved.filter((f) => {
    const p = f.startsWith('file://') ? new URL(f).pathname : f;
    return !p.startsWith(consumer + path.sep) || p.startsWith(root + path.sep);
  });
  if (!resolved.length || bad.length) throw new Error(`resolved outside the consumer ${consumer}: ${bad.join(', ') || '(nothing resolved)'}`);
};
