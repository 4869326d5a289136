// Bulk sending through the built clients against a real local server that enforces a rate window and
// counts deliveries per recipient (bench/rate-server.mjs): the fewest calls, no call over the limit after
// the first window, no duplicate, nothing lost — also under injected 5xx and connection resets — and a
// resume that sends only what an interrupted run did not.
import { afterEach, describe, expect, it } from 'vitest';
import { JPush, RequestValidationError, bulkBatchPush, bulkPush, createJPushClient, type BulkResult } from '@jiguang-ts/jpush';
import { JSMS, bulkSendMessages } from '@jiguang-ts/jsms';
import { UMS, bulkSendToUsers } from '@jiguang-ts/ums';
import { startRateServer } from '../../bench/rate-server.mjs';

type Server = Awaited<ReturnType<typeof startRateServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const ids = (n: number, prefix = 'rid') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const options = { appKey: 'a', masterSecret: 'b', logLevel: 'off' as const, maxRetryDelay: 10_000 };
const PAYLOAD = { platform: 'all', notification: { alert: 'hi' } } as const;

describe('JPush', () => {
  it('bulkPush: 5500 registration IDs in 6 pushes under 6 cids, inside the rate window', async () => {
    server = await startRateServer({ limit: 3, windowMs: 400 });
    const progress: number[] = [];
    const report = await bulkPush(new JPush({ ...options, baseUrl: server.url }), PAYLOAD, { registration_id: ids(5500) }, { onProgress: (p) => progress.push(p.sent) });
    expect(report).toMatchObject({ total: 5500, sent: 5500, failed: 0, unknown: 0, calls: 6, pending: 0 });
    expect(server.stats.calls).toBe(6);
    expect(server.stats.overLimit).toBe(0);
    expect(server.delivered.size).toBe(5500);
    expect(server.duplicates()).toBe(0);
    expect(new Set(report.results.map((r) => r.key)).size).toBe(6);
    expect(progress.at(-1)).toBe(5500);
  });

  it('bulkPush under injected 5xx and resets (before and after delivery): zero duplicates, zero lost', async () => {
    server = await startRateServer({ limit: 4, windowMs: 300, faults: { serverErrorAfter: 0.15, serverErrorBefore: 0.1, resetAfter: 0.1, resetBefore: 0.1 }, seed: 7 });
    const report = await bulkPush(createJPushClient({ ...options, baseUrl: server.url }), PAYLOAD, { alias: ids(20_000, 'alias') }, { maxRetries: 8 });
    expect(server.stats.faults).toBeGreaterThan(3);
    expect(report.sent).toBe(20_000);
    expect(server.delivered.size).toBe(20_000);
    expect(server.duplicates()).toBe(0);
    expect(server.stats.overLimitAfterFirstWindow).toBe(0);
  });

  it('bulkBatchPush: one cid per device; per-item message IDs', async () => {
    server = await startRateServer({ limit: 10, windowMs: 500 });
    const items = ids(2100).map((target) => ({ platform: 'all' as const, target, notification: { alert: `hi ${target}` } }));
    const report = await bulkBatchPush(new JPush({ ...options, baseUrl: server.url }), 'registration_id', items);
    expect(report).toMatchObject({ sent: 2100, calls: 3 });
    expect(new Set(report.results.map((r) => r.key)).size).toBe(2100);
    expect(report.results.every((r) => r.msgId)).toBe(true);
    expect(server.duplicates()).toBe(0);
  });

  it('an interrupted run resumes from its results: the rest is sent, nothing twice', async () => {
    server = await startRateServer({ limit: 2, windowMs: 300 });
    const saved: BulkResult[] = [];
    const ac = new AbortController();
    const client = new JPush({ ...options, baseUrl: server.url });
    const first = await bulkPush(client, PAYLOAD, { registration_id: ids(8000) }, {
      concurrency: 1,
      signal: ac.signal,
      onResults: (r) => {
        saved.push(...r);
        if (saved.length >= 3000) ac.abort();
      },
    });
    expect(first.pending).toBe(5000);
    expect(first.stopped?.name).toBe('APIUserAbortError');
    const second = await bulkPush(client, PAYLOAD, { registration_id: ids(8000) }, { previous: saved });
    expect(second).toMatchObject({ sent: 8000, pending: 0 });
    expect(server.delivered.size).toBe(8000);
    expect(server.duplicates()).toBe(0);
  });

  it('an unknown outcome is resent under its original cid on resume, and delivered once', async () => {
    // Every call fails after delivering: with no retries left the items are `unknown`, keyed.
    server = await startRateServer({ limit: 50, windowMs: 1000, faults: { serverErrorAfter: 1 } });
    const client = new JPush({ ...options, baseUrl: server.url });
    const first = await bulkPush(client, PAYLOAD, { registration_id: ids(1500) }, { maxRetries: 0 });
    expect(first).toMatchObject({ unknown: 1500, sent: 0 });
    expect(server.delivered.size).toBe(1500);
    await server.close();
    server = await startRateServer({ limit: 50, windowMs: 1000 });
    // A new server knows no cids; the point here is what the SDK sends: the same chunks under the same cids.
    const keys = new Set(first.results.map((r) => r.key));
    const second = await bulkPush(new JPush({ ...options, baseUrl: server.url }), PAYLOAD, { registration_id: ids(1500) }, { previous: first.results });
    expect(second.sent).toBe(1500);
    expect(new Set(second.results.map((r) => r.key))).toEqual(keys);
    expect(server.stats.cidCalls).toBe(0);
  });

  it('the same recipient twice is refused before anything is sent', async () => {
    server = await startRateServer();
    const err = await bulkPush(new JPush({ ...options, baseUrl: server.url }), PAYLOAD, { registration_id: ['r1', 'r2', 'r1'] }).catch((e) => e);
    expect(err).toBeInstanceOf(RequestValidationError);
    expect(err.path).toBe('items[2]');
    expect(server.stats.calls).toBe(0);
  });
});

