// JSR (Deno's registry), checked offline: scripts/jsr.mjs stages the four SDK packages as a Deno workspace
// (sources plus the generated code they import, since a JSR package holds only its own folder); `deno doc
// --lint` finds every export documented and no slow type; `deno publish --dry-run` builds each package's
// upload. The dry run resolves the one npm package the sources import (sm-crypto-v2, for /sm2) through the
// npm registry, so a loopback registry serves it from this project's node_modules; JSR itself is pointed at
// a loopback server too, and neither may be asked for anything else. Deno starts with an empty cache.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, packed, root } from '../packed.js';

const DENO = path.join(root, 'node_modules', '.bin', 'deno');
const JSR_PACKAGES = ['core', 'jsms', 'jpush', 'ums'];
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(root, 'packages', dir, 'package.json'), 'utf8'));

/** A package and its dependencies as installed under node_modules (nested copies first, like Node). */
const installed = (name: string, from = root, out = new Map<string, { dir: string; json: any }>()) => {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(p, 'package.json'))) {
      const json = JSON.parse(readFileSync(path.join(p, 'package.json'), 'utf8'));
      if (!out.has(name)) {
        out.set(name, { dir: p, json });
        for (const dep of Object.keys(json.dependencies ?? {})) installed(dep, p, out);
      }
      return out;
    }
    if (dir === path.dirname(dir)) throw new Error(`${name} is not installed`);
  }
};

/** A loopback npm registry serving `packages` (packument and tarball) and recording every request. */
const npmRegistry = async (packages: Map<string, { dir: string; json: any }>) => {
  const requests: string[] = [];
  const tarballs = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    requests.push(req.url!);
    const url = decodeURIComponent(req.url!);
    const tgz = tarballs.get(url);
    if (tgz) return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tgz);
    const pkg = packages.get(url.slice(1));
    if (!pkg) return res.writeHead(404).end();
    const { name, version, dependencies } = pkg.json;
    const file = `/${name}/-/${name.split('/').pop()}-${version}.tgz`;
    const data = (tarballs.get(file) ?? tarballs.set(file, execFileSync('tar', ['-czf', '-', '--exclude=./node_modules', '--transform', 's,^\\./,package/,', '-C', pkg.dir, '.'])).get(file))!;
    const dist = {
      tarball: `http://127.0.0.1:${(server.address() as AddressInfo).port}${file}`,
      shasum: createHash('sha1').update(data).digest('hex'),
      integrity: 'sha512-' + createHash('sha512').update(data).digest('base64'),
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, 'dist-tags': { latest: version }, versions: { [version]: { name, version, dependencies, dist } } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
};

