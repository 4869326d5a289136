// Several senders sharing one app's rate window: 1, 2, 4 and 8 independent JPush clients (as instances of
// a service would be) run `bulkPush` at once, 60 000 registration IDs between them, against one local
// server allowing 10 calls per 3 s window with whole-second `X-Rate-Limit-Reset`, as JPush sends it
// (bench/shared-window.mjs). With BENCH_BASELINE=<an earlier checkout, built>, its build runs the
// 4-sender case too, for a before/after comparison in the same run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FAULTS, runSharedWindow } from '../shared-window.mjs';
import { num, table } from '../stats.mjs';

const TOTAL = 60_000;
const WINDOW = { limit: 10, windowMs: 3000, wholeSeconds: true };
const pct = (x) => `${num(x * 100)} %`;

export default {
  id: 'shared-window',
  title: 'Several senders sharing one rate window',
  targetPrefix: 'Shared window',
  async run(ctx) {
    const jpush = await import('@jiguang-ts/jpush');
    const baseline = process.env.BENCH_BASELINE && path.resolve(process.env.BENCH_BASELINE);
    const runs = [1, 2, 4, 8].map((senders) => ['jiguang-ts', jpush, senders, false]);
    // The same 4 senders with 5xx and connection resets injected: a chunk that met a fault and then refusals.
    runs.push(['jiguang-ts', jpush, 4, true]);
    if (baseline) {
      const before = await import(pathToFileURL(path.join(baseline, 'packages/jpush/dist/index.js')).href);
      const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: baseline, encoding: 'utf8' }).trim();
      runs.push([`baseline (${commit})`, before, 4, false], [`baseline (${commit})`, before, 4, true]);
    }
    const rows = [];
    const targets = [];
    for (const [label, module, senders, faulty] of runs) {
      const r = await runSharedWindow(module, { senders, ids: TOTAL / senders, ...WINDOW, faults: faulty ? FAULTS : {} });
      ctx.log(`${label}, ${senders} sender(s)${faulty ? ', faults' : ''}: ${pct(r.rateUsed)} of the rate, ${r.refused} of ${r.calls} calls refused, ${r.sent} sent, ${r.unknown} unknown`);
      rows.push([label, String(senders), faulty ? String(r.faults) : '0', String(r.recipients), String(r.calls), `${r.refused} (${pct(r.refusedShare)})`, pct(r.rateUsed), String(r.sent), String(r.unknown), String(r.failed + r.pending), String(r.duplicates), String(r.lost), num(r.seconds)]);
      if (label !== 'jiguang-ts' || faulty) continue;
      const every = r.sent === r.recipients && r.duplicates === 0 && r.lost === 0;
      targets.push(
        senders === 1
          ? { target: 'Shared window, 1 sender: ≥ 95 % of the allowed rate, 0 refused', measured: `${pct(r.rateUsed)}, ${r.refused} refused`, met: r.rateUsed >= 0.95 && r.refused === 0 }
          : { target: `Shared window, ${senders} senders: ≥ 90 % of the allowed rate, ≤ 5 % of calls refused`, measured: `${pct(r.rateUsed)}, ${pct(r.refusedShare)} refused`, met: r.rateUsed >= 0.9 && r.refusedShare <= 0.05 },
        { target: `Shared window, ${senders} sender(s): every recipient sent, 0 duplicates, 0 lost`, measured: `${r.sent} of ${r.recipients} sent, ${r.duplicates} / ${r.lost}`, met: every },
      );
    }
    const markdown = [
      `Independent JPush clients (each with its own cid pool and rate gate, as separate instances of a service would be) run \`bulkPush\` at the same time, ${TOTAL.toLocaleString('en')} registration IDs between them (1000 per push, each under its own cid), against one local server that allows ${WINDOW.limit} calls per ${WINDOW.windowMs / 1000} s window to all of them together and sends \`X-Rate-Limit-Reset\` in whole seconds, as JPush does. "Rate used" is calls admitted in the run's full windows (all but the last, partial one) against what those windows allow; "refused" is calls answered 429. "Not sent" counts failed and pending recipients. Rows with faults inject, from a seeded generator, a 500 or a connection reset before or after the deliveries (25 % of calls), as in the single-sender bulk runs above.`,
      '',
      table(['Build', 'Senders', 'Faults injected', 'Recipients', 'Calls', 'Refused', 'Rate used', 'Sent', 'Unknown', 'Not sent', 'Duplicates', 'Lost', 'Wall time (s)'], rows),
    ].join('\n');
    return { markdown, targets };
  },
};
