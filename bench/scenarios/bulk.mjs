// Bulk sending under a rate limit: 100 000 registration IDs through `bulkPush` (1000 per push, each under
// its own cid) against a local server that enforces a rate window and counts deliveries per recipient
// (bench/rate-server.mjs) — once on a good day, once with injected 5xx and connection resets before and
// after delivery. Figures: rate achieved against the rate allowed, calls over the limit after the first
// window, duplicates, lost recipients.
import { performance } from 'node:perf_hooks';
import { startRateServer } from '../rate-server.mjs';
import { num, table } from '../stats.mjs';

const RECIPIENTS = 100_000;
const PAYLOAD = { platform: 'all', notification: { alert: 'Hello from the bulk bench' } };

export default {
  id: 'bulk',
  title: 'Bulk sending under a rate limit',
  targetPrefix: 'Bulk (',
  async run(ctx) {
    const quick = ctx.scale.perCall.rounds <= 2;
    const recipients = quick ? 20_000 : RECIPIENTS;
    const window = { limit: 10, windowMs: 1000 };
    const { JPush, bulkPush } = await import('@jiguang-ts/jpush');
    const ids = Array.from({ length: recipients }, (_, i) => `1a0018970a${String(i).padStart(9, '0')}`);
    const runs = [
      ['good day', {}],
      ['5xx and resets injected', { serverErrorAfter: 0.1, serverErrorBefore: 0.05, resetAfter: 0.05, resetBefore: 0.05 }],
    ];
    const rows = [];
    const targets = [];
    for (const [label, faults] of runs) {
      const server = await startRateServer({ ...window, faults, seed: 42 });
      try {
        const client = new JPush({ appKey: 'bench-app-key', masterSecret: 'bench-master-secret', baseUrl: server.url, logLevel: 'off' });
        const t0 = performance.now();
        const report = await bulkPush(client, PAYLOAD, { registration_id: ids }, { maxRetries: 10 });
        const seconds = (performance.now() - t0) / 1000;
        const { calls, overLimitAfterFirstWindow, faults: injected, firstCallAt, lastCallAt } = server.stats;
        // Also over the whole run, which the last, partly filled window pulls down.
        const overall = calls / ((lastCallAt - firstCallAt + window.windowMs) / 1000);
        // Calls per second in the run's full windows (the last, partial one left out), against what a window allows.
        const allowed = window.limit / (window.windowMs / 1000);
        const achieved = server.utilisation() * allowed;
        const lost = ids.filter((id) => !server.delivered.has(id)).length;
        const duplicates = server.duplicates();
        ctx.log(`bulk (${label}): ${calls} calls, ${num(achieved)}/s of ${allowed}/s, ${overLimitAfterFirstWindow} over the limit, ${duplicates} duplicates, ${lost} lost`);
        rows.push([label, String(recipients), String(calls), String(injected), num(achieved), `${num((achieved / allowed) * 100)} %`, `${num(overall)} (${num((overall / allowed) * 100)} %)`, String(overLimitAfterFirstWindow), String(duplicates), String(lost), String(report.sent), num(seconds)]);
        targets.push(
          { target: `Bulk (${label}): ≥ 95 % of the allowed rate`, measured: `${num((achieved / allowed) * 100)} %`, met: achieved >= 0.95 * allowed },
          { target: `Bulk (${label}): 0 calls over the limit after the first window, 0 duplicates, 0 lost`, measured: `${overLimitAfterFirstWindow} / ${duplicates} / ${lost}`, met: overLimitAfterFirstWindow === 0 && duplicates === 0 && lost === 0 },
        );
      } finally {
        await server.close();
      }
    }
    const markdown = [
      `\`bulkPush(client, payload, { registration_id: ids })\` to ${recipients.toLocaleString('en')} registration IDs: 1000 per push, each push under its own cid from the client's pool, at most 4 in flight, paced by \`X-Rate-Limit-Remaining\`/\`Reset\`. The local server allows ${window.limit} calls per ${window.windowMs / 1000} s window (it answers 429 beyond that), dedups repeated cids as JPush does and counts deliveries per registration ID. Faults, when injected, come from a seeded generator: a 500 or a reset, before or after the deliveries. "Rate" is calls per second admitted in the run's full windows (every window but the last, partial one), so 100 % means every window was used to its limit.`,
      '',
      table(['Run', 'Recipients', 'Calls', 'Faults injected', 'Rate (calls/s)', 'Of allowed', 'Whole run incl. last window (calls/s)', 'Over limit after 1st window', 'Duplicates', 'Lost', 'Reported sent', 'Wall time (s)'], rows),
    ].join('\n');
    return { markdown, targets };
  },
};
