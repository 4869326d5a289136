// The README's runtime table is the one scripts/docs/runtimes.mjs renders from the runtime matrix's
// record (test/runtime/matrix.json, written by test/runtime/matrix.test.ts, which itself fails when README
// differs from what it just ran). This check needs no runtime: it catches a hand edit of the table, or a
// record committed without the README update.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LABELS, RECORD, readmeTable, recorded, renderTable, withTable } from '../../scripts/docs/runtimes.mjs';

describe("README's runtime table", () => {
  it('is written from the recorded matrix run, in which every runtime passed', () => {
    expect(existsSync(RECORD), 'test/runtime/matrix.json: run the runtime matrix').toBe(true);
    const run = recorded() as { label: string; version: string; status: string }[];
    expect(run.map((r) => r.label).sort()).toEqual([...LABELS].sort());
    expect(run.filter((r) => r.status !== 'PASS')).toEqual([]);
    expect(readmeTable(), 'README.md is stale: run node scripts/docs/runtimes.mjs').toBe(renderTable(run));
  });

  it('a drifted version or a failed runtime is refused (the check has teeth)', () => {
    const run = recorded() as { label: string; version: string; status: string }[];
    const drifted = run.map((r) => (r.label.startsWith('Cloudflare') ? { ...r, version: '2026-04-26 (miniflare 4.20260426.0)' } : r));
    expect(renderTable(drifted)).not.toBe(readmeTable());
    expect(() => renderTable(run.map((r) => (r.label === 'Bun' ? { ...r, status: 'FAIL' } : r)))).toThrow(/Bun FAIL/);
    expect(() => withTable('no markers here', 'x')).toThrow(/markers/);
  });
});
