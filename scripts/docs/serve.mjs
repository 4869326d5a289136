// npm run docs:serve [-- --port N] — serves the documentation site (generated/docs, built first when
// missing) on 127.0.0.1 and prints its URL. Port: --port, else $PORT, else a free one.
// Also used by test/docs/site.test.ts, so the browser test sees exactly what this serves.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, run } from '../lib.mjs';

export const siteDir = path.join(root, 'generated', 'docs');
const TYPES = { '.html': 'text/html; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json', '.css': 'text/css' };

/** Starts the static server; resolves to `{ url, close() }`. Only files inside the site are served. */
export async function serveDocs({ port = 0, host = '127.0.0.1', dir = siteDir } = {}) {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(dir, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file.startsWith(dir + path.sep) || !existsSync(file)) return res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${server.address().port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : (process.env.PORT ?? 0));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`docs:serve: invalid port ${i > 0 ? process.argv[i + 1] : process.env.PORT}`);
    process.exit(2);
  }
  if (!existsSync(path.join(siteDir, 'index.html'))) run(process.execPath, [path.join(root, 'scripts', 'docs', 'build.mjs')]);
  const { url } = await serveDocs({ port });
  console.log(`Serving ${path.relative(root, siteDir)} at ${url} (Ctrl+C to stop)`);
}
