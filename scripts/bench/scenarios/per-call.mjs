// Per-call cost of one push, every peer against the same local keep-alive server: latency one call at a
// time (median, p99), throughput with 50 calls in flight, CPU per call. Each peer runs in its own process;
// the peers take turns in rounds (the first one a warm-up, not counted; each round starts with the next
// peer) so that machine noise falls on all of them alike.
import { toModule } from '../bundles.mjs';
import { availablePeers, peers } from '../peers.mjs';
import { startWorker } from '../processes.mjs';
import { median, num, quantile, ratio, table } from '../stats.mjs';

export default {
  id: 'per-call',
  title: 'Per-call cost: one push',
  async run(ctx) {
    const { rounds, sequential, concurrent } = ctx.scale.perCall;
    const inflight = 50;
    const segment = { warmSequential: 20, sequential, warmConcurrent: 2 * inflight, concurrent, inflight };
    const server = await ctx.server('jpush');
    const { ok, skipped } = await availablePeers();
    const workers = {};
    const acc = {};
    try {
      for (const p of ok) {
        workers[p.id] = await startWorker(ctx.writeModule(`per-call-${p.id}`, toModule(p.snippet(server.url), 'export')), p.label);
        acc[p.id] = { latencies: [], throughputs: [], cpuUs: 0, calls: 0, requests: 0, pushes: 0, withCid: 0 };
      }
      for (let round = 0; round <= rounds; round++) {
        const started = Date.now();
        for (let i = 0; i < ok.length; i++) {
          const p = ok[(i + round) % ok.length];
          const before = await server.stats();
          const r = await workers[p.id].run(segment);
          const after = await server.stats();
          if (round === 0) continue;
          const a = acc[p.id];
          a.latencies.push(...r.latencies);
          a.throughputs.push(r.throughput);
          a.cpuUs += r.cpuUs;
          a.calls += r.calls;
          a.pushes += after.push - before.push;
          a.withCid += after.pushCid - before.pushCid;
          a.requests += after.push + after.cid + after.other - (before.push + before.cid + before.other);
        }
        ctx.log(`per-call: ${round ? `round ${round}/${rounds}` : 'warm-up round'} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    } finally {
      for (const w of Object.values(workers)) w.close();
    }

    const fig = {};
    for (const p of ok) {
      const a = acc[p.id];
      fig[p.id] = {
        median: median(a.latencies),
        p99: quantile(a.latencies, 0.99),
        throughput: median(a.throughputs),
        tpMin: Math.min(...a.throughputs),
        tpMax: Math.max(...a.throughputs),
        cpu: a.cpuUs / a.calls,
        requestsPerPush: a.requests / a.pushes,
        withCid: a.withCid / a.pushes,
      };
    }
    const ky = fig.ky ?? {};
    const f = fig.fetch ?? {};
    // One row per peer, in the peers' order; a peer that could not run says why.
    const rowsFor = (cells) =>
      peers.map((p) => (fig[p.id] ? [p.label, ...cells(fig[p.id])] : [p.label, skipped[p.id], ...cells({}).slice(1).fill('')]));

    const markdown = [
      `${ok.length} clients, ${rounds} measured rounds after one warm-up round; per client and round: ${sequential} calls one at a time, then ${concurrent} calls with ${inflight} in flight (each part preceded by untimed warm-up calls). Every reply is checked. Latency figures pool all rounds; throughput is the median of the rounds (range in brackets); CPU is the client process's user + system time over the timed calls divided by their number. The server counts every request, so extra requests (the SDK's cid fetches) and the share of pushes sent with a cid (retry-safe) are shown with the CPU figures.`,
      '',
      '#### Latency, one call at a time (µs)',
      '',
      table(
        ['Client', 'Median', '× ky', '× fetch', 'p99', '× ky', '× fetch'],
        rowsFor((x) => [num(x.median), ratio(x.median, ky.median), ratio(x.median, f.median), num(x.p99), ratio(x.p99, ky.p99), ratio(x.p99, f.p99)]),
      ),
      '',
      `#### Throughput, ${inflight} calls in flight (calls/s; higher is better)`,
      '',
      table(
        ['Client', 'Calls/s', '× ky', '× fetch', 'Range over rounds'],
        rowsFor((x) => [num(x.throughput), ratio(x.throughput, ky.throughput), ratio(x.throughput, f.throughput), `${num(x.tpMin)}–${num(x.tpMax)}`]),
      ),
      '',
      '#### CPU per call (µs of client CPU)',
      '',
      table(
        ['Client', 'CPU/call', '× ky', '× fetch', 'HTTP requests per push', 'Pushes carrying a cid'],
        rowsFor((x) => [
          num(x.cpu),
          ratio(x.cpu, ky.cpu),
          ratio(x.cpu, f.cpu),
          (x.requestsPerPush ?? NaN).toFixed(2),
          `${Math.round((x.withCid ?? NaN) * 100)} %`,
        ]),
      ),
    ].join('\n');

    const targets = [];
    for (const id of ['sdk', 'standalone']) {
      const label = peers.find((p) => p.id === id).label;
      const x = fig[id];
      const missing = skipped[id];
      targets.push(
        {
          target: `${label}: median latency ≤ 1.10× plain ky`,
          measured: x ? `${ratio(x.median, ky.median)} (${num(x.median)} vs ${num(ky.median)} µs)` : missing,
          met: !!x && x.median <= 1.1 * ky.median,
        },
        {
          target: `${label}: throughput at ${inflight} in flight ≥ 0.95× plain ky`,
          measured: x ? `${ratio(x.throughput, ky.throughput)} (${num(x.throughput)} vs ${num(ky.throughput)} calls/s)` : missing,
          met: !!x && x.throughput >= 0.95 * ky.throughput,
        },
      );
    }
    return { markdown, targets };
  },
};
