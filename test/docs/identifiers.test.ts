// Every identifier the public text names in backticks that looks like an SDK export is one: README.md,
// docs/*.md, packages/*/README.md, the specs' descriptions (which also become the reference pages and the
// generated TSDoc) and the built site (the reference pages' embedded spec, the rendered guide and method
// lists). The exports are read from the built declaration files with the TypeScript compiler (values and
// types of every entry point: `.`, `/node`, `/sm2`, the mock).
//
// "Looks like an export", so that the check is strict without flagging field names, options or schema names:
//  - a PascalCase name ending in `Error` that is not a JavaScript global (`TypeError`, `DOMException`…)
//    nor one of ky's exports (`HTTPError`: the docs explain what ky does);
//  - a name with a service prefix (`jsms…`, `jPush…`, `Ums…`…), `create…Client`, `bulk…`, `…Validators`,
//    `…Webhooks`;
//    (not the names the specs give callbacks, like `jsmsCallback`);
//  - a name with capitals that equals an exported value but for letter case (`JPushPushErrorCode` for
//    `jPushPushErrorCode`) — even if a type of that name exists, the text is pointing readers at the value.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { services } from '../../scripts/lib.mjs';
import { docFiles } from './blocks.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Value and type exports of every built entry point. */
function builtExports() {
  const entries = readdirSync(path.join(root, 'packages')).flatMap((p) =>
    readdirSync(path.join(root, 'packages', p, 'dist'))
      .filter((f) => f.endsWith('.d.ts'))
      .map((f) => path.join(root, 'packages', p, 'dist', f)),
  );
  const program = ts.createProgram(entries, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const values = new Set<string>();
  const all = new Set<string>();
  for (const e of entries) {
    const sf = program.getSourceFile(e)!;
    for (const s of checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!)) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      all.add(s.name);
      if (target.flags & ts.SymbolFlags.Value) values.add(s.name);
    }
  }
  return { values, all, entries: entries.length };
}

const SERVICE_PREFIX = /^(jsms|jpush|jPush|ums|Jsms|JSMS|JPush|Ums|UMS)[A-Z]\w*$/;
/** A name the specs give a callback (`jsmsCallback`): the API's vocabulary, not a claim about an export. */
const callbackIds = new Set(
  services.flatMap((svc: string) =>
    Object.values(JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8')).webhooks ?? {}).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).flatMap((op) => (op?.operationId ? [op.operationId] : [])),
    ),
  ),
);
/** ky's own exports (`HTTPError`…): the guide and the design decisions discuss ky by name. */
const foreign = new Set(Object.keys(await import('ky')));
/** Differs from an exported value only in letter case, and has capitals of its own (`jpush` is a platform name). */
const miscased = (name: string, values: Set<string>) => /[A-Z]/.test(name) && [...values].some((v) => v !== name && v.toLowerCase() === name.toLowerCase());
const looksLikeExport = (name: string, values: Set<string>): boolean =>
  (/^[A-Z]\w*Error$/.test(name) && !(name in globalThis) && !foreign.has(name)) ||
  (SERVICE_PREFIX.test(name) && !callbackIds.has(name)) ||
  /^create\w+Client$|^bulk[A-Z]|\w(Validators|Webhooks)$/.test(name) ||
  miscased(name, values);

/** Identifiers in backticks (`` `x` `` or `` `x()` ``) of a text, with the line they are on. */
const named = (text: string) =>
  text.split('\n').flatMap((line, i) => [...line.matchAll(/`([A-Za-z_$][\w$]*)(?:\(\))?`/g)].map((m) => ({ name: m[1]!, line: i + 1 })));

/** Every string under `description` or `summary` keys of a spec, with its JSON path. */
const descriptions = (node: unknown, at = '#'): { at: string; text: string }[] =>
  node && typeof node === 'object'
    ? Object.entries(node).flatMap(([k, v]) =>
        typeof v === 'string' && (k === 'description' || k === 'summary') ? [{ at: `${at}/${k}`, text: v }] : descriptions(v, `${at}/${k}`),
      )
    : [];

describe('identifiers the docs name', () => {
  const { values, all, entries } = builtExports();

  const check = (where: string, text: string) =>
    named(text)
      .filter(({ name }) => looksLikeExport(name, values))
      .filter(({ name }) => !all.has(name) || miscased(name, values))
      .map(({ name, line }) => {
        const near = [...values].find((v) => v.toLowerCase() === name.toLowerCase());
        return `${where}:${line} \`${name}\`${near ? ` (the export is \`${near}\`)` : ' is not exported'}`;
      });

  it('the exports were read from the built packages', () => {
    expect(entries).toBeGreaterThanOrEqual(10);
    for (const v of ['JSMS', 'JPush', 'UMS', 'jPushPushErrorCode', 'RateLimitError', 'nodeHandler', 'sm2Encryption', 'startMock']) expect(values.has(v), v).toBe(true);
    expect(all.has('BulkResult')).toBe(true);
  });

  it('the rule catches a wrong name and leaves field and option names alone', () => {
    const text = 'see `JPushPushErrorCode`, `RateLimitedError`, `jsmsValidator`; fine: `jPushPushErrorCode`, `msg_id`, `baseUrl`, `TypeError`, `HTTPError`, `jpush`, `jsmsCallback`, `JsmsErrorCode`';
    expect(check('sample', text)).toEqual([
      'sample:1 `JPushPushErrorCode` (the export is `jPushPushErrorCode`)',
      'sample:1 `RateLimitedError` is not exported',
      'sample:1 `jsmsValidator` is not exported',
      'sample:1 `JsmsErrorCode` (the export is `jsmsErrorCode`)',
    ]);
  });

  it('in README.md, docs/*.md and packages/*/README.md', () => {
    const found = docFiles(root).flatMap((f) => check(f, readFileSync(path.join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it.each(services)('in the %s spec descriptions', (svc) => {
    const spec = JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));
    expect(descriptions(spec).flatMap(({ at, text }) => check(`${svc} ${at}`, text))).toEqual([]);
  });

  it('in the built site (reference pages as rendered from their embedded spec, guide, method lists, landing page)', () => {
    const dir = path.join(root, 'generated', 'docs');
    const found = readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .flatMap((f) => {
        const html = readFileSync(path.join(dir, f), 'utf8');
        const embedded = html.match(/const __redoc_definition = (.*);\n/)?.[1];
        const texts = embedded ? descriptions(JSON.parse(embedded)).map((d) => ({ where: `${f} ${d.at}`, text: d.text })) : [];
        // Markdown pages: <code>x</code> back to backticks.
        const page = html.replace(/<code>([A-Za-z_$][\w$]*(?:\(\))?)<\/code>/g, '`$1`');
        return [...texts, { where: f, text: embedded ? '' : page }].flatMap(({ where, text }) => check(where, text));
      });
    expect(found).toEqual([]);
  });
});
