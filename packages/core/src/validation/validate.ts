import type { Validate } from '../transport/client.js';
import { RequestValidationError, type ValidationIssue } from '../errors/errors.js';

/**
 * A JSON Schema (2020-12 subset) compiled from the spec by `scripts/generate/validators.mjs`: `$ref`s become
 * `{ "$r": index }` into {@link Schemas.defs}; descriptions and examples are dropped. Besides the standard
 * keywords it understands `x-jiguang-max-bytes` (UTF-8 bytes: of a string; summed over an array of
 * strings; of the JSON of anything else; with `x-jiguang-bytes-of: [a.b, c]`, of the JSON of those
 * fields together) and `x-jiguang-rule` (on a `not` subschema: the message when it
 * matches; beside `oneOf`/`anyOf`: the message when the value mixes the fields of several branches).
 */
export type Schema = boolean | { readonly [keyword: string]: any };

/** The request schemas of one service, keyed by operationId. */
export interface Schemas {
  /** Shared definitions the operation schemas refer to by index. */
  readonly defs: readonly Schema[];
  /** One schema per operationId, over its `{ body, path, query }`. */
  readonly ops: Readonly<Record<string, Schema>>;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;
const patterns = new Map<string, RegExp>();
const regex = (p: string) => patterns.get(p) ?? patterns.set(p, new RegExp(p, 'u')).get(p)!;
const INT = /^-?\d+$/;

// Issues raised by `additionalProperties: false`: a oneOf whose branches fail only on these was given a mix of branches.
const unknownField = new WeakSet<ValidationIssue>();

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Blob ? 'blob' : typeof v;

const typeMatches = (t: string, v: unknown, s: Record<string, any>): boolean => {
  switch (t) {
    case 'integer':
      if (s.format === 'int64') return typeof v === 'bigint' || (typeof v === 'string' && INT.test(v)) || Number.isSafeInteger(v);
      return typeof v === 'bigint' || Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && isFinite(v);
    case 'string':
      // Multipart file fields are `type: string` with a media type: a Blob/File is what goes there.
      return typeof v === 'string' || (v instanceof Blob && !!(s.contentMediaType || s.format === 'binary'));
    case 'object':
      return typeOf(v) === 'object';
    default:
      return typeOf(v) === t;
  }
};

const big = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const show = (v: unknown) => {
  const s = typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
};
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Checks `value` against `schema`; returns every issue found (empty when valid). */
export const check = (schema: Schema, value: unknown, path: string, defs: readonly Schema[]): ValidationIssue[] => {
  const out: ValidationIssue[] = [];
  const issue = (rule: string, at = path) => out.push({ path: at || '(options)', rule });
  let s = schema;
  while (s && typeof s === 'object' && typeof s.$r === 'number') s = defs[s.$r]!;
  if (s === true) return out;
  if (s === false) return issue('is not allowed'), out;
  if (s['x-jiguang-never']) {
    // A field this form of the request may not carry (the other branch of a oneOf has it).
    if (value !== undefined) unknownField.add(out[issue('is not allowed here') - 1]!);
    return out;
  }
  const rule: string | undefined = s['x-jiguang-rule'];
  const resolve = (x: Schema): Schema => (x && typeof x === 'object' && typeof x.$r === 'number' ? resolve(defs[x.$r]!) : x);
  const sub = (x: Schema, v: unknown, p = path) => check(x, v, p, defs);

  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(t, value, s as Record<string, any>))) {
      issue(
        s.format === 'int64' && typeof value === 'number' && Number.isInteger(value)
          ? `${value} is beyond 2^53 and has already lost digits as a JavaScript number: pass 64-bit IDs as decimal strings or bigints`
          : `must be ${types.join(' or ')}${s.format === 'int64' ? ' (64-bit: a decimal string or a bigint)' : ''}, not ${typeOf(value)}`,
      );
      return out;
    }
  }
  if (s.const !== undefined && value !== s.const) issue(`must be ${show(s.const)}`);
  if (s.enum && !s.enum.includes(value)) issue(`must be one of ${s.enum.map(show).join(', ')} (got ${show(value)})`);

  if (typeof value === 'string') {
    const n = s.minLength !== undefined || s.maxLength !== undefined ? [...value].length : 0;
    if (s.minLength !== undefined && n < s.minLength) issue(`must be at least ${s.minLength} characters (got ${n})`);
    if (s.maxLength !== undefined && n > s.maxLength) issue(`must be at most ${s.maxLength} characters (got ${n})`);
    if (s.pattern !== undefined && !regex(s.pattern).test(value)) issue(`must match ${s.pattern} (got ${show(value)})`);
  }
  if (typeof value === 'number' || typeof value === 'bigint' || (typeof value === 'string' && s.format === 'int64' && INT.test(value))) {
    const v = big(value);
    if (s.minimum !== undefined && v < s.minimum) issue(`must be ≥ ${s.minimum} (got ${show(value)})`);
    if (s.maximum !== undefined && v > s.maximum) issue(`must be ≤ ${s.maximum} (got ${show(value)})`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) issue(`must be > ${s.exclusiveMinimum} (got ${show(value)})`);
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) issue(`must be < ${s.exclusiveMaximum} (got ${show(value)})`);
    if (s.multipleOf !== undefined && typeof value === 'number' && value % s.multipleOf !== 0) issue(`must be a multiple of ${s.multipleOf}`);
  }
  const max = s['x-jiguang-max-bytes'];
  if (max !== undefined && value !== undefined) {
    const of: string[] | undefined = s['x-jiguang-bytes-of'];
    const json = (v: unknown) => (v === undefined ? 0 : bytes(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x)) ?? ''));
    const n = of
      ? of.reduce((a, p) => a + json(p.split('.').reduce<any>((o, k) => o?.[k], value)), 0)
      : typeof value === 'string'
        ? bytes(value)
        : Array.isArray(value) && value.every((x) => typeof x === 'string')
          ? value.reduce((a: number, x: string) => a + bytes(x), 0)
          : json(value);
    if (n > max) issue(`${of ? of.join(' + ') + ' together' : ''} must be at most ${max} bytes UTF-8 (got ${n})`.trimStart());
  }

  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) issue(`must have at least ${s.minItems} items (got ${value.length})`);
    if (s.maxItems !== undefined && value.length > s.maxItems) issue(`must have at most ${s.maxItems} items (got ${value.length})`);
    if (s.uniqueItems) {
      const seen = new Set<string>();
      value.forEach((x, i) => {
        const k = JSON.stringify(x);
        if (seen.has(k)) issue(`duplicates an earlier item (${show(x)})`, join(path, i));
        seen.add(k);
      });
    }
    const prefix: Schema[] = s.prefixItems ?? [];
    value.forEach((x, i) => {
      const item = i < prefix.length ? prefix[i] : s.items;
      if (item !== undefined) out.push(...sub(item, x, join(path, i)));
    });
  } else if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    for (const r of s.required ?? []) if (obj[r] === undefined) issue('is required', join(path, r));
    if (s.minProperties !== undefined && keys.length < s.minProperties) issue(`must have at least ${s.minProperties} field(s)`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties) issue(`must have at most ${s.maxProperties} fields (got ${keys.length})`);
    for (const k of keys) {
      const p = join(path, k);
      if (s.propertyNames !== undefined) for (const i of sub(s.propertyNames, k, p)) issue(`name ${i.rule}`, p);
      let known = false;
      if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, k)) {
        known = true;
        out.push(...sub(s.properties[k], obj[k], p));
      }
      for (const [re, ps] of Object.entries<Schema>(s.patternProperties ?? {})) {
        if (regex(re).test(k)) {
          known = true;
          out.push(...sub(ps, obj[k], p));
        }
      }
      if (!known && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) {
          issue(`is not a known field${s.properties ? ` (known: ${Object.keys(s.properties).join(', ')})` : ''}`, p);
          unknownField.add(out[out.length - 1]!);
        }
        else out.push(...sub(s.additionalProperties, obj[k], p));
      }
    }
  }

  for (const a of s.allOf ?? []) out.push(...sub(a, value));
  for (const [kw, exact] of [['oneOf', true], ['anyOf', false]] as const) {
    const branches: Schema[] | undefined = s[kw];
    if (!branches) continue;
    const results = branches.map((b) => sub(b, value));
    const passed = results.filter((r) => r.length === 0).length;
    if (passed === 0) {
      // Report the branch that came closest (fewest issues, then deepest path): usually the one meant.
      const best = results.reduce((a, b) => (b.length < a.length || (b.length === a.length && depth(b) > depth(a)) ? b : a));
      if (rule && best.every((i) => unknownField.has(i))) issue(rule);
      else if (best.every((i) => i.path === (path || '(options)') && i.rule.startsWith('must be '))) issue(`must match one of the allowed forms (${branches.map((b) => label(resolve(b))).join(' | ')}), got ${show(value)}`);
      else out.push(...best);
    } else if (exact && passed > 1) issue(rule ?? `matches more than one of the allowed forms (${branches.map((b) => label(resolve(b))).join(' | ')}); keep the fields of one`);
  }
  if (s.not !== undefined && sub(s.not, value).length === 0) {
    const n = resolve(s.not);
    issue((typeof n === 'object' && n['x-jiguang-rule']) || notRule(n, defs));
  }
  if (s.if !== undefined) {
    const branch = sub(s.if, value).length === 0 ? s.then : s.else;
    if (branch !== undefined) out.push(...sub(branch, value));
  }
  return out;
};

