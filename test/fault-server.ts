// A real HTTP server on 127.0.0.1 whose answers are scripted per request, for retry/timeout/error tests:
// status and body, delays, a body cut off mid-way (then a reset or a stall), or a custom handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
/** One scripted answer. */
export type Answer = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Milliseconds before the headers go out. */
  delay?: number;
  /** Send only this many characters of the body (Content-Length still announces the whole), then `then`. */
  partial?: number;
  /** After a partial body: reset the connection, or leave it open with nothing more coming. */
  then?: 'destroy' | 'hang';
};
export type Step = Answer | 'hang' | 'destroy';
/** Decides the answer to one request (return undefined to fall through to the script). */
export type Handler = (req: Seen) => Step | undefined | Promise<Step | undefined>;

export interface FaultServer {
  url: string;
  seen: Seen[];
  /** Answers for the next requests, in order; after they run out, `fallback` answers. */
  script(...steps: Step[]): void;
  /** Consulted before the script for every request. */
  handle(handler: Handler | undefined): void;
  close(): Promise<void>;
}

const text = (body: unknown) => (body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));

export async function faultServer(fallback: Step = { status: 200, body: {} }): Promise<FaultServer> {
  const steps: Step[] = [];
  const seen: Seen[] = [];
  const open = new Set<Socket>();
  let handler: Handler | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(s);
      const step = (await handler?.(s)) ?? steps.shift() ?? fallback;
      answer(req, res, step);
    });
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  const answer = (req: IncomingMessage, res: ServerResponse, step: Step) => {
    if (step === 'hang') return;
    if (step === 'destroy') return void req.socket.destroy();
    const go = () => {
      const full = text(step.body);
      const sent = step.partial === undefined ? full : full.slice(0, step.partial);
      res.writeHead(step.status, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(full)),
        ...step.headers,
      });
      if (step.partial === undefined) return void res.end(full);
      res.write(sent);
      if (step.then === 'destroy') setTimeout(() => req.socket.destroy(), 20);
    };
    if (step.delay) setTimeout(go, step.delay);
    else go();
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    script: (...s) => steps.push(...s),
    handle: (h) => (handler = h),
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
