// Several senders sharing one app's rate window: `senders` independent JPush clients (as separate instances
// of a service would be, each with its own cid pool and rate gate) each run `bulkPush` to their own
// registration IDs at the same time, against one local rate-limited server (bench/rate-server.mjs).
// Used by the bench (scenarios/bulk.mjs) and the tests (test/features/bulk-shared.test.ts).
//
//   node bench/shared-window.mjs [--build <checkout>] [--senders 4] [--ids 15000] [--limit 10] [--window 3000] [--ms] [--faults]
//
// measures the build of `<checkout>` (default: this one), e.g. an earlier commit's built packages for a
// before/after comparison. --ms: Reset with millisecond precision; --faults: 5xx and connection resets
// injected before and after delivery (10 % + 5 % + 5 % + 5 % of calls).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startRateServer } from './rate-server.mjs';

/**
 * Runs the shared-window scenario with the JPush module `jpush` ({ JPush, bulkPush }) → figures:
 * `rateUsed` (calls admitted in the full windows against what they allow), `refusedShare` (429s among all
 * calls), recipients sent / unknown / failed / pending as the reports say, and what the server saw
 * (delivered, duplicates, lost).
 */
export async function runSharedWindow(jpush, { senders = 4, ids = 15_000, limit = 10, windowMs = 3000, wholeSeconds = true, faults = {}, options = {} } = {}) {
  const server = await startRateServer({ limit, windowMs, wholeSeconds, faults, seed: 42 });
  try {
    const lists = Array.from({ length: senders }, (_, s) => Array.from({ length: ids }, (_, i) => `s${s}-1a0018970a${String(i).padStart(9, '0')}`));
    const t0 = Date.now();
    const reports = await Promise.all(
      lists.map((list) => {
        const client = new jpush.JPush({ appKey: 'shared-app-key', masterSecret: 'shared-master-secret', baseUrl: server.url, logLevel: 'off' });
        return jpush.bulkPush(client, { platform: 'all', notification: { alert: 'Shared window' } }, { registration_id: list }, options);
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    const sum = (k) => reports.reduce((a, r) => a + (r[k] ?? 0), 0);
    const all = lists.flat();
    const { calls, overLimit } = server.stats;
    return {
      senders,
      recipients: all.length,
      calls,
      refused: overLimit,
      refusedShare: calls ? overLimit / calls : 0,
      rateUsed: server.utilisation(),
      windows: server.stats.perWindow.length,
      perWindow: [...server.stats.perWindow],
      faults: server.stats.faults,
      sent: sum('sent'),
      unknown: sum('unknown'),
      failed: sum('failed'),
      pending: sum('pending'),
      delivered: server.delivered.size,
      duplicates: server.duplicates(),
      lost: all.filter((id) => !server.delivered.has(id)).length,
      seconds,
    };
  } finally {
    await server.close();
  }
}

/** The fault mix of the bench's bulk scenario. */
export const FAULTS = { serverErrorAfter: 0.1, serverErrorBefore: 0.05, resetAfter: 0.05, resetBefore: 0.05 };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? fallback : process.argv[i + 1];
  };
  const root = path.resolve(arg('build', path.join(import.meta.dirname, '..')));
  const jpush = await import(pathToFileURL(path.join(root, 'packages/jpush/dist/index.js')).href);
  const r = await runSharedWindow(jpush, { senders: +arg('senders', 4), ids: +arg('ids', 15_000), limit: +arg('limit', 10), windowMs: +arg('window', 3000), wholeSeconds: !process.argv.includes('--ms'), faults: process.argv.includes('--faults') ? FAULTS : {} });
  console.log(JSON.stringify({ build: root, ...r, rateUsed: +(r.rateUsed * 100).toFixed(1), refusedShare: +(r.refusedShare * 100).toFixed(1) }));
}
