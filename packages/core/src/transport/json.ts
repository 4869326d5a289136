import { RequestValidationError } from '../errors/errors.js';

// JPush message IDs exceed 2^53. The API sends some as JSON numbers and wants some as JSON numbers; a
// JavaScript number cannot hold them. The spec marks such fields `format: int64`: the SDK hands them out
// as decimal strings and writes them back as exact JSON numbers where the wire wants a number.
// Matching by property name is exact because a quote inside a JSON string is always escaped, so
// `{"name":` or `,"name":` can only be a key.
const cache = new Map<string, RegExp>();
const keyRegExp = (keys: readonly string[], value: string): RegExp => {
  const id = keys.join(',') + value;
  let re = cache.get(id);
  if (!re) cache.set(id, (re = new RegExp(`([{,]\\s*"(?:${keys.join('|')})"\\s*:\\s*)${value}`, 'g')));
  return re;
};

/** `JSON.parse`, except that the properties named in `idKeys` come out as decimal strings, exactly. */
export const parseJSON = (text: string, idKeys?: readonly string[]): unknown =>
  JSON.parse(idKeys ? text.replace(keyRegExp(idKeys, '(-?\\d+)(?=\\s*[,}\\]])'), '$1"$2"') : text);

const BIG = '\u0000bigint:';

// Only on the error path: the JSON path of the first value for which `hit(key, value)` holds.
const findPath = (v: unknown, hit: (key: string, value: unknown) => boolean, path = 'body', key = '', seen = new Set<unknown>()): string | undefined => {
  if (hit(key, v)) return path;
  if (!v || typeof v !== 'object' || seen.has(v)) return undefined;
  seen.add(v);
  for (const [k, x] of Object.entries(v)) {
    const p = findPath(x, hit, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`, k, seen);
    if (p) return p;
  }
  return undefined;
};
const unsafe = (keys: readonly string[]) => (key: string, value: unknown) =>
  typeof value === 'number' && keys.includes(key) && !Number.isSafeInteger(value);

/**
 * `JSON.stringify` for request bodies. A `bigint` anywhere is written as an exact JSON integer; the
 * properties named in `numberKeys` (64-bit IDs the API wants as numbers) are written as exact JSON
 * integers whether given as decimal strings, bigints or safe numbers. A body that cannot be written
 * (circular, a number too large for its ID field) raises {@link RequestValidationError}.
 */
export const stringifyBody = (body: unknown, numberKeys?: readonly string[]): string => {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    try {
      // Plain JSON.stringify refuses bigints: mark them, then unquote the marks below.
      text = JSON.stringify(body, (_, value) => (typeof value === 'bigint' ? BIG + value : value));
    } catch (e) {
      // Circular structures, or a toJSON that throws.
      throw new RequestValidationError('body', `cannot be sent as JSON: ${(e as Error).message}`);
    }
  }
  if (text === undefined) throw new RequestValidationError('body', 'cannot be sent as JSON');
  if (numberKeys) {
    const at = findPath(body, unsafe(numberKeys));
    if (at) throw new RequestValidationError(at, 'a 64-bit ID beyond 2^53 has already lost digits as a JavaScript number: pass it as a decimal string or a bigint');
  }
  if (text.includes('\\u0000bigint:')) text = text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
  return numberKeys ? text.replace(keyRegExp(numberKeys, '"(-?\\d+)"'), '$1$2') : text;
};
