// A real HTTP server on 127.0.0.1 whose answers are scripted per request, for retry/timeout/error tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
export type Step =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'hang'
  | 'destroy';

export interface FaultServer {
  url: string;
  seen: Seen[];
  /** Answers for the next requests, in order; after they run out, `fallback` answers. */
  script(...steps: Step[]): void;
  close(): Promise<void>;
}

export async function faultServer(fallback: Step = { status: 200, body: {} }): Promise<FaultServer> {
  const steps: Step[] = [];
  const seen: Seen[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const step = steps.shift() ?? fallback;
      if (step === 'hang') {
        hanging.add(res);
        return;
      }
      if (step === 'destroy') {
        req.socket.destroy();
        return;
      }
      const text = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    script: (...s) => steps.push(...s),
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
