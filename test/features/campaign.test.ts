// The guide's "Campaigns across workers" code, run as written: its ```ts block is extracted from
// docs/guide.md, bundled with the BUILT packages and run in workerd (Miniflare) with a real Queue and a real
// D1 database, against a real local rate-limited server that dedups cids as JPush does and counts
// deliveries per registration ID. 100 000 recipients in 100 chunks, several consumer invocations, one
// consumer crashing after a push and before its record: every recipient gets the push exactly once.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRateServer } from '../../bench/rate-server.mjs';

const root = path.join(import.meta.dirname, '..', '..');
const RECIPIENTS = 100_000;
let mf: Miniflare;
let server: Awaited<ReturnType<typeof startRateServer>>;

const guideBlock = () => {
  const guide = readFileSync(path.join(root, 'docs', 'guide.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## Campaigns across workers'));
  const fence = section.indexOf('```ts');
  const start = section.indexOf('\n', fence) + 1;
  return section.slice(start, section.indexOf('\n```', start));
};

beforeAll(async () => {
  server = await startRateServer({ limit: 10, windowMs: 200 });
  // Below node_modules so that @jiguang-ts/* resolve as in a user's project.
  const dir = path.join(root, 'node_modules', '.cache', 'jiguang-campaign');
  mkdirSync(dir, { recursive: true });
  // The guide's client takes its base URL from the platform; the test points it at the local server.
  const code = guideBlock().replace('new JPush({ appKey: env.JPUSH_APP_KEY, masterSecret: env.JPUSH_MASTER_SECRET })', `new JPush({ appKey: env.JPUSH_APP_KEY, masterSecret: env.JPUSH_MASTER_SECRET, baseUrl: ${JSON.stringify(server.url)}, logLevel: 'off' })`);
  expect(code).toContain(server.url);
  writeFileSync(path.join(dir, 'guide-campaign.ts'), code);
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, 'campaign', 'crash.ts')],
    alias: { 'guide-campaign': path.join(dir, 'guide-campaign.ts') },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    tsconfig: path.join(root, 'tsconfig.build.json'),
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: out.outputFiles[0]!.text,
    compatibilityDate: '2025-09-01',
    bindings: { JPUSH_APP_KEY: 'campaign-app', JPUSH_MASTER_SECRET: 'campaign-secret', CRASH_ON_RECORD: '30' },
    d1Databases: ['DB'],
    queueProducers: { CAMPAIGN: 'campaign' },
    queueConsumers: { campaign: { maxBatchSize: 25, maxBatchTimeout: 0.1, maxRetries: 10, retryDelay: 0 } },
    host: '127.0.0.1',
    port: 0,
  });
  await mf.ready;
}, 120_000);
afterAll(async () => {
  await mf?.dispose();
  await server?.close();
});

it('100 000 recipients over Queues and D1, a consumer crash mid-batch: 0 duplicates, 0 lost', async () => {
  const ids = Array.from({ length: RECIPIENTS }, (_, i) => `1a0018970a${String(i).padStart(9, '0')}`);
  const res = await mf.dispatchFetch('http://campaign/start', { method: 'POST', body: JSON.stringify({ campaign: 'spring', alert: 'Spring sale', ids }) });
  expect(await res.json()).toEqual({ chunks: 100 });
  const cidCalls = server.stats.cidCalls;
  expect(cidCalls).toBeGreaterThan(0);
  let status: { chunks: Record<string, number>; invocations: number; crashes: number };
  for (;;) {
    status = (await (await mf.dispatchFetch('http://campaign/__status')).json()) as typeof status;
    if (status.chunks.sent === 100) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(status.crashes).toBe(1);
  expect(status.invocations).toBeGreaterThanOrEqual(4);
  // The crashed batch came back: its chunk already pushed went again under its stored cid…
  expect(server.stats.repeatedKeys).toBeGreaterThanOrEqual(1);
  // …and the server, as JPush does, answered without delivering: everyone exactly once.
  expect(server.delivered.size).toBe(RECIPIENTS);
  expect(server.duplicates()).toBe(0);
  expect(ids.filter((id) => !server.delivered.has(id))).toEqual([]);
  // The cids were all taken when enqueuing: no consumer took a new one.
  expect(server.stats.cidCalls).toBe(cidCalls);
}, 120_000);
