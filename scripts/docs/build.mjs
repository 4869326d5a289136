// npm run docs — the documentation site in generated/docs/: a landing page, the SDK guide (docs/guide.md), the
// design decisions (docs/decisions.md),
// a method list per service (generated/<svc>/api.md) and a Redoc reference per service.
// The references are built from a docs-only copy of generated/<svc>/openapi.json that adds, per operation,
// the SDK method name to the summary (visible in the sidebar, found by the page's search) and a TypeScript
// and a curl sample (x-codeSamples, from scripts/generate/samples.mjs), the SDK error class of every error
// response and a link to the guide (scripts/docs/errors-in-reference.mjs); the committed spec stays as generated.
// Everything is self-contained (Redoc inlined, no web fonts, no CDN logo), so the site works offline;
// test/docs/site.test.ts opens every page in Chromium with the network cut.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Marked } from 'marked';
import { bin, root, run, services } from '../lib.mjs';
import { codeSamples, operationsOf } from '../generate/samples.mjs';
import { addErrorHandling } from './errors-in-reference.mjs';

const out = path.join(root, 'generated', 'docs');
const CLIENT = { jsms: ['JSMS', 'SMS: verification codes, template SMS, schedules, balances, reports, templates, signatures'], jpush: ['JPush', 'Push notifications: push, schedules, files, images, devices, tags, aliases, reports, admin'], ums: ['UMS', 'Unified messaging: one message across app push, SMS, e-mail, WeChat, Alipay, DingTalk and WeCom'] };
const svg = (s) => `data:image/svg+xml,${encodeURIComponent(s)}`;
// Redoc's footer fetches its "API docs by" logo from a CDN; an inline wordmark keeps the badge readable offline.
const REDOCLY_MARK = svg(`<svg xmlns="http://www.w3.org/2000/svg" width="58" height="16" viewBox="0 0 58 16"><text x="0" y="12.5" font-family="system-ui,sans-serif" font-size="13" font-weight="600" fill="#0044d4">Redocly</text></svg>`);
const SITE_MARK = svg(`<svg xmlns="http://www.w3.org/2000/svg" width="180" height="28" viewBox="0 0 180 28"><text x="0" y="20" font-family="system-ui,sans-serif" font-size="18" font-weight="700" fill="#1f6feb">jiguang-ts<tspan dx="6" font-size="13" font-weight="400" fill="#6e7781">docs</tspan></text></svg>`);
const FAVICON = '<link rel="icon" href="data:,">';
const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--soft:#f6f8fa;--line:#d1d9e0;--link:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--soft:#151b23;--line:#3d444d;--link:#4493f8}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
.top{display:flex;gap:1.25rem;align-items:center;padding:.75rem 1.5rem;border-bottom:1px solid var(--line);flex-wrap:wrap}
.top a{text-decoration:none}.top .brand{font-weight:700;font-size:1.1rem;margin-right:auto}
.wrap{max-width:52rem;margin:0 auto;padding:1rem 1.5rem 3rem}
.wrap.with-toc{max-width:76rem;display:grid;grid-template-columns:15rem minmax(0,1fr);gap:2.5rem}
.toc{position:sticky;top:1rem;align-self:start;max-height:calc(100vh - 2rem);overflow:auto;font-size:.9rem}
.toc p{font-weight:600;margin:.5rem 0}.toc ul{list-style:none;padding:0;margin:0}.toc li.h3{padding-left:1rem}
.toc a{text-decoration:none;color:var(--muted)}.toc a:hover{color:var(--link)}
@media (max-width:60rem){.wrap.with-toc{display:block}.toc{position:static;max-height:none}}
h1,h2,h3{line-height:1.25}h2{margin-top:2.5rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
.anchor{float:left;margin-left:-1.1rem;width:1.1rem;opacity:0;text-decoration:none}h2:hover .anchor,h3:hover .anchor{opacity:.6}
code{font:.875em/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:.1em .3em;border-radius:4px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.9rem 1rem;overflow:auto}
pre code{background:none;padding:0}
table{border-collapse:collapse;width:100%;font-size:.92rem;display:block;overflow:auto}
th,td{border:1px solid var(--line);padding:.35rem .6rem;text-align:left;vertical-align:top}th{background:var(--soft)}
.lead{font-size:1.1rem}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem}
.cards li{border:1px solid var(--line);border-radius:8px;padding:0 1rem}.cards h3{margin:.9rem 0 .3rem}
footer{border-top:1px solid var(--line);padding:1rem 1.5rem;color:var(--muted);font-size:.85rem;text-align:center}
`;

mkdirSync(out, { recursive: true });
const tmp = mkdtempSync(path.join(tmpdir(), 'jiguang-docs-'));
const refs = [];
try {
  for (const svc of services) {
    const spec = JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));
    const count = decorate(svc, spec);
    const input = path.join(tmp, `${svc}.json`);
    writeFileSync(input, JSON.stringify(spec));
    const file = path.join(out, `${svc}.html`);
    run(bin('redocly'), ['build-docs', input, '-o', file, '--inlineBundle', '--title', `${spec.info.title} — jiguang-ts`], { stdio: ['ignore', 'ignore', 'inherit'] });
    const html = readFileSync(file, 'utf8')
      .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, REDOCLY_MARK)
      .replace('<head>', `<head>\n  ${FAVICON}`);
    assertOffline(`${svc}.html`, html);
    writeFileSync(file, html);
    refs.push({ svc, title: spec.info.title, count });
    console.log(`docs: ${path.relative(root, file)} (${count} operations, each with a TypeScript and a curl sample)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const md = markdown();
