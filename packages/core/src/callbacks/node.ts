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
  /** `false` while the body has not been received whole (Node sets it). */
  complete?: boolean;
  /** Closes the connection; used when an answer is sent before the body was read whole. */
  destroy?(): unknown;
}

/** The members of Node's `ServerResponse` (and Express's `res`) the adapter writes. */
export interface NodeResponseLike {
  /** Set from the Web `Response`. */
  statusCode: number;
  /** When already true (another middleware answered), the adapter writes nothing. */
  headersSent?: boolean;
  /** Copies each header of the Web `Response`. */
  setHeader(name: string, value: string | string[]): unknown;
  /** `done` runs once the answer is handed to the socket. */
  end(chunk?: Uint8Array, done?: () => void): unknown;
}

/** Options of {@link toWebRequest}. */
export interface ToWebRequestOptions {
  /**
   * The largest body let through, in bytes (default 1 MiB, as the callback handlers): the stream errors
   * once more arrives, and reading stops there.
   */
  maxBodyBytes?: number;
}

const MAX_BODY = 1_048_576;
const encoder = new TextEncoder();

/** How far the body of one request was read. */
interface BodyState {
  over: boolean;
}

const build = (req: NodeRequestLike, limit: number, state: BodyState): Request => {
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
  const raw = req.body instanceof Uint8Array ? new Uint8Array(req.body) : typeof req.body === 'string' ? encoder.encode(req.body) : undefined;
  if (raw) return new Request(url, { method, headers, body: raw });
  // Pulled one chunk at a time as the handler reads, so an answer given early leaves the rest unread.
  let it: AsyncIterator<Uint8Array | string> | undefined;
  let size = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const r = await (it ??= req[Symbol.asyncIterator]()).next();
        if (r.done) return controller.close();
        const bytes = typeof r.value === 'string' ? encoder.encode(r.value) : r.value;
        if ((size += bytes.length) > limit) {
          state.over = true;
          return controller.error(new RangeError(`the body passed the ${limit}-byte limit (maxBodyBytes)`));
        }
        controller.enqueue(bytes);
      },
      // No it.return(): it would destroy the request before the answer is written; the answer closes it.
    },
    { highWaterMark: 0 },
  );
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
};

/**
 * Builds a Web `Request` from a Node request: method, URL (for the query string), headers and the
 * body, streamed from the request as it is read (at most `maxBodyBytes`), unless `express.raw()`
 * already put the bytes on `req.body`.
 */
export const toWebRequest = async (req: NodeRequestLike, options: ToWebRequestOptions = {}): Promise<Request> =>
  build(req, options.maxBodyBytes ?? MAX_BODY, { over: false });

/** Writes a Web `Response` (status, headers, body) to a Node response and ends it. */
export const sendWebResponse = async (res: NodeResponseLike, response: Response, done?: () => void): Promise<void> => {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(new Uint8Array(await response.arrayBuffer()), done);
};

/** Options of {@link nodeHandler}. */
export interface NodeHandlerOptions extends ToWebRequestOptions {
  /** Called when `handler` rejects (e.g. your `onEvent` threw); the request is answered 500. Default `console.error`. */
  onError?: (error: unknown) => void;
}

const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * Turns a Web handler into a `node:http` / Express handler:
 * `http.createServer(nodeHandler((request) => jsms.webhooks.handle(request, onEvent)))` or
 * `app.post('/jsms', nodeHandler(…))`. A rejected handler is answered 500, so Jiguang delivers again.
 * A body over `maxBodyBytes` (default 1 MiB) is answered 413 — at once when `Content-Length` says so,
 * else as soon as the count passes it. Whenever the answer goes out before the body was read whole
 * (413, a refused signature…), it carries `Connection: close` and the connection is closed once the
 * answer is written, so a sender that keeps sending is not read any further.
 */
export const nodeHandler =
  (handler: (request: Request) => Response | Promise<Response>, options: NodeHandlerOptions = {}): ((req: NodeRequestLike, res: NodeResponseLike) => Promise<void>) =>
  async (req: NodeRequestLike, res: NodeResponseLike): Promise<void> => {
    const limit = options.maxBodyBytes ?? MAX_BODY;
    const state = { over: Number(req.headers['content-length']) > limit };
    const tooLarge = () => text(413, `callback: the body is over the ${limit}-byte limit (maxBodyBytes)`);
    let response = tooLarge();
    try {
      if (!state.over) response = await handler(build(req, limit, state));
    } catch (error) {
      // A handler that failed because the body was cut off at the limit is not an error of yours.
      if (!state.over) {
        (options.onError ?? console.error)(error);
        if (res.headersSent) return;
        response = text(500, 'internal error');
      }
    }
    if (state.over) response = tooLarge();
    const unread = req.complete === false || state.over;
    if (unread) res.setHeader('connection', 'close');
    await sendWebResponse(res, response, unread ? () => req.destroy?.() : undefined).catch((e) => (options.onError ?? console.error)(e));
  };

// Connection-level headers describe the Node socket, not the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);