let stage: string;
let denoDir: string;
beforeAll(() => {
  stage = mkdtempSync(path.join(tmpdir(), 'jiguang-jsr-'));
  denoDir = mkdtempSync(path.join(tmpdir(), 'jiguang-deno-'));
  execFileSync(process.execPath, [path.join(root, 'scripts', 'jsr.mjs'), stage], { cwd: root, stdio: 'pipe' });
});
afterAll(() => {
  for (const d of [stage, denoDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const deno = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; out: string }>((resolve) =>
    execFile(DENO, args, { cwd: stage, timeout: 240_000, maxBuffer: 64 << 20, env: cleanEnv({ DENO_DIR: denoDir, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env }) }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );

describe('JSR packages (staged by scripts/jsr.mjs)', () => {
  it('each is a workspace member named and versioned as on npm, exporting the TypeScript sources of the npm entries', () => {
    const workspace = JSON.parse(readFileSync(path.join(stage, 'deno.json'), 'utf8'));
    expect(workspace.workspace).toEqual(JSR_PACKAGES.map((d) => `./${d}`));
    for (const dir of JSR_PACKAGES) {
      const npm = manifest(dir);
      const member = JSON.parse(readFileSync(path.join(stage, dir, 'deno.json'), 'utf8'));
      const jsr = JSON.parse(readFileSync(path.join(root, 'packages', dir, 'jsr.json'), 'utf8'));
      expect([member.name, member.version, jsr.name, jsr.version]).toEqual([npm.name, npm.version, npm.name, npm.version]);
      const entries = Object.keys(npm.exports).filter((e) => e !== './package.json');
      expect(Object.keys(member.exports)).toEqual(entries);
      for (const file of Object.values<string>(member.exports)) expect(existsSync(path.join(stage, dir, file)), file).toBe(true);
      // Nothing points outside the package folder any more.
      const outside = readdirSync(path.join(stage, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .filter((f) => /from '(\.\.\/){3}|\.js'/.test(readFileSync(path.join(stage, dir, f), 'utf8')));
      expect(outside).toEqual([]);
    }
  }, 30_000);

  it('deno doc --lint: every export documented, no slow type, no private type in a public one', async () => {
    const entries = JSR_PACKAGES.flatMap((dir) =>
      Object.keys(manifest(dir).exports)
        .filter((e) => e !== './package.json')
        .map((e) => path.join(dir, 'src', `${e === '.' ? 'index' : e.slice(2)}.ts`)),
    );
    const { code, out } = await deno(['doc', '--lint', ...entries]);
    expect(out).toContain(`Checked ${entries.length} files`);
    expect(out).not.toMatch(/error\[/);
    expect(code).toBe(0);
  }, 120_000);

  it('deno publish --dry-run builds every package, offline (loopback npm registry, loopback JSR)', async () => {
    const npm = await npmRegistry(installed('sm-crypto-v2'));
    const jsrRequests: string[] = [];
    const jsr = createServer((req, res) => (jsrRequests.push(req.url!), res.writeHead(404).end()));
    await new Promise<void>((r) => jsr.listen(0, '127.0.0.1', r));
    try {
      const { code, out } = await deno(['publish', '--dry-run'], {
        NPM_CONFIG_REGISTRY: npm.url,
        JSR_URL: `http://127.0.0.1:${(jsr.address() as AddressInfo).port}/`,
      });
      expect(out).not.toMatch(/^error/im);
      expect(code, out).toBe(0);
      for (const dir of JSR_PACKAGES) {
        const { name, version } = manifest(dir);
        expect(out).toContain(`Simulating publish of ${name}@${version} with files:`);
      }
      // The generated code travels inside each service package; the sources import it from there.
      expect(out).toMatch(/jpush\/generated\/jpush\/operations\.gen\.ts/);
      expect(out).toMatch(/jsms\/generated\/jsms\/api\/types\.gen\.ts/);
      // Slow types were checked (no --allow-slow-types) and none was found, or the run would have failed.
      expect(out).toContain('Checking for slow types in the public API...');
      expect(out).toContain('Success Dry run complete');
      // Only the npm package the sources import (and its own dependencies) was asked for; JSR never.
      expect(new Set(npm.requests.filter((u) => !u.endsWith('.tgz')).map(decodeURIComponent))).toEqual(new Set(['/sm-crypto-v2', '/@noble/curves', '/@noble/hashes', '/@noble/ciphers']));
      expect(jsrRequests).toEqual([]);
    } finally {
      await npm.close();
      await new Promise<void>((r) => jsr.close(() => r()));
    }
  }, 240_000);

  it("the README's Deno examples type-check against local builds, as its Deno section explains (links, tarballs), offline", async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Deno'), readme.indexOf('\n## ', readme.indexOf('### Deno')));
    const blocks = [...section.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]!);
    const jsrBlock = blocks.find((b) => b.includes("from 'jsr:@jiguang-ts/"))!;
    const npmBlock = blocks.find((b) => b.includes("from 'npm:@jiguang-ts/"))!;
    expect([jsrBlock, npmBlock].every(Boolean)).toBe(true);
    expect(section).toContain('"links": ["../jiguang-jsr/core", "../jiguang-jsr/jpush"]');
    expect(section).toContain('"nodeModulesDir": "manual"');
    expect(readme).toMatch(/mkdir -p \.\.\/jiguang-tarballs[^\n]*\n\s*npm pack --workspaces --pack-destination \.\.\/jiguang-tarballs/);
    const offline = { JSR_URL: 'http://127.0.0.1:9/', NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/' };
    // jsr: through "links" to the staged JSR packages.
    const app = path.join(stage, '..', `${path.basename(stage)}-app`);
    mkdirSync(app, { recursive: true });
    try {
      writeFileSync(path.join(app, 'deno.json'), JSON.stringify({ links: JSR_PACKAGES.map((d) => path.join(stage, d)) }));
      writeFileSync(path.join(app, 'push.ts'), jsrBlock);
      const jsr = await new Promise<{ code: number; out: string }>((resolve) =>
        execFile(DENO, ['check', 'push.ts'], { cwd: app, timeout: 120_000, env: cleanEnv({ DENO_DIR: denoDir, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...offline }) }, (err, stdout, stderr) =>
          resolve({ code: err ? 1 : 0, out: stdout + stderr }),
        ),
      );
      expect(jsr.code, jsr.out).toBe(0);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
    // npm: through the installed tarballs (the runtime matrix's consumer project) in manual node_modules mode.
    const consumer = (await packed()).dir;
    const file = path.join(consumer, 'run-readme-deno', 'send-code.ts');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, npmBlock);
    const npm = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(DENO, ['check', '--node-modules-dir=manual', path.relative(consumer, file)], { cwd: consumer, timeout: 120_000, env: cleanEnv({ DENO_DIR: path.join(consumer, '.deno'), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...offline }) }, (err, stdout, stderr) =>
        resolve({ code: err ? 1 : 0, out: stdout + stderr }),
      ),
    );
    expect(npm.code, npm.out).toBe(0);
  }, 600_000);
});
