/**
 * `@jiguang-ts/jpush/sm2`: SM2-encrypted pushes, as the official Java SDK and the Go SDK send them.
 * A separate entry, so the SM2 code (sm-crypto-v2, on the audited noble curves) is only in bundles that
 * import it: `new JPush({ appKey, masterSecret, encryption: sm2Encryption() })`.
 * @packageDocumentation
 */
import { JiguangError } from '@jiguang-ts/core';
import { sm2 } from 'sm-crypto-v2';
import type { EncryptedPush, PushEncryption } from './encryption.js';

/**
 * The SM2 public key JPush's servers decrypt with, as shipped by the official SDKs: base64 of the
 * uncompressed point `04‖X‖Y` on the SM2 curve (sm2p256v1).
 */
export const JPUSH_SM2_PUBLIC_KEY = 'BPj6Mj/T444gxPaHc6CDCizMRp4pEl14WI2lvIbdEK2c+5XiSqmQt2TQc8hMMZqfxcDqUNQW95puAfQx1asv3rU=';

// sm-crypto-v2 numbers its modes 0 = C1C2C3, 1 = C1C3C2; JPush (BouncyCastle's default) expects C1C2C3.
const C1C2C3 = 0;
const HEX = /^[0-9a-f]+$/i;

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const toBase64 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

/** The key as the hex of `04‖X‖Y`, from base64 (as the SDKs ship it) or hex (with or without the `04`). */
const keyHex = (publicKey: string): string => {
  const key = publicKey.trim();
  let hex: string | undefined;
  if (HEX.test(key) && (key.length === 130 || key.length === 128)) hex = key.length === 128 ? '04' + key : key;
  else {
    try {
      hex = toHex(Uint8Array.from(atob(key), (c) => c.charCodeAt(0)));
    } catch {
      // Neither hex nor base64: refused below.
    }
  }
  let valid = false;
  try {
    valid = !!hex && hex.length === 130 && hex.startsWith('04') && sm2.verifyPublicKey(hex);
  } catch {
    // fromHex throws for points off the curve.
  }
  if (!valid) {
    throw new JiguangError('sm2Encryption: publicKey is not an SM2 public key (expected base64 or hex of the uncompressed point 04‖X‖Y)');
  }
  return hex!.toLowerCase();
};

const encrypt = (body: Record<string, unknown> | string, key: Parameters<typeof sm2.doEncrypt>[1]): EncryptedPush => {
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  let audience: unknown;
  try {
    audience = (typeof body === 'string' ? JSON.parse(json) : body)?.audience;
  } catch {
    throw new JiguangError('sm2Encryption: the push body is not JSON');
  }
  if (audience === undefined) throw new JiguangError('sm2Encryption: the push body has no audience (it is sent in clear next to the ciphertext)');
  // doEncrypt returns C1 without its 04 prefix; the official SDKs send the full point.
  const cipherHex = sm2.doEncrypt(new TextEncoder().encode(json), key, C1C2C3);
  return { headers: { 'X-Encrypt-Type': 'SM2' }, body: { audience, payload: toBase64(fromHex('04' + cipherHex)) } };
};

/**
 * Encrypts one push body for JPush's SM2 mode: the body to send is `{ audience, payload }`, where
 * `payload` is the base64 of the SM2 ciphertext (`04‖C1‖C2‖C3`, C1C2C3 order, SM3 hash) of the UTF-8
 * push JSON, and the request carries `X-Encrypt-Type: SM2`. `body` is the push object or its JSON
 * text; put everything that belongs to the push (including `cid`) in it before encrypting.
 * Throws {@link JiguangError} for a key that is not an SM2 point or a body without `audience`.
 */
export const encryptPushBody = (body: Record<string, unknown> | string, publicKey: string = JPUSH_SM2_PUBLIC_KEY): EncryptedPush =>
  encrypt(body, keyHex(publicKey));

/** Options of {@link sm2Encryption}. */
export interface SM2EncryptionOptions {
  /** SM2 public key, base64 or hex of `04‖X‖Y`. Default {@link JPUSH_SM2_PUBLIC_KEY}, the one the official SDKs ship. */
  publicKey?: string;
}

/**
 * The `encryption` option of the `JPush` client for SM2-encrypted pushes:
 * `new JPush({ appKey, masterSecret, encryption: sm2Encryption() })`. The key is checked and
 * prepared once, here.
 */
export const sm2Encryption = (options: SM2EncryptionOptions = {}): PushEncryption => {
  const point = sm2.precomputePublicKey(keyHex(options.publicKey ?? JPUSH_SM2_PUBLIC_KEY));
  return (body) => encrypt(body, point);
};