describe('JSMS', () => {
  it('bulkSendMessages: 2500 recipients in 3 calls; invalid numbers fail per recipient', async () => {
    server = await startRateServer({ limit: 2, windowMs: 300 });
    const recipients = Array.from({ length: 2500 }, (_, i) => ({ mobile: i === 7 ? '12345' : `138${String(i).padStart(8, '0')}`, temp_para: { code: String(i) } }));
    const report = await bulkSendMessages(new JSMS({ ...options, baseUrl: server.url }), { temp_id: 1 }, recipients);
    expect(report).toMatchObject({ sent: 2499, failed: 1, calls: 3 });
    expect(report.results.find((r) => r.id === '12345')).toMatchObject({ status: 'failed', error: { code: 50006 } });
    expect(server.stats.overLimit).toBe(0);
  });

  it('a 5xx after delivery leaves the chunk unknown: not retried, not resent on resume', async () => {
    server = await startRateServer({ limit: 50, windowMs: 1000, faults: { serverErrorAfter: 1 } });
    const client = new JSMS({ ...options, baseUrl: server.url });
    const recipients = Array.from({ length: 1200 }, (_, i) => ({ mobile: `139${String(i).padStart(8, '0')}` }));
    const first = await bulkSendMessages(client, { temp_id: 1 }, recipients);
    expect(first).toMatchObject({ unknown: 1200, calls: 2 });
    expect(server.stats.calls).toBe(2);
    const second = await bulkSendMessages(client, { temp_id: 1 }, recipients, { previous: first.results });
    expect(second).toMatchObject({ unknown: 1200, calls: 0 });
    expect(server.stats.calls).toBe(2);
    expect(server.duplicates()).toBe(0);
  });
});

describe('UMS', () => {
  it('bulkSendToUsers: 2001 user IDs through aud_userid in 3 calls (template and custom messages)', async () => {
    server = await startRateServer({ limit: 5, windowMs: 300 });
    const client = new UMS({ channelKey: 'c', masterSecret: 's', logLevel: 'off', baseUrl: server.url });
    const template = await bulkSendToUsers(client, { template_id: 1, template_para: { name: 'Ada' } }, ids(2001, 'user'));
    expect(template).toMatchObject({ sent: 2001, calls: 3 });
    const custom = await bulkSendToUsers(client, { msg_sms: [{ sign_id: 1, temp_id: 2 }] }, ids(1000, 'other'));
    expect(custom).toMatchObject({ sent: 1000, calls: 1 });
    expect(server.delivered.size).toBe(3001);
    expect(template.results[0]!.msgId).toMatch(/^v:/);
  });
});
