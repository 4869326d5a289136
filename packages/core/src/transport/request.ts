import { RequestValidationError } from '../errors/errors.js';
import { stringifyBody } from './json.js';
import type { Operation } from './operation.js';

const SCALAR = ['string', 'number', 'bigint', 'boolean'];

// encodeURIComponent throws a raw URIError on a lone surrogate, and URLSearchParams would silently send
// U+FFFD instead: either way the value cannot reach the server as given.
const encode = (s: string, field: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    throw new RequestValidationError(field, 'must be well-formed Unicode (it holds a lone surrogate)');
  }
};

/**
 * Fills the path template: each value percent-encoded; empty, `.` and `..` refused, since they would
 * change which resource the call reaches (`DELETE /v3/tags/..` is `DELETE /v3/`).
 */
export const buildPath = (template: string, params: Record<string, unknown> | undefined): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null) throw new RequestValidationError(`path.${name}`, 'is required');
    if (!SCALAR.includes(typeof v)) throw new RequestValidationError(`path.${name}`, `must be a string or a number, not ${typeof v}`);
    const s = String(v);
    if (s === '' || s === '.' || s === '..') throw new RequestValidationError(`path.${name}`, `must not be empty, "." or ".." (got "${s}")`);
    return encode(s, `path.${name}`);
  });

/** `?a=1&b=x`: undefined values left out, arrays repeated, objects refused. */
export const buildQuery = (query: Record<string, unknown> | undefined): string => {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x === undefined) continue;
      if (!SCALAR.includes(typeof x)) throw new RequestValidationError(`query.${k}`, `must be a string, number or boolean, not ${x === null ? 'null' : typeof x}`);
      encode(k + '=', `query.${k}`) + encode(String(x), `query.${k}`);
      q.append(k, String(x));
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
};

/** A multipart body: files (Blob/File) as parts, arrays repeated, objects as JSON, the rest as text. */
export const formBody = (body: unknown): FormData => {
  if (!body || typeof body !== 'object') throw new RequestValidationError('body', 'must be an object of form fields');
  const form = new FormData();
  for (const [k, v] of Object.entries(body)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (x === undefined || x === null) continue;
      form.append(k, x instanceof Blob ? x : typeof x === 'object' ? stringifyBody(x) : String(x));
    }
  }
  return form;
};

/** The body to send, or `undefined`; refuses a missing required body before anything is sent. */
export const requestBody = (op: Operation, body: unknown): string | FormData | undefined => {
  if (body === undefined || body === null) {
    if (op.rb) throw new RequestValidationError('body', `${op.id} needs a request body`);
    return undefined;
  }
  return op.f === 'form' ? formBody(body) : stringifyBody(body, op.ni);
};

/** Request headers, each checked so that a bad value names its header instead of failing inside fetch. */
export const requestHeaders = (...sources: (Record<string, unknown> | undefined)[]): Headers => {
  const headers = new Headers();
  for (const src of sources) {
    for (const k in src) {
      const v = src[k];
      if (v === undefined || v === null) continue;
      try {
        headers.set(k, String(v));
      } catch {
        throw new RequestValidationError(`headers.${k}`, 'is not a valid HTTP header (name or value)');
      }
    }
  }
  return headers;
};
