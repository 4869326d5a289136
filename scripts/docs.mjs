// npm run docs — Redoc HTML reference per service into generated/docs/<svc>.html plus an index page.
// Self-contained: Redoc's script is inlined (--inlineBundle) and it loads no web fonts, so the pages work
// offline; test/docs/offline.test.ts opens them in Chromium and fails on any request beyond the page.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, root, run, services } from './lib.mjs';

const out = path.join(root, 'generated', 'docs');
mkdirSync(out, { recursive: true });
const titles = [];
for (const svc of services) {
  const file = path.join(out, `${svc}.html`);
  run(bin('redocly'), ['build-docs', svc, '-o', file, '--inlineBundle'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // Redoc's footer fetches its "API docs by" logo from a CDN (hidden again on error): point it nowhere
  // so that opening the page makes no request beyond the file itself.
  const html = readFileSync(file, 'utf8').replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, 'data:,');
  writeFileSync(file, html);
  const remote = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
  if (remote.length) {
    console.error(`${svc}.html loads remote resources: ${remote.join(', ')}`);
    process.exit(1);
  }
  const spec = JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));
  titles.push([svc, spec.info.title, Object.values(spec.paths).reduce((n, p) => n + Object.keys(p).filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k)).length, 0)]);
  console.log(`docs: ${path.relative(root, file)}`);
}
writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>jiguang-ts API reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head>
<body><h1>jiguang-ts API reference</h1><ul>
${titles.map(([s, t, n]) => `<li><a href="${s}.html">${t}</a> — ${n} operations</li>`).join('\n')}
</ul></body></html>\n`,
);
console.log(`docs: ${path.relative(root, path.join(out, 'index.html'))}`);
