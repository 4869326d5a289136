/**
 * `@jiguang-ts/core/node` (also `@jiguang-ts/jsms/node`, `@jiguang-ts/jpush/node`, `@jiguang-ts/ums/node`):
 * runs a Web-standard handler such as `client.webhooks.handle` under `node:http` or Express.
 * Kept out of the main entry so browser and edge bundles never see it; it imports no Node built-in
 * (the request and response are described by the few members it uses).
 * @packageDocumentation
 */
/** The members of Node's `IncomingMessage` (and Express's `req`) the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  /** `POST` for callbacks; `GET` for the JSMS handshake. */
  method?: string;
  /** Path and query string, as Node gives them. */
  url?: string;
  /** Node's lower-cased header map. */
  headers: Record<string, string | string[] | undefined>;
  /** The TLS socket of an `https` server has `encrypted: true`. */
  socket?: unknown;
  /**
   * Set by body-parsing middleware. The adapter uses it only when it holds the raw bytes
   * (`express.raw()`), because the callback signature and JSON must be checked on the body as sent.
   */
  body?: unknown;
}

/** The members of Node's `ServerResponse` (and Express's `res`) the adapter writes. */
export interface NodeResponseLike {
  /** Set from the Web `Response`. */
  statusCode: number;
  /** When already true (another middleware answered), the adapter writes nothing. */
  headersSent?: boolean;
  /** Copies each header of the Web `Response`. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Sends the body bytes and finishes the response. */
  end(chunk?: Uint8Array): unknown;
}

/**
 * Builds a Web `Request` from a Node request: method, URL (for the query string), headers and the
 * body bytes. Reads the body stream, unless `express.raw()` already put the bytes on `req.body`.
 */
export const toWebRequest = async (req: NodeRequestLike): Promise<Request> => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `${(req.socket as { encrypted?: boolean } | null | undefined)?.encrypted ? 'https' : 'http'}://${headers.get('host') ?? 'localhost'}`);
  } catch {
    url = new URL(req.url ?? '/', 'http://localhost');
  }
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const raw = req.body instanceof Uint8Array ? new Uint8Array(req.body) : typeof req.body === 'string' ? new TextEncoder().encode(req.body) : undefined;
  return new Request(url, { method, headers, body: raw ?? (await collect(req)) });
};

/** Writes a Web `Response` (status, headers, body) to a Node response and ends it. */
export const sendWebResponse = async (res: NodeResponseLike, response: Response): Promise<void> => {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(new Uint8Array(await response.arrayBuffer()));
};

/** Options of {@link nodeHandler}. */
export interface NodeHandlerOptions {
  /** Called when `handler` rejects (e.g. your `onEvent` threw); the request is answered 500. Default `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * Turns a Web handler into a `node:http` / Express handler:
 * `http.createServer(nodeHandler((request) => jsms.webhooks.handle(request, onEvent)))` or
 * `app.post('/jsms', nodeHandler(…))`. A rejected handler is answered 500, so Jiguang delivers again.
 */
export const nodeHandler =
  (handler: (request: Request) => Response | Promise<Response>, options: NodeHandlerOptions = {}): ((req: NodeRequestLike, res: NodeResponseLike) => Promise<void>) =>
  async (req: NodeRequestLike, res: NodeResponseLike): Promise<void> => {
    try {
      await sendWebResponse(res, await handler(await toWebRequest(req)));
    } catch (error) {
      (options.onError ?? console.error)(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(new TextEncoder().encode('internal error'));
      }
    }
  };

// Connection-level headers describe the Node socket, not the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

const collect = async (stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array<ArrayBuffer>> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of stream) {
    const bytes = typeof c === 'string' ? new TextEncoder().encode(c) : c;
    chunks.push(bytes);
    size += bytes.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
