// The one local HTTP server the runtime matrix talks to (127.0.0.1, a real socket). Paths are
// `/<run>/<route>/<svc>/<api path>`, one <run> per runtime so recordings never mix:
//   mock   forwards to the service's Prism mock and records what arrived (method, path, query,
//          Authorization, JSON body) and what Prism answered;
//   proxy  the browser proxy pattern: drops the page's Authorization, puts the real credentials on,
//          then forwards like `mock` — a stand-in for the user's backend;
//   hang   accepts the request and never answers (timeouts);
//   __seen the recorded requests of the run, as JSON;
// plus static files registered with `serve` (the browser page and its bundle). Everything sent back to
// a run is kept (`sent`) so the browser test can assert that no secret ever reached the page.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  route: string;
  svc: string;
  method: string;
  path: string;
  query: string;
  /** What the client sent. */
  authorization: string | null;
  /** What went on to Prism (the proxy's own credentials); never served back to a run. */
  forwarded?: string | null;
  body: unknown;
  status?: number;
  response?: unknown;
}
export interface Harness {
  url: string;
  /** Requests recorded per run. */
  seen(run: string): Recorded[];
  /** Every body sent back to a run (pages, bundles, proxied answers, __seen). */
  sent(run: string): string[];
  serve(run: string, file: string, type: string, body: string): void;
  close(): Promise<void>;
}

// Hop-by-hop or recomputed headers; accept-encoding is dropped so Prism never compresses.
const DROP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding']);
const parse = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
};

export async function startHarness(mocks: Record<string, string>, proxyAuthorization: Record<string, string>): Promise<Harness> {
  const runs = new Map<string, { seen: Recorded[]; sent: string[]; files: Map<string, { type: string; body: string }> }>();
  const runOf = (id: string) => {
    let r = runs.get(id);
    if (!r) runs.set(id, (r = { seen: [], sent: [], files: new Map() }));
    return r;
  };
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url!, 'http://harness');
      const [, id = '', route = '', svc = '', ...rest] = url.pathname.split('/');
      const run = runOf(id);
      const reply = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
        run.sent.push(body);
        res.writeHead(status, { 'content-type': type, ...headers }).end(body);
      };
      const file = run.files.get(url.pathname.slice(id.length + 2));
      if (req.method === 'GET' && file) return reply(200, file.type, file.body);
      if (route === '__seen') return reply(200, 'application/json', JSON.stringify(run.seen.map(({ forwarded, ...r }) => r)));
      const text = Buffer.concat(chunks).toString('utf8');
      const record: Recorded = {
        route,
        svc,
        method: req.method!,
        path: '/' + rest.join('/'),
        query: url.search.slice(1),
        authorization: req.headers.authorization ?? null,
        body: parse(text),
      };
      if (route === 'hang') {
        run.seen.push(record);
        hanging.add(res);
        return;
      }
      if ((route !== 'mock' && route !== 'proxy') || !mocks[svc]) return reply(404, 'text/plain', `no route ${url.pathname}`);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (!DROP.has(k) && typeof v === 'string') headers.set(k, v);
      if (route === 'proxy') headers.set('authorization', proxyAuthorization[svc]!);
      record.forwarded = headers.get('authorization');
      run.seen.push(record);
      try {
        const upstream = await fetch(mocks[svc] + record.path + url.search, {
          method: req.method,
          headers,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const answer = await upstream.text();
        record.status = upstream.status;
        record.response = parse(answer);
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (!DROP.has(k) && k !== 'content-encoding') out[k] = v;
        });
        reply(upstream.status, upstream.headers.get('content-type') ?? 'application/octet-stream', answer, out);
      } catch (e) {
        reply(502, 'text/plain', `harness: ${String(e)}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: (id) => runOf(id).seen,
    sent: (id) => runOf(id).sent,
    serve: (id, file, type, body) => void runOf(id).files.set(file, { type, body }),
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