const depth = (issues: ValidationIssue[]) => Math.max(0, ...issues.map((i) => i.path.split(/[.[]/).length));
const label = (b: Schema): string =>
  typeof b !== 'object'
    ? String(b)
    : b.const !== undefined
      ? show(b.const)
      : b.enum
        ? b.enum.map(show).join(' | ')
        : (b.title ?? (b.type === 'array' && b.items?.enum ? `array of ${label(b.items)}` : b.required ? `{${b.required.join(', ')}}` : [].concat(b.type ?? 'value').join(' or ')));
const notRule = (n: Schema, defs: readonly Schema[]): string => {
  while (n && typeof n === 'object' && typeof n.$r === 'number') n = defs[n.$r]!;
  if (typeof n === 'object' && n.required) return `${n.required.join(' and ')} cannot be used together`;
  if (typeof n === 'object' && n.anyOf) return n.anyOf.map((x: Schema) => notRule(x, defs)).join('; ');
  return 'matches a form that is not allowed';
};

/** A {@link Validate} function for a service's compiled request schemas. */
export const validator =
  (schemas: Schemas): Validate =>
  (id, options) => {
    const root = schemas.ops[id];
    if (root === undefined) return;
    const { body, path, query } = options;
    const issues = check(root, { body, path, query }, '', schemas.defs);
    if (issues.length) throw new RequestValidationError(issues[0]!.path, issues[0]!.rule, issues);
  };