writePage('guide.html', 'Guide', md.render(readFileSync(path.join(root, 'docs', 'guide.md'), 'utf8')), { toc: true });
writePage('decisions.html', 'Design decisions', md.render(readFileSync(path.join(root, 'docs', 'decisions.md'), 'utf8')));
for (const { svc } of refs) {
  const list = readFileSync(path.join(root, 'generated', svc, 'api.md'), 'utf8');
  writePage(`${svc}-methods.html`, `${CLIENT[svc][0]} methods`, md.render(list));
}
writePage('index.html', null, landing());

/** Adds the docs-only parts to a bundled spec in place; returns the number of operations. */
function decorate(svc, spec) {
  const samples = codeSamples(svc, spec);
  const ops = operationsOf(spec);
  for (const o of ops) {
    o.op.summary = `${o.op.summary} · ${o.id}`;
    o.op['x-codeSamples'] = samples[o.id];
  }
  addErrorHandling(spec, ops);
  // Redoc renders `info.version` as a "(1)" suffix of the title: the API version is in the description.
  spec.info.version = '';
  spec.info['x-logo'] = { url: SITE_MARK, href: 'index.html', altText: 'jiguang-ts documentation home' };
  return ops.length;
}

function assertOffline(name, html) {
  const remote = [...html.matchAll(/<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
  if (remote.length) {
    console.error(`${name} loads remote resources: ${remote.join(', ')}`);
    process.exit(1);
  }
}

/** Markdown → HTML with heading anchors, and links between the repo's markdown files mapped to site pages. */
function markdown() {
  const seen = new Map();
  const slug = (text) => {
    const base = text.toLowerCase().replace(/<[^>]+>/g, '').replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}-${n}` : base;
  };
  const site = (href) =>
    href
      .replace(/^(?:\.\.\/)*generated\/(\w+)\/api\.md/, '$1-methods.html')
      .replace(/^\.\.\/docs\/(\w+)\.html/, '$1.html')
      .replace(/^(?:\.\.\/)*docs\/(guide|decisions)\.md/, '$1.html')
      .replace(/^(guide|decisions)\.md/, '$1.html');
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const id = slug(text);
        return `<h${depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true">#</a>${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const external = /^https?:/.test(href);
        return `<a href="${site(href)}"${title ? ` title="${title}"` : ''}${external ? ' rel="noopener"' : ''}>${this.parser.parseInline(tokens)}</a>`;
      },
    },
  });
  return {
    render(text) {
      seen.clear();
      return marked.parse(text.replace(/^<!--[\s\S]*?-->\n/, ''));
    },
  };
}

function writePage(name, title, body, { toc = false } = {}) {
  const heads = toc ? [...body.matchAll(/<h([23]) id="([^"]+)"><a[^>]*>#<\/a>(.*?)<\/h\1>/g)] : [];
  const nav = heads.length
    ? `<nav class="toc" aria-label="Contents"><p>Contents</p><ul>${heads.map(([, d, id, t]) => `<li class="h${d}"><a href="#${id}">${t.replace(/<[^>]+>/g, '')}</a></li>`).join('')}</ul></nav>`
    : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${FAVICON}
<title>${title ? `${title} — ` : ''}jiguang-ts</title>
<style>${CSS}</style>
</head>
<body>
<header class="top"><a class="brand" href="index.html">jiguang-ts</a>
<a href="guide.html">Guide</a>${refs.map((r) => `<a href="${r.svc}.html">${CLIENT[r.svc][0]} reference</a>`).join('')}</header>
<div class="wrap${nav ? ' with-toc' : ''}">${nav}<main>
${body}
</main></div>
<footer>Generated from the OpenAPI specs in <code>openapi/</code> by <code>npm run docs</code>. MIT licensed.</footer>
</body>
</html>
`;
  assertOffline(name, html);
  writeFileSync(path.join(out, name), html);
  console.log(`docs: ${path.relative(root, path.join(out, name))}`);
}

function landing() {
  const cards = refs
    .map(({ svc, title, count }) => `<li><h3><a href="${svc}.html">${title}</a></h3><p>${CLIENT[svc][1]}.</p>
<p><code>@jiguang-ts/${svc}</code> · ${count} operations · <a href="${svc}-methods.html">method list</a></p></li>`)
    .join('\n');
  return `<h1>jiguang-ts</h1>
<p class="lead">The TypeScript SDK for Jiguang's server REST APIs — <strong>JSMS</strong> (SMS), <strong>JPush</strong>
(push notifications) and <strong>UMS</strong> (unified messaging). Typed from hand-written OpenAPI 3.1 specs, fetch-based,
and the same packages run in Node 20+, Deno, Bun, Cloudflare Workers, Vercel Edge and (behind your proxy) browsers.
Safe retries, typed errors and rate-limit information come built in.</p>
<h2 id="quick-start">Quick start</h2>
<pre><code>npm install @jiguang-ts/jpush</code></pre>
<pre><code>import { JPush } from '@jiguang-ts/jpush';

const jpush = new JPush({ appKey: process.env.JPUSH_APP_KEY, masterSecret: process.env.JPUSH_MASTER_SECRET });
const { msg_id } = await jpush.push({
  body: { platform: 'all', audience: 'all', notification: { alert: 'Hello from jiguang-ts' } },
});</code></pre>
<p>Every operation of the three APIs is one method named by its operationId (<code>jsms.sendCode</code>,
<code>jpush.push</code>, <code>ums.sendTemplateMessage</code>, …). Each reference page shows the TypeScript call and the
curl request for every operation.</p>
<h2 id="read-next">Read next</h2>
<ul class="cards">
<li><h3><a href="guide.html">Guide</a></h3><p>Install, credentials, a quick start per service, runtimes (Node, Deno, Bun,
Workers, Vercel Edge, browsers), errors and retries, rate limits, validation, callbacks, pagination, and how the SDK is
regenerated from the specs.</p></li>
${cards}
</ul>`;
}
