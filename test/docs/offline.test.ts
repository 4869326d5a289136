// The Redoc references built by `npm run docs`, opened in real headless Chromium with the network cut:
// every page renders its API (title, every tag, every operation summary in the DOM) without a single
// request beyond the page itself, and without page errors.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { operations, spec } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const docs = path.join(root, 'generated', 'docs');
const CHROMIUM = process.env.JIGUANG_CHROMIUM || '/usr/bin/chromium';
let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium (npm test does, through scripts/ensure-chromium.mjs)`);
  server = createServer((req, res) => {
    const file = path.join(docs, path.normalize(req.url === '/' ? '/index.html' : req.url!.split('?')[0]!));
    if (!file.startsWith(docs) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  // When beforeAll failed there is no server: resolve at once instead of waiting out the hook timeout.
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

describe('offline API reference', () => {
  for (const svc of ['jsms', 'jpush', 'ums']) {
    it(`${svc}.html renders every tag and operation with no outside request`, async () => {
      const page = await browser.newPage();
      const outside: string[] = [];
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.route(
        (u) => !u.href.startsWith(base) && !u.href.startsWith('data:'),
        (route) => (outside.push(route.request().url()), route.abort()),
      );
      await page.goto(`${base}/${svc}.html`, { waitUntil: 'load' });
      const doc = spec(svc);
      await page.getByText(doc.info.title).first().waitFor({ timeout: 20_000 });
      const html = await page.content();
      for (const tag of doc.tags ?? []) expect(html, `tag ${tag.name}`).toContain(tag.name);
      const text = await page.evaluate(() => document.body.textContent ?? '');
      const missing = operations(svc).filter((o) => !text.includes(o.op.summary.slice(0, 40)));
      expect(missing.map((o) => o.id)).toEqual([]);
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
      await page.close();
    });
  }

  it('index.html links every service reference', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.html`);
    const links = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['jsms.html', 'jpush.html', 'ums.html']);
    await page.close();
  });
});
