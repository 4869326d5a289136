// Replay and duplicate protection of the callback handlers, and what their messages say, through the
// BUILT packages. JSMS signs only appKey, appMasterSecret, nonce and timestamp, so the attack is a
// captured callback sent again with other `data`.
import { describe, expect, it } from 'vitest';
import { dedupeRecords, jsmsWebhooks, memoryReplayStore, type JsmsCallbackEvent, type ReplayStore } from '@jiguang-ts/jsms';
import { umsWebhooks } from '@jiguang-ts/ums';
import { jpushWebhooks } from '@jiguang-ts/jpush';
import { JPUSH_APP, JSMS_APP, JSMS_DATA, UMS_CHANNEL, UMS_RECORDS, jsmsForm, jsmsSignature, randomNonce } from './cases.js';

const toRequest = (w: ReturnType<typeof jsmsForm>) => new Request('https://example.test' + w.path, { method: w.method, headers: w.headers, body: w.body });
const report = (phone: string, o: Parameters<typeof jsmsForm>[2] = {}) => jsmsForm('SMS_REPORT', JSON.stringify({ ...JSMS_DATA.SMS_REPORT, phone }), o);
const basic = (user: string, pass: string) => ({ authorization: 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64'), 'content-type': 'application/json' });
const umsPost = (records: unknown[]) => new Request('https://example.test/ums', { method: 'POST', headers: basic(UMS_CHANNEL.channelKey, UMS_CHANNEL.masterSecret), body: JSON.stringify(records) });
const phones = (events: JsmsCallbackEvent[]) => events.map((e) => (e.type === 'SMS_REPORT' ? e.data.phone : e.type));

describe('JSMS replay protection (on by default)', () => {
  it('the same nonce/timestamp/signature with other data is answered 200 and does not reach onEvent', async () => {
    const hooks = jsmsWebhooks(JSMS_APP);
    const seen: JsmsCallbackEvent[] = [];
    const nonce = randomNonce();
    const timestamp = Date.now();
    const first = await hooks.handle(toRequest(report('15822889320', { nonce, timestamp })), (e) => void seen.push(e));
    const replay = await hooks.handle(toRequest(report('13900000000', { nonce, timestamp })), (e) => void seen.push(e));
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(phones(seen)).toEqual(['15822889320']);
    // Another callback (its own nonce) still gets through.
    await hooks.handle(toRequest(report('13700000000')), (e) => void seen.push(e));
    expect(phones(seen)).toEqual(['15822889320', '13700000000']);
  });

  it('two identical requests at once: exactly one reaches onEvent', async () => {
    const hooks = jsmsWebhooks(JSMS_APP);
    const wire = report('15822889320');
    let calls = 0;
    const slow = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
    };
    const answers = await Promise.all(Array.from({ length: 8 }, () => hooks.handle(toRequest(wire), slow)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(calls).toBe(1);
  });

  it('when onEvent throws nothing is recorded: the redelivery reaches onEvent', async () => {
    const hooks = jsmsWebhooks(JSMS_APP);
    const wire = report('15822889320');
    const err = await hooks
      .handle(toRequest(wire), () => {
        throw new Error('database down');
      })
      .catch((e) => e);
    expect(err.message).toBe('database down');
    const seen: JsmsCallbackEvent[] = [];
    expect((await hooks.handle(toRequest(wire), (e) => void seen.push(e))).status).toBe(200);
    expect(phones(seen)).toEqual(['15822889320']);
  });

  it('a store that fails rejects handle (so Jiguang delivers again) and onEvent is not called', async () => {
    const broken: ReplayStore = { claim: () => Promise.reject(new Error('store unreachable')), release: () => undefined };
    let calls = 0;
    const err = await jsmsWebhooks({ ...JSMS_APP, replayStore: broken })
      .handle(toRequest(report('1')), () => void calls++)
      .catch((e) => e);
    expect(err.message).toBe('store unreachable');
    expect(calls).toBe(0);
  });

  it('replayStore: false turns it off (both reach onEvent)', async () => {
    const hooks = jsmsWebhooks({ ...JSMS_APP, replayStore: false });
    const o = { nonce: randomNonce(), timestamp: Date.now() };
    const seen: JsmsCallbackEvent[] = [];
    await hooks.handle(toRequest(report('1', o)), (e) => void seen.push(e));
    await hooks.handle(toRequest(report('2', o)), (e) => void seen.push(e));
    expect(phones(seen)).toEqual(['1', '2']);
  });

  it('two handler instances sharing one store protect each other', async () => {
    const store = memoryReplayStore();
    const [a, b] = [jsmsWebhooks({ ...JSMS_APP, replayStore: store }), jsmsWebhooks({ ...JSMS_APP, replayStore: store })];
    const o = { nonce: randomNonce(), timestamp: Date.now() };
    const seen: JsmsCallbackEvent[] = [];
    await a.handle(toRequest(report('1', o)), (e) => void seen.push(e));
    await b.handle(toRequest(report('2', o)), (e) => void seen.push(e));
    expect(phones(seen)).toEqual(['1']);
  });

  it('the store gets a key of app key, nonce and timestamp (no secret, no signature) kept while the timestamp is inside the window', async () => {
    const claims: [string, number][] = [];
    const recording: ReplayStore = { claim: (k, ttl) => (claims.push([k, ttl]), true), release: () => undefined };
    const timestamp = Date.now() - 60_000;
    const nonce = randomNonce();
    await jsmsWebhooks({ ...JSMS_APP, replayStore: recording }).handle(toRequest(report('1', { nonce, timestamp })), () => undefined);
    await jsmsWebhooks({ ...JSMS_APP, replayStore: recording, tolerance: Infinity }).handle(toRequest(report('1', { nonce, timestamp })), () => undefined);
    expect(claims[0]![0]).toBe(`jsms:${JSMS_APP.appKey}:${nonce}:${timestamp}`);
    expect(claims[0]![0]).not.toContain(JSMS_APP.masterSecret);
    expect(claims[0]![0]).not.toContain(jsmsSignature(nonce, String(timestamp)));
    // 5 min window, signed 1 min ago: about 4 min left (plus a second of slack).
    expect(claims[0]![1]).toBeGreaterThan(240_000 - 5_000);
    expect(claims[0]![1]).toBeLessThanOrEqual(241_000);
    // Window off: kept a day.
    expect(claims[1]![1]).toBe(86_400_000);
  });

  it('unwrap only verifies: it does not consult the store (handle knows whether the event was handled)', async () => {
    const hooks = jsmsWebhooks(JSMS_APP);
    const wire = report('1');
    await hooks.handle(toRequest(wire), () => undefined);
    expect((await hooks.unwrap(toRequest(wire))).type).toBe('SMS_REPORT');
  });
});

describe('memoryReplayStore', () => {
  it('refuses a key while it lives, and forgets it once expired or released', async () => {
    const store = memoryReplayStore();
    expect(await store.claim('a', 60_000)).toBe(true);
    expect(await store.claim('a', 60_000)).toBe(false);
    store.release('a');
    expect(await store.claim('a', 60_000)).toBe(true);
    expect(await store.claim('b', 0)).toBe(true);
    expect(await store.claim('b', 0)).toBe(true); // expired at once
  });

  it('is bounded: past maxEntries the oldest key is dropped', async () => {
    const store = memoryReplayStore({ maxEntries: 3 });
    for (const k of ['k1', 'k2', 'k3', 'k4']) expect(await store.claim(k, 60_000)).toBe(true);
    expect(await store.claim('k4', 60_000)).toBe(false);
    expect(await store.claim('k2', 60_000)).toBe(false);
    expect(await store.claim('k1', 60_000)).toBe(true); // dropped to make room for k4
  });

  it('keeps exactly the newest maxEntries keys under a long run of distinct keys', async () => {
    const store = memoryReplayStore({ maxEntries: 1000 });
    for (let i = 0; i < 20_000; i++) await store.claim('key-' + i, 60_000);
    const held = [];
    for (let i = 19_000; i < 20_000; i++) held.push(await store.claim('key-' + i, 60_000));
    expect(held.every((fresh) => fresh === false)).toBe(true);
    expect(await store.claim('key-18999', 60_000)).toBe(true);
  });
});

describe('record dedupe for UMS and JPush (opt-in: dedupe: dedupeRecords())', () => {
  it('off by default: a redelivered UMS batch reaches onEvent again', async () => {
    const hooks = umsWebhooks(UMS_CHANNEL);
    const seen: unknown[] = [];
    await hooks.handle(umsPost(UMS_RECORDS.slice(0, 2)), (r) => void seen.push(r));
    await hooks.handle(umsPost(UMS_RECORDS.slice(0, 2)), (r) => void seen.push(r));
    expect(seen).toHaveLength(2);
  });

  it('drops records already handled; a batch with nothing new is 200 without onEvent', async () => {
    const hooks = umsWebhooks({ ...UMS_CHANNEL, dedupe: dedupeRecords() });
    const seen: unknown[][] = [];
    const on = (r: unknown[]) => void seen.push(r);
    expect((await hooks.handle(umsPost(UMS_RECORDS.slice(0, 3)), on)).status).toBe(200);
    expect((await hooks.handle(umsPost(UMS_RECORDS.slice(1, 5)), on)).status).toBe(200);
    expect((await hooks.handle(umsPost(UMS_RECORDS.slice(0, 5)), on)).status).toBe(200);
    expect(seen).toEqual([UMS_RECORDS.slice(0, 3), UMS_RECORDS.slice(3, 5)]);
  });

  it('a failed onEvent forgets the whole batch, so the redelivery is handled in full', async () => {
    const hooks = umsWebhooks({ ...UMS_CHANNEL, dedupe: dedupeRecords() });
    await expect(hooks.handle(umsPost(UMS_RECORDS), () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    const seen: unknown[][] = [];
    await hooks.handle(umsPost(UMS_RECORDS), (r) => void seen.push(r));
    expect(seen).toEqual([UMS_RECORDS]);
  });

  it('a record that differs in any field (a second click, another time) is new', async () => {
    const hooks = umsWebhooks({ ...UMS_CHANNEL, dedupe: dedupeRecords() });
    const seen: unknown[][] = [];
    const click = { ...UMS_RECORDS[6]! };
    await hooks.handle(umsPost([click]), (r) => void seen.push(r));
    await hooks.handle(umsPost([{ ...click, sent_time: click.sent_time + 30 }]), (r) => void seen.push(r));
    expect(seen).toHaveLength(2);
  });

  it('JPush receipts share a store across two handler instances', async () => {
    const dedupe = dedupeRecords(memoryReplayStore());
    const receipt = { msg_id: '18100876565963840', registration_id: '1a0018970a4e4d5b0fe', type: 2 };
    const post = () => new Request('https://example.test/jpush', { method: 'POST', headers: basic(JPUSH_APP.appKey, JPUSH_APP.masterSecret), body: JSON.stringify(receipt) });
    const seen: unknown[] = [];
    await jpushWebhooks({ ...JPUSH_APP, dedupe }).handle(post(), (r) => void seen.push(r));
    await jpushWebhooks({ ...JPUSH_APP, dedupe }).handle(post(), (r) => void seen.push(r));
    expect(seen).toEqual([[receipt]]);
  });
});

describe('messages say what happened', () => {
  const hooks = jsmsWebhooks({ ...JSMS_APP, replayStore: false });
  const reason = async (w: ReturnType<typeof jsmsForm>) => {
    const res = await hooks.handle(toRequest(w), () => undefined);
    return `${res.status} ${await res.text()}`;
  };

  it('a timestamp in seconds', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    expect(await reason(report('1', { timestamp: seconds }))).toBe(`401 jsms callback: timestamp ${seconds} looks like seconds; Jiguang sends milliseconds`);
  });

  it('stale and future timestamps say by how much and the window', async () => {
    expect(await reason(report('1', { timestamp: Date.now() - 600_000 }))).toMatch(/^401 jsms callback: timestamp is 600 s in the past, outside the 300 s window \(the tolerance option\); check this server's clock$/);
    expect(await reason(report('1', { timestamp: Date.now() + 5 * 3600_000 }))).toMatch(/^401 jsms callback: timestamp is 18000 s \(5\.0 h\) in the future, outside the 300 s window/);
  });

  it('missing fields are named, bad values quoted', async () => {
    expect(await reason(report('1', { omit: ['nonce', 'signature'] }))).toBe('400 jsms callback: missing form field(s) nonce, signature');
    expect(await reason(report('1', { nonce: '12ab' }))).toBe('400 jsms callback: nonce "12ab" is not a decimal integer');
    expect(await reason(report('1', { timestamp: -5 as number }))).toBe('400 jsms callback: timestamp "-5" is not epoch milliseconds');
  });
});
