// SM2 decryption for the tests, written from GB/T 32918.4 independently of the SDK's library: the key
// pair comes from OpenSSL (node:crypto, curve SM2), the point multiplication is plain BigInt arithmetic
// and SM3 is OpenSSL's. Ciphertext layout as JPush expects it: 04‖x1‖y1 (C1) ‖ C2 ‖ C3 (SM3 hash).
import { createECDH, createHash } from 'node:crypto';

const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const A = P - 3n;

type Point = { x: bigint; y: bigint } | null;
const mod = (a: bigint) => ((a % P) + P) % P;
const inv = (a: bigint) => {
  let [r0, r1, s0, s1] = [mod(a), P, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0);
};
const add = (p: Point, q: Point): Point => {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y) === 0n) return null;
  const l = p.x === q.x ? mod((3n * p.x * p.x + A) * inv(2n * p.y)) : mod((q.y - p.y) * inv(q.x - p.x));
  const x = mod(l * l - p.x - q.x);
  return { x, y: mod(l * (p.x - x) - p.y) };
};
const multiply = (k: bigint, p: Point): Point => {
  let r: Point = null;
  for (let b = p; k > 0n; k >>= 1n, b = add(b, b)) if (k & 1n) r = add(r, b);
  return r;
};

const toBig = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
const to32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
const sm3 = (...parts: Uint8Array[]) => createHash('sm3').update(Buffer.concat(parts)).digest();

/** A fresh SM2 key pair: the public key as base64 and hex of 04‖X‖Y (the SDKs' format), the private scalar. */
export const sm2KeyPair = () => {
  const ecdh = createECDH('SM2');
  const point = ecdh.generateKeys();
  return { publicKeyBase64: point.toString('base64'), publicKeyHex: point.toString('hex'), d: toBig(ecdh.getPrivateKey()) };
};

/** Decrypts base64(04‖C1‖C2‖C3) with the private scalar `d`; throws when the hash C3 does not match. */
export const sm2Decrypt = (payloadBase64: string, d: bigint): string => {
  const c = Buffer.from(payloadBase64, 'base64');
  if (c[0] !== 4) throw new Error(`C1 must start with 04, got ${c[0]}`);
  const c1 = { x: toBig(c.subarray(1, 33)), y: toBig(c.subarray(33, 65)) };
  const c2 = c.subarray(65, c.length - 32);
  const c3 = c.subarray(c.length - 32);
  const s = multiply(d, c1)!;
  const [x2, y2] = [to32(s.x), to32(s.y)];
  const t = Buffer.alloc(c2.length);
  for (let i = 0, ct = 1; i < t.length; ct++, i += 32) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(ct);
    sm3(x2, y2, counter).copy(t, i);
  }
  const m = Buffer.from(c2.map((b, i) => b ^ t[i]!));
  if (!sm3(x2, m, y2).equals(c3)) throw new Error('C3 does not match: wrong key or not C1C2C3');
  return m.toString('utf8');
};

/** Whether 04‖X‖Y (or a ciphertext's first 65 bytes) is a point on the SM2 curve. */
export const onCurve = (bytes: Uint8Array) => {
  const x = toBig(bytes.subarray(1, 33));
  const y = toBig(bytes.subarray(33, 65));
  const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
  return bytes[0] === 4 && mod(y * y) === mod(x * x * x + A * x + B);
};
