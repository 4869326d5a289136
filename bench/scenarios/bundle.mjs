// Bundle size of "one client, one call": the SDK entries that have a budget (the same measurement as
// scripts/checks/size.mjs in npm test) and every peer, minified, raw / gzip -9 / brotli.
import { kb, measure, measureSdkBundles, toModule } from '../bundles.mjs';
import { peers } from '../peers.mjs';
import { ratio, table } from '../stats.mjs';

export default {
  id: 'bundle',
  title: 'Bundle size: one client, one call',
  async run() {
    const sdk = await measureSdkBundles();
    const others = [];
    for (const p of peers.filter((p) => p.id !== 'sdk' && p.id !== 'standalone')) {
      others.push({ id: p.id, label: p.label, platform: p.platform, ...(await measure(toModule(p.snippet(), 'bundle'), p.platform)) });
    }
    const ky = others.find((r) => r.id === 'ky');
    const f = others.find((r) => r.id === 'fetch');
    const row = (r, platform = 'browser') =>
      r.missing
        ? [r.label, platform, '—', `n/a (not exported: ${r.pkg} has no ${r.missing.join(', ')})`, '—', '—', '—', r.budget ? kb(r.budget) : '', r.budget ? '❌ not met' : '']
        : [
            r.label,
            platform,
            kb(r.raw),
            kb(r.gzip),
            ratio(r.gzip, ky.gzip),
            ratio(r.gzip, f.gzip),
            kb(r.brotli),
            r.budget ? kb(r.budget) : '',
            r.budget ? (r.gzip <= r.budget ? '✅ met' : `❌ over by ${kb(r.gzip - r.budget)}`) : '',
          ];
    const markdown = [
      "esbuild `--bundle --minify --format=esm`, `--platform=browser` (Node-only clients: `--platform=node`, since they need node:http); gzip level 9 and brotli at maximum quality (Node's zlib); KB = 1000 bytes. The SDK comes from the built packages (`packages/*/dist`, core bundled in). Ratios compare gzip sizes. The same measurement runs in `npm test` (`scripts/checks/size.mjs`).",
      '',
      table(
        ['Bundle', 'Platform', 'Raw', 'Gzip', '× ky', '× fetch', 'Brotli', 'Budget (gzip)', 'Status'],
        [...sdk.map((r) => row(r)), ...others.map((r) => row(r, r.platform))],
      ),
    ].join('\n');
    const targets = sdk.map((r) => ({
      target: `${r.label} ≤ ${kb(r.budget)} gzip`,
      measured: r.missing ? `n/a (not exported: ${r.pkg} has no ${r.missing.join(', ')})` : `${kb(r.gzip)} (${ratio(r.gzip, r.budget)} of budget)`,
      met: !r.missing && r.gzip <= r.budget,
    }));
    return { markdown, targets };
  },
};
