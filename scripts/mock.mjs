// Starts Prism mock servers from the bundled specs on free loopback ports (request validation on).
// As a library: `const m = await startMock('jsms'); m.url; await m.stop();`
// As a command: `node scripts/mock.mjs jsms [port]` runs until Ctrl-C.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './lib.mjs';

const prismCli = path.join(root, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * Starts Prism for one service's bundled spec (generated/<svc>/openapi.json).
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>, logs: () => string}>}
 */
export async function startMock(svc, { port, timeoutMs = 60_000 } = {}) {
  const spec = path.join(root, 'generated', svc, 'openapi.json');
  if (!existsSync(spec)) throw new Error(`${spec} missing: run npm run generate`);
  port ??= await freePort();
  // Prism 5.16 needs Node ≥ 24.18: run it with the Node that runs this script (node_modules/.bin/node under npm).
  const child = spawn(process.execPath, [prismCli, 'mock', spec, '-h', '127.0.0.1', '-p', String(port), '--cors', 'false', '-v', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism (${svc}) exited ${child.exitCode}:\n${out}`);
    try {
      await fetch(url + '/__prism_ready_probe');
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`prism (${svc}) did not start within ${timeoutMs} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    url,
    port,
    logs: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [svc = 'jsms', port] = process.argv.slice(2);
  const m = await startMock(svc, { port: port ? Number(port) : undefined });
  console.log(`Prism mock for ${svc} on ${m.url} (Ctrl-C to stop)`);
  process.on('SIGINT', () => m.stop().then(() => process.exit(0)));
}
