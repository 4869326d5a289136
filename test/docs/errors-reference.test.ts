// The reference pages name the SDK error class of every documented error response, and that class is the
// one the built client really rejects with: each (status, vendor code) pair the specs document is answered
// by a local HTTP server to a call through packages/*/dist, and the class thrown is compared with the page.
// The send samples show a try/catch, and every reference page links to the guide.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSMS } from '@jiguang-ts/jsms';
import { JPush } from '@jiguang-ts/jpush';
import { UMS } from '@jiguang-ts/ums';
import { errorClasses, GUIDE_ERRORS } from '../../scripts/docs/errors-in-reference.mjs';
import { isSend, operationsOf } from '../../scripts/generate/samples.mjs';
import { services } from '../../scripts/lib.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const spec = (svc: string) => JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));
const page = (svc: string) =>
  JSON.parse(readFileSync(path.join(root, 'generated', 'docs', `${svc}.html`), 'utf8').match(/const __redoc_definition = (.*);\n/)![1]!);

type Op = { id: string; op: { responses: Record<string, { description?: string }> } };

// The server answers with the status and body the request's x-answer header asks for.
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body] = JSON.parse(String(req.headers['x-answer'])) as [number, unknown];
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** What the built client rejects with when `svc` answers `status` with vendor `code`. */
async function thrown(svc: string, status: number, code: number | undefined): Promise<string> {
  const opts = { baseUrl: url, maxRetries: 0, logLevel: 'off' as const };
  // A reply carries its code the way the service writes it: UMS at the top, the others in `error`.
  const body = svc === 'ums' ? { code: code ?? 1, message: 'x' } : status < 300 ? { code, message: 'x' } : { error: { code: code ?? 1, message: 'x' } };
  const headers = { 'x-answer': JSON.stringify([status, body]) };
  const call =
    svc === 'jsms'
      ? new JSMS({ appKey: 'k', masterSecret: 's', ...opts }).getAppBalance({ headers })
      : svc === 'jpush'
        ? new JPush({ appKey: 'k', masterSecret: 's', ...opts })[status < 300 ? 'getVendorQuota' : 'listTags']({ headers })
        : new UMS({ channelKey: 'k', masterSecret: 's', ...opts }).getChannelToken({ query: { type: 'wechatoa' }, headers });
  return call.then(
    () => 'resolved',
    (e: Error) => e.name,
  );
}

describe.each(services)('%s reference', (svc) => {
  it('names, per error response, the class the built client rejects with (vendor codes included)', async () => {
    const s = spec(svc);
    const built = new Map<string, Op>(operationsOf(page(svc)).map((o: Op) => [o.id, o]));
    const pairs = new Map<string, string>();
    let notes = 0;
    for (const o of operationsOf(s)) {
      for (const status of Object.keys(o.op.responses)) {
        const e = errorClasses(s, o, status);
        const description = built.get(o.id)!.op.responses[status]!.description ?? '';
        if (!e.ok) {
          expect(description, `${o.id} ${status}`).toContain(`**SDK:** rejects with \`${e.base}\``);
          pairs.set(`${status}`, e.base);
          notes++;
        } else if (e.businessCodes) {
          expect(description, `${o.id} ${status}`).toContain('rejects with `APIError`');
          notes++;
        }
        for (const [code, cls] of Object.entries(e.byCode as Record<string, string>)) {
          expect(description, `${o.id} ${status} ${code}`).toMatch(new RegExp(`\`${cls}\` for codes? [\\d, ]*\\b${code}\\b`));
          pairs.set(`${status} ${code}`, cls);
        }
        if (e.ok && e.businessCodes) for (const c of e.codes as number[]) pairs.set(`${status} ${c}`, (e.byCode as Record<string, string>)[c] ?? 'APIError');
      }
    }
    expect(notes).toBeGreaterThan(0);
    // The same answers through the built client.
    const actual = new Map<string, string>();
    for (const key of pairs.keys()) {
      const [status, code] = key.split(' ');
      actual.set(key, await thrown(svc, Number(status), code === undefined ? undefined : Number(code)));
    }
    console.log(`${svc}: ${pairs.size} (status, code) answers checked against the client: ${[...new Set(pairs.values())].sort().join(', ')}`);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(pairs));
  });

  it('links to the guide, and shows the send samples inside a try/catch', () => {
    const p = page(svc);
    expect(p.info.description).toContain('](guide.html)');
    expect(p.info.description).toContain(`](${GUIDE_ERRORS})`);
    const sends = operationsOf(p).filter(isSend);
    expect(sends.length).toBeGreaterThan(0);
    for (const o of sends) {
      const ts = o.op['x-codeSamples'].find((x: { label: string }) => x.label === 'TypeScript').source as string;
      expect(ts, o.id).toMatch(/^try \{\n[^]*\n\} catch \(err\) \{\n[^]*err instanceof APIError[^]*else throw err;\n\}\n$/m);
    }
    console.log(`${svc}: ${sends.length} send samples with try/catch: ${sends.map((o: { id: string }) => o.id).join(', ')}`);
  });
});

it('the guide has the section the pages link to', () => {
  expect(readFileSync(path.join(root, 'docs', 'guide.md'), 'utf8')).toMatch(/^## Errors and retries$/m);
});
