// Shared by the contract tests: read the bundled specs, build calls from their examples, and record
// which operations really reached the mock (scripts/checks/coverage.mjs fails the run on gaps).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, inject } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Json = any;

const specs: Record<string, Json> = {};
export const spec = (svc: string): Json =>
  (specs[svc] ??= JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8')));

/** Follows local `$ref`s of a bundled spec. */
export const deref = (svc: string, node: Json): Json => {
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    node = node.$ref
      .slice(2)
      .split('/')
      .map((s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((n: Json, k: string) => n?.[k], spec(svc));
  }
  return node;
};

export interface Op {
  id: string;
  method: string;
  path: string;
  op: Json;
  params: Json[];
}
export const operations = (svc: string): Op[] =>
  Object.entries(spec(svc).paths as Record<string, Json>).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      id: item[m].operationId,
      method: m.toUpperCase(),
      path: p,
      op: item[m],
      params: [...(item.parameters ?? []), ...(item[m].parameters ?? [])].map((x: Json) => deref(svc, x)),
    })),
  );
export const op = (svc: string, id: string): Op => {
  const o = operations(svc).find((x) => x.id === id);
  if (!o) throw new Error(`${svc} has no operation ${id}`);
  return o;
};

const firstExample = (svc: string, media: Json): Json => {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const ex = Object.values(media.examples ?? {})[0];
  return ex === undefined ? undefined : deref(svc, ex).value;
};
const paramExample = (svc: string, p: Json): Json => {
  if (p.example !== undefined) return p.example;
  const ex = Object.values(p.examples ?? {})[0];
  if (ex !== undefined) return deref(svc, ex).value;
  const s = deref(svc, p.schema ?? {});
  return s.example ?? s.examples?.[0] ?? s.default ?? s.enum?.[0] ?? s.const;
};

/** The first documented success status and its first example (undefined for empty bodies). */
export const successExample = (svc: string, id: string): { status: number; body: Json } => {
  const { op: o } = op(svc, id);
  const [status, resp] = Object.entries(o.responses).find(([s]) => s.startsWith('2'))!;
  return { status: Number(status), body: firstExample(svc, deref(svc, resp).content?.['application/json']) };
};

/** `{ path, query, body }` built from the spec's own examples, as a user would pass them. */
export const exampleCall = (svc: string, id: string): Json => {
  const o = op(svc, id);
  const call: Json = {};
  for (const p of o.params) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    if (p.in === 'query' && !p.required) continue;
    (call[p.in] ??= {})[p.name] = paramExample(svc, p);
  }
  const content = deref(svc, o.op.requestBody)?.content;
  if (content?.['application/json']) call.body = firstExample(svc, content['application/json']);
  if (content?.['multipart/form-data']) {
    const media = content['multipart/form-data'];
    const schema = deref(svc, media.schema);
    const example = firstExample(svc, media) ?? {};
    const body: Json = {};
    for (const [k, s] of Object.entries<Json>(schema.properties ?? {})) {
      const ds = deref(svc, s);
      const isFile = ds.contentMediaType || ds.format === 'binary';
      if (!(schema.required ?? []).includes(k) && example[k] === undefined && !isFile) continue;
      body[k] = isFile ? new Blob([`${k} test content\n`], { type: 'application/octet-stream' }) : (example[k] ?? paramExample(svc, { schema: ds }));
    }
    call.body = body;
  }
  return call;
};

/** Response properties the SDK hands out as decimal strings (`format: int64` in the spec). */
export const int64Keys = (svc: string, id: string): string[] => {
  const keys = new Set<string>();
  const seen = new Set<Json>();
  const walk = (node: Json) => {
    node = deref(svc, node);
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const [k, v] of Object.entries<Json>(node.properties ?? {})) {
      const p = deref(svc, v);
      if (p?.format === 'int64' && [].concat(p.type).includes('integer' as never)) keys.add(k);
      walk(p);
    }
    for (const k of ['items', 'additionalProperties']) walk(node[k]);
    for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of node[k] ?? []) walk(s);
  };
  const [, ok] = Object.entries<Json>(op(svc, id).op.responses).find(([s]) => s.startsWith('2'))!;
  walk(deref(svc, ok).content?.['application/json']?.schema);
  return [...keys];
};

/** `value` with every number under one of `keys` turned into its decimal string. */
export const idsAsStrings = (value: Json, keys: string[]): Json =>
  Array.isArray(value)
    ? value.map((v) => idsAsStrings(v, keys))
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys.includes(k) && typeof v === 'number' ? String(v) : idsAsStrings(v, keys)]))
      : value;

/** Mock base URL of a service (started by test/global-setup.ts). */
export const mockUrl = (svc: string): string => inject('mocks')[svc]!;

const toRegex = (p: string) => new RegExp('^' + p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$');

/**
 * A `fetch` for the clients under test: passes through to the mock and records which operation
 * each request was (by method and path), plus the raw requests for assertions.
 */
export const recorder = (svc: string) => {
  // Literal segments win over templates (POST /v3/devices/status is not setDevice), as in the server's router.
  const table = operations(svc)
    .map((o) => ({ id: o.id, method: o.method, re: toRegex(o.path), params: o.path.split('{').length }))
    .sort((a, b) => a.params - b.params);
  const called = new Set<string>();
  const requests: Request[] = [];
  afterAll(() => {
    const dir = path.join(root, 'test', '.calls');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${svc}-${process.pid}-${Math.random().toString(36).slice(2)}.json`), JSON.stringify([...called]));
  });
  const fetchImpl = async (input: string, init: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const hit = table.find((t) => t.method === req.method && t.re.test(url.pathname));
    if (hit) called.add(hit.id);
    requests.push(req.clone());
    return fetch(req);
  };
  return { fetch: fetchImpl, called, requests };
};

/**
 * Calls one operation through a client with the spec's own example arguments and asserts that the
 * typed result equals the spec's first success example (status and body). Returns the rate limit.
 */
export const assertExample = async (client: object, svc: string, id: string) => {
  const method = (client as Record<string, (o: object) => { withResponse(): Promise<{ data: unknown; response: Response; rateLimit: Json }> }>)[id]!;
  const { data, response, rateLimit } = await method.call(client, exampleCall(svc, id)).withResponse();
  const expected = successExample(svc, id);
  expect(response.status).toBe(expected.status);
  // 64-bit IDs are handed out as decimal strings, whichever form the reply used.
  expect(data).toEqual(idsAsStrings(expected.body, int64Keys(svc, id)));
  return rateLimit;
};
