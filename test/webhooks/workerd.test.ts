// The same callback requests against a Worker in workerd (Miniflare), over real HTTP: the BUILT packages
// bundled into the Worker with esbuild (no Node built-ins, no nodejs_compat), Web Crypto for the SHA-1.
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from './bundle-worker.js';
import { JPUSH_APP, JSMS_APP, SECRETS, UMS_CHANNEL, cases, comparable, send } from './cases.js';

let mf: Miniflare;
let base: string;
let bundle: { inputs: string[] };

beforeAll(async () => {
  const out = await bundleWorker('worker.ts');
  bundle = { inputs: out.inputs };
  mf = new Miniflare({
    modules: true,
    script: out.script,
    compatibilityDate: '2025-09-01',
    bindings: {
      JSMS_APP_KEY: JSMS_APP.appKey,
      JSMS_MASTER_SECRET: JSMS_APP.masterSecret,
      UMS_CHANNEL_KEY: UMS_CHANNEL.channelKey,
      UMS_MASTER_SECRET: UMS_CHANNEL.masterSecret,
      JPUSH_APP_KEY: JPUSH_APP.appKey,
      JPUSH_MASTER_SECRET: JPUSH_APP.masterSecret,
    },
    host: '127.0.0.1',
    port: 0,
  });
  base = (await mf.ready).href.replace(/\/$/, '');
});
afterAll(() => mf?.dispose());

describe('callbacks in workerd', () => {
  it('the Worker is built from the packed dist files, without the node adapter or SM2', () => {
    expect(bundle.inputs.some((i) => i.includes('packages/jsms/dist/index.js'))).toBe(true);
    expect(bundle.inputs.some((i) => i.includes('packages/core/dist/index.js'))).toBe(true);
    expect(bundle.inputs.filter((i) => /dist\/node\.|sm-crypto|@noble/.test(i))).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.name} → ${c.status}`, async () => {
      const res = await send(base, c.request());
      expect(res.status).toBe(c.status);
      if (c.text !== undefined) expect(res.text).toBe(c.text);
      for (const secret of SECRETS) expect(res.text).not.toContain(secret);
      const events = (await (await fetch(base + '/__events')).json()) as unknown[];
      expect(comparable(events)).toEqual(c.events);
    });
  }
});
