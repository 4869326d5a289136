// The documentation site built by `npm run docs`, served by scripts/docs/serve.mjs on 127.0.0.1 and opened
// in Debian's headless Chromium with the network cut (every request that is not to the local server is
// aborted and recorded): every page renders with no console error and no outside request, every
// operationId is found through the reference page's own search box, and each page leaves a screenshot in
// test/.artifacts/. Time to first content is printed per page (reported, never asserted).
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { serveDocs, siteDir } from '../../scripts/docs/serve.mjs';
import { anchorOf, operationsOf } from '../../scripts/generate/samples.mjs';
import { findInternalTags } from '../../scripts/checks/public-text.mjs';
import { services } from '../../scripts/lib.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(root, 'test', '.artifacts');
const CHROMIUM = '/usr/bin/chromium';
const spec = (svc: string) => JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));

let browser: Browser | undefined;
let site: { url: string; close(): Promise<void> } | undefined;

beforeAll(async () => {
  // Fail in seconds with the fix, instead of timing out in the hooks.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does), then rerun.`);
  if (!existsSync(path.join(siteDir, 'index.html'))) throw new Error('generated/docs is not built: run `npm run docs` (npm test does).');
  mkdirSync(artifacts, { recursive: true });
  site = await serveDocs();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 30_000,
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Opened {
  page: Page;
  context: BrowserContext;
  outside: string[];
  errors: string[];
}
/** Opens one page of the site in a fresh context where only the local server is reachable. */
async function open(name: string): Promise<Opened> {
  const base = site!.url;
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const outside: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith(`blob:${base.slice(0, -1)}`)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  const response = await page.goto(base + name, { waitUntil: 'load' });
  expect(response?.status(), name).toBe(200);
  return { page, context, outside, errors };
}

/** Prints time to first content, saves the screenshot, and checks what every page must satisfy. */
async function finish(name: string, { page, context, outside, errors }: Opened) {
  await page.screenshot({ path: path.join(artifacts, name.replace(/\.html$/, '.png')) });
  // The paint entry is recorded asynchronously: wait for it (a busy machine may not have it at `load`).
  const timing = await page.evaluate(
    () =>
      new Promise<{ fcp?: number; load?: number }>((resolve) => {
        const done = () =>
          resolve({
            fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
            load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd,
          });
        if (performance.getEntriesByName('first-contentful-paint').length) return done();
        new PerformanceObserver(done).observe({ type: 'paint', buffered: true });
        setTimeout(done, 5000);
      }),
  );
  console.log(`${name}: first contentful paint ${Math.round(timing.fcp ?? NaN)} ms, load ${Math.round(timing.load ?? NaN)} ms`);
  const text = await page.evaluate(() => document.body.innerText);
  expect(findInternalTags(text), `${name}: internal tags in the visible text`).toEqual([]);
  expect(errors, `${name}: console errors`).toEqual([]);
  expect(outside, `${name}: requests beyond 127.0.0.1`).toEqual([]);
  expect(timing.fcp, `${name}: no contentful paint`).toBeGreaterThan(0);
  await context.close();
}

describe('documentation site, offline in Chromium', () => {
  it('index.html is an entry point: what it is, a quick start, links to the guide, references and method lists', async () => {
    const o = await open('index.html');
    await expect(o.page.locator('h1').first().textContent()).resolves.toBe('jiguang-ts');
    const main = await o.page.locator('main').innerText();
    expect(main).toContain('TypeScript SDK');
    expect(main).toContain('npm install @jiguang-ts/jpush');
    expect(main).toContain('new JPush(');
    const links = await o.page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['guide.html', ...services.flatMap((s: string) => [`${s}.html`, `${s}-methods.html`])]));
    for (const href of new Set(links)) expect((await fetch(site!.url + href)).status, href!).toBe(200);
    await finish('index.html', o);
  });

  it('guide.html renders the guide with every section and working in-page links', async () => {
    const o = await open('guide.html');
    const headings = await o.page.$$eval('main h2', (hs) => hs.map((h) => h.textContent!.replace(/^#/, '')));
    expect(headings).toEqual(
      expect.arrayContaining(['Install', 'Credentials', 'Quick start', 'Runtimes', 'Errors and retries', 'Rate limits', 'Validation', 'Callbacks', 'Pagination', 'Regenerating after a spec change', 'Versioning']),
    );
    const broken = await o.page.$$eval('a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')!.slice(1)).filter((id) => !document.getElementById(id)));
    expect(broken).toEqual([]);
    for (const href of await o.page.$$eval('main a[href$=".html"]', (as) => as.map((a) => a.getAttribute('href')!))) {
      expect((await fetch(site!.url + href)).status, href).toBe(200);
    }
    await finish('guide.html', o);
  });

  it('decisions.html renders the design decisions, linked from the guide', async () => {
    const o = await open('decisions.html');
    const headings = await o.page.$$eval('main h2', (hs) => hs.map((h) => h.textContent!.replace(/^#/, '')));
    expect(headings).toEqual(["The transport is the runtime's fetch, not ky", 'hey-api generates the types, not the operations']);
    const guide = readFileSync(path.join(siteDir, 'guide.html'), 'utf8');
    expect(guide).toContain('href="decisions.html"');
    await finish('decisions.html', o);
  });

  for (const svc of services) {
    it(`${svc}-methods.html lists every method with a working link into the reference`, async () => {
      const o = await open(`${svc}-methods.html`);
      const ops = operationsOf(spec(svc));
      const hrefs = await o.page.$$eval('main td a', (as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(ops.map((op: { tag: string; id: string }) => `${svc}.html${anchorOf(op)}`));
      await finish(`${svc}-methods.html`, o);
    });

    it(`${svc}.html renders the reference: title without a version suffix, footer badge, the TypeScript sample`, async () => {
      const o = await open(`${svc}.html`);
      const title = spec(svc).info.title;
      await o.page.locator('h1', { hasText: title }).first().waitFor({ timeout: 20_000 });
      expect((await o.page.locator('h1', { hasText: title }).first().innerText()).trim()).toBe(title);
      // The "API docs by" badge shows its (inline) logo.
      const badge = o.page.locator('img[alt="redocly logo"]');
      await badge.waitFor();
      expect(await badge.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      const first = operationsOf(spec(svc))[0]!;
      await o.page.goto(`${site!.url}${svc}.html${anchorOf(first)}`);
      await o.page.locator('code', { hasText: `await ${svc}.${first.id}(` }).first().waitFor({ timeout: 10_000 });
      await finish(`${svc}.html`, o);
    });

  }
});

describe('reference search, offline in Chromium', () => {
  for (const svc of services) {
    it(`${svc}.html: every operationId is found by the page's search box`, async () => {
      const o = await open(`${svc}.html`);
      await o.page.locator('h1', { hasText: spec(svc).info.title }).first().waitFor({ timeout: 20_000 });
      await o.page.keyboard.press('Control+k');
      const input = o.page.getByPlaceholder('Search docs...');
      await input.waitFor();
      // The search box waits 500 ms after the last keystroke before it searches: run the page's clock
      // through that wait instead of sleeping through it 86 times.
      await o.page.clock.install();
      const ops = operationsOf(spec(svc));
      const missing: string[] = [];
      for (const op of ops) {
        await input.fill(op.id);
        await o.page.clock.runFor(600);
        // A result names the operation (its summary ends with "· <operationId>") and links to its anchor.
        const href = await o.page
          .waitForFunction(
            (id) => {
              const items = [...document.querySelectorAll('[data-component-name="Search/SearchItem"]')];
              const item = items.find((e) => [...e.querySelectorAll('span')].some((s) => s.textContent!.endsWith(`· ${id}`)));
              return item?.getAttribute('href');
            },
            op.id,
            { polling: 50, timeout: 5_000 },
          )
          .then((h) => h.jsonValue())
          .catch(() => undefined);
        if (href !== anchorOf(op)) missing.push(`${op.id} (${href ?? 'no result'})`);
      }
      console.log(`${svc}.html: searched ${ops.length} operationIds, ${ops.length - missing.length} found`);
      expect(missing).toEqual([]);
      expect(o.errors).toEqual([]);
      expect(o.outside).toEqual([]);
      await o.context.close();
    }, 120_000);
  }
});

it('the site has exactly the pages this test opens', () => {
  const pages = ['index.html', 'guide.html', 'decisions.html', ...services.flatMap((s: string) => [`${s}.html`, `${s}-methods.html`])].sort();
  expect(readdirSync(siteDir).filter((f) => f.endsWith('.html')).sort()).toEqual(pages);
});
