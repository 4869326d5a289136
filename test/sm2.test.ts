// SM2-encrypted push through the BUILT @jiguang-ts/jpush and @jiguang-ts/jpush/sm2: a real local server
// holds the private half of a test key pair, decrypts every push and compares it with what was sent;
// esbuild metafiles show that a plain push bundle never contains the SM2 code.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JPush, JiguangError, type PushData } from '@jiguang-ts/jpush';
import { JPUSH_SM2_PUBLIC_KEY, encryptPushBody, sm2Encryption } from '@jiguang-ts/jpush/sm2';
import { faultServer, type FaultServer } from './fault-server.js';
import { onCurve, sm2Decrypt, sm2KeyPair } from './sm2-decrypt.js';

const root = path.resolve(import.meta.dirname, '..');
const keys = sm2KeyPair();
const PUSH: PushData['body'] = {
  platform: 'all',
  audience: { registration_id: ['1a0018970a4e4d5b0fe', '140fe1da9e1d4a0b4c6'] },
  notification: { alert: '你好，SM2 — ünïcødé & "quotes"', android: { extras: { order: 'A-1' } } },
  options: { time_to_live: 60 },
};

let srv: FaultServer;
beforeAll(async () => {
  srv = await faultServer({ status: 200, body: { sendno: '0', msg_id: '18100876565963840' } });
});
afterAll(() => srv.close());
afterEach(() => {
  srv.seen.length = 0;
});
const client = (o: ConstructorParameters<typeof JPush>[0] = {}) =>
  new JPush({ appKey: 'sm2-app', masterSecret: 'sm2-secret', baseUrl: srv.url, encryption: sm2Encryption({ publicKey: keys.publicKeyBase64 }), ...o });

describe('SM2-encrypted push against a server that decrypts with the private key', () => {
  it('sends X-Encrypt-Type: SM2 and { audience, payload }; the payload decrypts to the push JSON with its cid inside', async () => {
    srv.script({ status: 200, body: { cidlist: ['cid-1', 'cid-2'] } });
    const res = await client().push({ body: PUSH });
    expect(res.msg_id).toBe('18100876565963840');
    expect(srv.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /v3/push/cid?count=10&type=push', 'POST /v3/push']);
    const sent = srv.seen[1]!;
    expect(sent.headers['x-encrypt-type']).toBe('SM2');
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.headers.authorization).toBe('Basic ' + Buffer.from('sm2-app:sm2-secret').toString('base64'));
    const envelope = JSON.parse(sent.body);
    expect(Object.keys(envelope).sort()).toEqual(['audience', 'payload']);
    expect(envelope.audience).toEqual(PUSH.audience);
    expect(sent.body).not.toContain('你好');
    expect(JSON.parse(sm2Decrypt(envelope.payload, keys.d))).toEqual({ ...PUSH, cid: 'cid-1' });
  });

  it('a retried push re-sends the same push (same cid inside the ciphertext)', async () => {
    srv.script({ status: 503, body: { error: { code: 1011, message: 'busy' } } }, { status: 200, body: { sendno: '0', msg_id: '1' } });
    await client({ cidPoolSize: 0 }).push({ body: { ...PUSH, cid: 'my-own-cid' }, maxRetries: 1 });
    expect(srv.seen).toHaveLength(2);
    const plain = srv.seen.map((s) => JSON.parse(sm2Decrypt(JSON.parse(s.body).payload, keys.d)));
    expect(plain).toEqual([{ ...PUSH, cid: 'my-own-cid' }, { ...PUSH, cid: 'my-own-cid' }]);
    // Encrypted once per call: every attempt sends the very same bytes.
    expect(srv.seen[0]!.body).toBe(srv.seen[1]!.body);
  });

  it('only push is encrypted: validatePush and cid requests go as plain JSON', async () => {
    await client({ cidPoolSize: 0 }).validatePush({ body: PUSH });
    expect(srv.seen[0]!.headers['x-encrypt-type']).toBeUndefined();
    expect(JSON.parse(srv.seen[0]!.body)).toEqual(PUSH);
  });

  it('without the option, push goes as plain JSON', async () => {
    await new JPush({ appKey: 'k', masterSecret: 's', baseUrl: srv.url, cidPoolSize: 0 }).push({ body: PUSH });
    expect(srv.seen[0]!.headers['x-encrypt-type']).toBeUndefined();
    expect(JSON.parse(srv.seen[0]!.body)).toEqual(PUSH);
  });
});

