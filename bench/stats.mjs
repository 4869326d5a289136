// Numbers and tables for the bench report: order statistics, ratios, fixed-width formatting, Markdown.

/** The q-quantile (0..1) of `values` by nearest rank. */
export const quantile = (values, q) => {
  const s = Float64Array.from(values).sort();
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : NaN;
};
/** The middle value (mean of the two middle ones for an even count). */
export const median = (values) => {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN;
};

/** `1.07×`, or `—` when there is no ratio. */
export const times = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—');

/** `1.07×` (a / b), or `—` when either is missing. */
export const ratio = (a, b) => times(Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);

/**
 * Median of a[i] / b[i]: two clients compared within each round (measured moments apart) before the
 * rounds are combined, so that a slow spell of a shared machine cancels out instead of landing on one.
 */
export const pairedRatio = (a, b) => median(a.map((x, i) => x / b[i]).filter(Number.isFinite));

/** Fixed precision by magnitude: 12 345, 123, 12.3, 1.23. */
export const num = (n) =>
  !Number.isFinite(n) ? '—' : n >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);

/** A Markdown table; the first column is left-aligned, the others right-aligned. */
export const table = (head, rows) =>
  [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : ':---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** ✅ / ❌ for a target row. */
export const mark = (met) => (met ? '✅ met' : '❌ not met');
