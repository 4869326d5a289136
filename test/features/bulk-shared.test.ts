// Several senders sharing one rate window, and refusals that must not use up a keyed chunk: the built
// clients against a real local server that enforces one window for all its callers, answers 429 beyond
// it and counts deliveries per recipient (bench/rate-server.mjs). A short window (10 calls per second)
// keeps it short; the bench runs the same scenario with JPush's whole-second resets over 3 s windows.
import { afterEach, describe, expect, it } from 'vitest';
import * as jpush from '@jiguang-ts/jpush';
import { JPush, bulkPush, type BulkResult } from '@jiguang-ts/jpush';
import { startRateServer } from '../../bench/rate-server.mjs';
import { runSharedWindow } from '../../bench/shared-window.mjs';

const WINDOW = { limit: 10, windowMs: 1000, wholeSeconds: false };
const PAYLOAD = { platform: 'all', notification: { alert: 'hi' } } as const;
const ids = (n: number, prefix = 'rid') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('several senders, one window', () => {
  it('one sender alone: ≥ 95 % of the rate, no refusal', async () => {
    const r = await runSharedWindow(jpush, { senders: 1, ids: 60_000, ...WINDOW });
    expect(r.refused).toBe(0);
    expect(r.rateUsed).toBeGreaterThanOrEqual(0.95);
    expect(r).toMatchObject({ sent: 60_000, duplicates: 0, lost: 0 });
  });

  for (const senders of [2, 4, 8]) {
    it(`${senders} senders: ≥ 90 % of the rate together, ≤ 5 % refused, every recipient sent once`, async () => {
      const r = await runSharedWindow(jpush, { senders, ids: 60_000 / senders, ...WINDOW });
      expect(r.refusedShare).toBeLessThanOrEqual(0.05);
      expect(r.rateUsed).toBeGreaterThanOrEqual(0.9);
      expect(r).toMatchObject({ sent: 60_000, unknown: 0, failed: 0, pending: 0, delivered: 60_000, duplicates: 0, lost: 0 });
    });
  }
});

describe('refusals', () => {
  let server: Awaited<ReturnType<typeof startRateServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const client = () => new JPush({ appKey: 'a', masterSecret: 'b', logLevel: 'off', baseUrl: server!.url });

  it('do not count against maxRetries: a chunk refused 6 times with maxRetries 0 is still sent', async () => {
    server = await startRateServer({ limit: 10, windowMs: 100, refuseFirst: 6 });
    const report = await bulkPush(client(), PAYLOAD, { registration_id: ids(2500) }, { maxRetries: 0, concurrency: 1 });
    expect(server.stats.overLimit).toBe(6);
    expect(report).toMatchObject({ sent: 2500, unknown: 0, failed: 0, pending: 0, refused: 6, calls: 9 });
    expect(server.duplicates()).toBe(0);
  });

  it('while a 5xx still counts: with maxRetries 0 a keyed chunk that may have been delivered is unknown', async () => {
    server = await startRateServer({ limit: 10, windowMs: 100, faults: { serverErrorAfter: 1 } });
    const report = await bulkPush(client(), PAYLOAD, { registration_id: ids(1000) }, { maxRetries: 0 });
    expect(report).toMatchObject({ unknown: 1000, calls: 1, refused: 0 });
  });

  it('a deadline bounds a run refused throughout: nothing delivered, everyone pending, and a resume sends each once', async () => {
    server = await startRateServer({ limit: 10, windowMs: 100, refuseFirst: Infinity });
    const saved: BulkResult[] = [];
    const first = await bulkPush(client(), PAYLOAD, { registration_id: ids(3000) }, { deadline: Date.now() + 700, onResults: (r) => void saved.push(...r) });
    expect(first.stopped?.message).toMatch(/deadline/);
    expect(first).toMatchObject({ sent: 0, unknown: 0, failed: 0, pending: 3000 });
    expect(first.refused).toBeGreaterThan(3);
    expect(saved).toEqual([]);
    expect(server.delivered.size).toBe(0);
    await server.close();
    server = await startRateServer({ limit: 10, windowMs: 100 });
    const second = await bulkPush(client(), PAYLOAD, { registration_id: ids(3000) }, { previous: saved, deadline: new Date(Date.now() + 20_000) });
    expect(second).toMatchObject({ sent: 3000, pending: 0 });
    expect(second.stopped).toBeUndefined();
    expect(server.duplicates()).toBe(0);
  });

  it('a keyed chunk delivered before the refusals is unknown under its cid when the deadline hits', async () => {
    // Every call fails after delivering (retried under its cid), then the window is spent: refused until the deadline.
    server = await startRateServer({ limit: 1, windowMs: 60_000, faults: { serverErrorAfter: 1 } });
    const report = await bulkPush(client(), PAYLOAD, { registration_id: ids(1000) }, { deadline: Date.now() + 500 });
    expect(report.stopped?.message).toMatch(/deadline/);
    expect(report.unknown).toBe(1000);
    expect(new Set(report.results.map((r) => r.key)).size).toBe(1);
    expect(server.delivered.size).toBe(1000);
  });

  it('a deadline that is not a time is refused before anything is sent', async () => {
    server = await startRateServer(WINDOW);
    const err = await bulkPush(client(), PAYLOAD, { registration_id: ids(10) }, { deadline: Number.NaN }).catch((e) => e);
    expect(err).toBeInstanceOf(jpush.RequestValidationError);
    expect(err.path).toBe('options.deadline');
    expect(server.stats.calls).toBe(0);
  });
});