describe('encryptPushBody', () => {
  it('accepts the key as base64, hex with 04 and hex without it', () => {
    for (const key of [keys.publicKeyBase64, keys.publicKeyHex, keys.publicKeyHex.slice(2), keys.publicKeyHex.toUpperCase()]) {
      const { headers, body } = encryptPushBody(PUSH, key);
      expect(headers).toEqual({ 'X-Encrypt-Type': 'SM2' });
      expect(JSON.parse(sm2Decrypt(body.payload, keys.d))).toEqual(PUSH);
    }
  });

  it('takes the push as JSON text too, encrypting exactly that text', () => {
    const text = JSON.stringify(PUSH, null, 1);
    const { body } = encryptPushBody(text, keys.publicKeyBase64);
    expect(sm2Decrypt(body.payload, keys.d)).toBe(text);
    expect(body.audience).toEqual(PUSH.audience);
  });

  it('defaults to the public key the official SDKs ship: 04‖C1‖C2‖C3, C1 on the curve', () => {
    expect(JPUSH_SM2_PUBLIC_KEY).toBe('BPj6Mj/T444gxPaHc6CDCizMRp4pEl14WI2lvIbdEK2c+5XiSqmQt2TQc8hMMZqfxcDqUNQW95puAfQx1asv3rU=');
    expect(onCurve(Buffer.from(JPUSH_SM2_PUBLIC_KEY, 'base64'))).toBe(true);
    const json = JSON.stringify(PUSH);
    const bytes = Buffer.from(encryptPushBody(PUSH).body.payload, 'base64');
    expect(bytes.length).toBe(1 + 64 + Buffer.byteLength(json) + 32);
    expect(onCurve(bytes)).toBe(true);
    // Not decryptable with our test key: it really used the default key.
    expect(() => sm2Decrypt(bytes.toString('base64'), keys.d)).toThrow(/C3 does not match/);
  });

  it('refuses a key that is not an SM2 point, and a body without audience, with a JiguangError', () => {
    const offCurve = '04' + '11'.repeat(64);
    for (const key of ['', 'not a key', offCurve, keys.publicKeyHex.slice(0, 100)]) {
      expect(() => encryptPushBody(PUSH, key)).toThrow(JiguangError);
      expect(() => sm2Encryption({ publicKey: key })).toThrow(/publicKey is not an SM2 public key/);
    }
    expect(() => encryptPushBody({ platform: 'all' }, keys.publicKeyBase64)).toThrow(/no audience/);
    expect(() => encryptPushBody('{oops', keys.publicKeyBase64)).toThrow(/not JSON/);
  });
});

describe('tree-shaking', () => {
  const bundle = async (code: string) => {
    const out = await build({
      stdin: { contents: code, resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
      // Resolve the packages as a user's project does (node_modules → dist), not the repo's source paths.
      tsconfig: path.join(root, 'tsconfig.build.json'),
    });
    return { inputs: Object.keys(out.metafile.inputs), gzip: gzipSync(out.outputFiles[0]!.contents).length };
  };
  // The sm2 entry bundles sm-crypto-v2 and the noble libraries into dist/sm2.js.
  const SM2_CODE = /sm-crypto|@noble|jpush\/dist\/sm2\./;

  it('a plain push bundle contains no SM2 code', async () => {
    const plain = await bundle(`import { JPush } from '@jiguang-ts/jpush';
      export const send = () => new JPush({ appKey: 'k', masterSecret: 's' }).push({ body: { platform: 'all', audience: 'all', notification: { alert: 'hi' } } });`);
    expect(plain.inputs.some((i) => i.includes('packages/jpush/dist/index.js'))).toBe(true);
    expect(plain.inputs.filter((i) => SM2_CODE.test(i))).toEqual([]);
    expect(plain.inputs.filter((i) => /dist\/node\.js/.test(i))).toEqual([]);
  });

  it('importing sm2Encryption brings it in (so the check above can fail)', async () => {
    const withSm2 = await bundle(`import { JPush } from '@jiguang-ts/jpush';
      import { sm2Encryption } from '@jiguang-ts/jpush/sm2';
      export const send = () => new JPush({ appKey: 'k', masterSecret: 's', encryption: sm2Encryption() }).push({ body: { platform: 'all', audience: 'all', notification: { alert: 'hi' } } });`);
    expect(withSm2.inputs.filter((i) => SM2_CODE.test(i)).length).toBeGreaterThan(0);
  });
});
