// Per-call cost of one push, every peer against the same local keep-alive server: latency one call at a
// time (median, p99), throughput with 50 calls in flight, CPU per call. Each peer runs in its own process;
// the peers take turns in short rounds (the first one a warm-up, not counted; each round starts with the
// next peer) so that machine noise falls on all of them alike, and every ratio compares two peers within
// the same round before taking the median over the rounds.
import { toModule } from '../bundles.mjs';
import { availablePeers, peers } from '../peers.mjs';
import { startWorker } from '../processes.mjs';
import { median, num, pairedRatio, quantile, table, times } from '../stats.mjs';

const METRICS = ['median', 'p99', 'throughput', 'cpu'];

export default {
  id: 'per-call',
  title: 'Per-call cost: one push',
  async run(ctx) {
    const { rounds, minRounds, seconds, sequential, concurrent } = ctx.scale.perCall;
    const inflight = 50;
    const segment = { warmSequential: 20, sequential, warmConcurrent: 2 * inflight, concurrent, inflight };
    const server = await ctx.server('jpush');
    const { ok, skipped } = await availablePeers();
    const workers = {};
    // Per peer: one { median, p99, throughput, cpu } per measured round, plus server-side request counts.
    const perRound = Object.fromEntries(ok.map((p) => [p.id, []]));
    const counts = Object.fromEntries(ok.map((p) => [p.id, { requests: 0, pushes: 0, withCid: 0 }]));
    const started = Date.now();
    let measured = 0;
    try {
      for (const p of ok) {
        workers[p.id] = await startWorker(ctx.writeModule(`per-call-${p.id}`, toModule(p.snippet(server.url), 'export')), p.label);
      }
      for (let round = 0; round <= rounds; round++) {
        const t0 = Date.now();
        for (let i = 0; i < ok.length; i++) {
          const p = ok[(i + round) % ok.length];
          const before = await server.stats();
          const r = await workers[p.id].run(segment);
          const after = await server.stats();
          if (round === 0) continue;
          perRound[p.id].push({ median: median(r.latencies), p99: quantile(r.latencies, 0.99), throughput: r.throughput, cpu: r.cpuUs / r.calls });
          const c = counts[p.id];
          c.pushes += after.push - before.push;
          c.withCid += after.pushCid - before.pushCid;
          c.requests += after.push + after.cid + after.other - (before.push + before.cid + before.other);
        }
        if (round) measured = round;
        ctx.log(`per-call: ${round ? `round ${round}/${rounds}` : 'warm-up round'} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        // A busy machine must not push the whole bench past its time limit.
        if (round >= minRounds && Date.now() - started > seconds * 1000) {
          ctx.log(`per-call: stopping after ${round} measured rounds (time budget of ${seconds} s reached)`);
          break;
        }
      }
    } finally {
      for (const w of Object.values(workers)) w.close();
    }

    const fig = {};
    for (const p of ok) {
      const rs = perRound[p.id];
      fig[p.id] = Object.fromEntries(METRICS.map((m) => [m, median(rs.map((r) => r[m]))]));
      fig[p.id].tpMin = Math.min(...rs.map((r) => r.throughput));
      fig[p.id].tpMax = Math.max(...rs.map((r) => r.throughput));
      fig[p.id].requestsPerPush = counts[p.id].requests / counts[p.id].pushes;
      fig[p.id].withCid = counts[p.id].withCid / counts[p.id].pushes;
      for (const ref of ['ky', 'fetch']) {
        for (const m of METRICS) fig[p.id][`${m}/${ref}`] = perRound[ref] ? pairedRatio(rs.map((r) => r[m]), perRound[ref].map((r) => r[m])) : NaN;
      }
    }
    // One row per peer, in the peers' order; a peer that could not run says why.
    const rowsFor = (cells) =>
      peers.map((p) => (fig[p.id] ? [p.label, ...cells(fig[p.id])] : [p.label, skipped[p.id], ...cells({}).slice(1).fill('')]));
    const withRatios = (x, m) => [num(x[m]), times(x[`${m}/ky`]), times(x[`${m}/fetch`])];

    const markdown = [
      `${ok.length} clients, ${measured} measured rounds after one warm-up round; per client and round: ${sequential} calls one at a time, then ${concurrent} calls with ${inflight} in flight (each part preceded by untimed warm-up calls). Every reply is checked. Each figure is the median over the rounds of that round's figure; each ratio is the median over the rounds of the two clients' figures from the same round. CPU is the client process's user + system time over the timed calls divided by their number. The server counts every request it gets, so extra requests (the SDK's cid fetches) and the share of pushes sent with a cid (retry-safe) show next to the CPU figures.`,
      '',
      '#### Latency, one call at a time (µs)',
      '',
      table(['Client', 'Median', '× ky', '× fetch', 'p99', '× ky', '× fetch'], rowsFor((x) => [...withRatios(x, 'median'), ...withRatios(x, 'p99')])),
      '',
      `#### Throughput, ${inflight} calls in flight (calls/s; higher is better)`,
      '',
      table(['Client', 'Calls/s', '× ky', '× fetch', 'Range over rounds'], rowsFor((x) => [...withRatios(x, 'throughput'), `${num(x.tpMin)}–${num(x.tpMax)}`])),
      '',
      '#### CPU per call (µs of client CPU)',
      '',
      table(
        ['Client', 'CPU/call', '× ky', '× fetch', 'HTTP requests per push', 'Pushes carrying a cid'],
        rowsFor((x) => [...withRatios(x, 'cpu'), (x.requestsPerPush ?? NaN).toFixed(2), `${Math.round((x.withCid ?? NaN) * 100)} %`]),
      ),
    ].join('\n');

    const targets = [];
    for (const id of ['sdk', 'standalone']) {
      const label = peers.find((p) => p.id === id).label;
      const x = fig[id];
      const ky = fig.ky;
      targets.push(
        {
          target: `${label}: median latency ≤ 1.10× plain ky`,
          measured: x ? `${times(x['median/ky'])} (${num(x.median)} vs ${num(ky.median)} µs)` : skipped[id],
          met: !!x && x['median/ky'] <= 1.1,
        },
        {
          target: `${label}: throughput at ${inflight} in flight ≥ 0.95× plain ky`,
          measured: x ? `${times(x['throughput/ky'])} (${num(x.throughput)} vs ${num(ky.throughput)} calls/s)` : skipped[id],
          met: !!x && x['throughput/ky'] >= 0.95,
        },
      );
    }
    return { markdown, targets };
  },
};
