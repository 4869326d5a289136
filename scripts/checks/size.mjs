// Part of npm test (its last step): the bundle budgets of DESIGN.md, measured from the BUILT packages
// exactly as `npm run bench` measures them (bench/bundles.mjs): esbuild --bundle --minify
// --platform=browser --format=esm, gzip -9. Deterministic: sizes only, no timings.
// Exits 1 when a bundle is over its budget or a standalone function it needs is not exported.
import { kb, measureSdkBundles } from '../../bench/bundles.mjs';

let failed = 0;
for (const row of await measureSdkBundles()) {
  if (row.missing) {
    failed++;
    console.log(`FAILURE size ${row.label}: not exported — ${row.pkg} has no ${row.missing.join(', ')} (budget ${kb(row.budget)} gzip)`);
    continue;
  }
  const ok = row.gzip <= row.budget;
  if (!ok) failed++;
  const detail = `${kb(row.gzip)} gzip (budget ${kb(row.budget)}; raw ${kb(row.raw)}, brotli ${kb(row.brotli)})`;
  if (ok) console.log(`ok      size ${row.label}: ${detail}`);
  else console.log(`FAILURE size ${row.label}: ${detail} — over by ${kb(row.gzip - row.budget)}`);
}
console.log(failed ? `size budgets: ${failed} failed` : 'size budgets: all met');
process.exit(failed ? 1 : 0);
