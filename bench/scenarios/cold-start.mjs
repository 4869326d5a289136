// Cold start: a new Node process that imports the client, makes one call and prints the reply, timed
// from spawn to the reply's line on stdout. The peers take turns for every repetition; the first
// repetition warms the file cache and is not counted.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { toModule } from '../bundles.mjs';
import { availablePeers, peers } from '../peers.mjs';
import { isPushReply } from '../server-modes/jpush.mjs';
import { median, num, pairedRatio, table, times } from '../stats.mjs';

/** ms from spawn to the first line of stdout, which must be the push reply. */
const once = (source, cwd) =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ms;
    child.stdout.on('data', (d) => {
      ms ??= performance.now() - t0;
      out += d;
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      let reply;
      try {
        reply = JSON.parse(out.split('\n')[0]);
      } catch {}
      if (code !== 0 || !isPushReply(reply)) reject(new Error(`cold start failed (exit ${code}): ${out}${err}`.slice(0, 2000)));
      else resolve(ms);
    });
  });

export default {
  id: 'cold-start',
  title: 'Cold start: process start → first response',
  async run(ctx) {
    const { repetitions } = ctx.scale.coldStart;
    const server = await ctx.server('jpush');
    const { ok, skipped } = await availablePeers();
    const ms = Object.fromEntries(ok.map((p) => [p.id, []]));
    for (let rep = 0; rep <= repetitions; rep++) {
      for (let i = 0; i < ok.length; i++) {
        const p = ok[(i + rep) % ok.length];
        const t = await once(toModule(p.snippet(server.url), 'cold'), ctx.root);
        if (rep > 0) ms[p.id].push(t);
      }
    }
    // Ratios pair the runs of one repetition (moments apart), then take the median over repetitions.
    const fig = Object.fromEntries(
      ok.map((p) => {
        const t = ms[p.id];
        return [p.id, { median: median(t), min: Math.min(...t), max: Math.max(...t), ky: ms.ky ? pairedRatio(t, ms.ky) : NaN, fetch: ms.fetch ? pairedRatio(t, ms.fetch) : NaN }];
      }),
    );
    const f = fig.fetch?.median;
    const markdown = [
      `\`node --input-type=module -e <one client, one call>\` from the repository root (Node ${process.versions.node}); ${repetitions} runs per client after one uncounted round, clients taking turns; each ratio is the median over the rounds of the two clients' times from the same round. The SDK's first push also fetches its cid pool (one extra request).`,
      '',
      table(
        ['Client', 'Median (ms)', '× ky', '× fetch', 'Range (ms)'],
        peers.map((p) =>
          fig[p.id]
            ? [p.label, num(fig[p.id].median), times(fig[p.id].ky), times(fig[p.id].fetch), `${num(fig[p.id].min)}–${num(fig[p.id].max)}`]
            : [p.label, skipped[p.id], '', '', ''],
        ),
      ),
    ].join('\n');
    const targets = ['sdk', 'standalone'].map((id) => ({
      target: `${peers.find((p) => p.id === id).label}: cold start ≤ 1.2× raw fetch`,
      measured: fig[id] ? `${times(fig[id].fetch)} (${num(fig[id].median)} vs ${num(f)} ms)` : skipped[id],
      met: !!fig[id] && fig[id].fetch <= 1.2,
    }));
    return { markdown, targets };
  },
};
