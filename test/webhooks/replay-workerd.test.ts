// Replay protection shared by two separate Workers through a Durable Object (test/webhooks/replay-worker.ts)
// in workerd (Miniflare): each Worker has its own isolate and its own handler instance; the callbacks are
// real signed JSMS forms. The Worker is bundled from the BUILT packages.
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from './bundle-worker.js';
import { JSMS_APP, JSMS_DATA, comparable, jsmsForm, randomNonce } from './cases.js';

let mf: Miniflare;

beforeAll(async () => {
  const { script } = await bundleWorker('replay-worker.ts');
  const bindings = { JSMS_APP_KEY: JSMS_APP.appKey, JSMS_MASTER_SECRET: JSMS_APP.masterSecret };
  mf = new Miniflare({
    workers: [
      { name: 'a', modules: true, script, compatibilityDate: '2025-09-01', bindings, durableObjects: { REPLAY: 'ReplayGuard' } },
      { name: 'b', modules: true, script, compatibilityDate: '2025-09-01', bindings, durableObjects: { REPLAY: { className: 'ReplayGuard', scriptName: 'a' } } },
    ],
  });
  await mf.ready;
});
afterAll(() => mf?.dispose());

// Miniflare types the Worker's fetch with workers-types; a plain fetch signature is all these tests use.
const worker = async (name: 'a' | 'b') => (await mf.getWorker(name)) as unknown as { fetch(url: string, init?: RequestInit): Promise<Response> };
const send = async (name: 'a' | 'b', w: ReturnType<typeof jsmsForm>, route = '/jsms') =>
  (await (await worker(name)).fetch('https://callbacks.example' + route, { method: 'POST', headers: w.headers, body: w.body })).status;
const events = async (name: 'a' | 'b') => comparable((await (await (await worker(name)).fetch('https://callbacks.example/__events')).json()) as unknown[]);
const report = (phone: string, o: { nonce: string; timestamp: number }) => jsmsForm('SMS_REPORT', JSON.stringify({ ...JSMS_DATA.SMS_REPORT, phone }), o);

describe('replay store in a Durable Object, shared by two Workers', () => {
  it('a callback handled by Worker a, replayed to Worker b with other data, does not reach b’s onEvent', async () => {
    const o = { nonce: randomNonce(), timestamp: Date.now() };
    expect(await send('a', report('15822889320', o))).toBe(200);
    expect(await send('b', report('13900000000', o))).toBe(200);
    expect(await events('a')).toEqual([{ type: 'SMS_REPORT', data: { ...JSMS_DATA.SMS_REPORT, phone: '15822889320' } }]);
    expect(await events('b')).toEqual([]);
  });

  it('the same callback sent to both Workers at once (4 each) reaches onEvent exactly once', async () => {
    const w = report('15822889320', { nonce: randomNonce(), timestamp: Date.now() });
    const statuses = await Promise.all([...Array(4).fill('a'), ...Array(4).fill('b')].map((worker) => send(worker, w)));
    expect(statuses).toEqual(Array(8).fill(200));
    expect([...(await events('a')), ...(await events('b'))]).toHaveLength(1);
  });

  it('a failed onEvent in Worker a releases the key: the redelivery to Worker b is handled', async () => {
    const o = { nonce: randomNonce(), timestamp: Date.now() };
    expect(await send('a', report('1', o), '/jsms-failing')).toBe(500);
    expect(await send('b', report('1', o))).toBe(200);
    expect(await events('b')).toHaveLength(1);
  });

  it('other callbacks pass through both', async () => {
    expect(await send('a', report('1', { nonce: randomNonce(), timestamp: Date.now() }))).toBe(200);
    expect(await send('b', report('2', { nonce: randomNonce(), timestamp: Date.now() }))).toBe(200);
    expect([...(await events('a')), ...(await events('b'))]).toHaveLength(2);
  });
});
