import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  JiguangError,
  RETRYABLE_RATE_CODES,
  RateLimitError,
  type RateLimit,
  codeOf,
  makeAPIError,
  readRateLimit,
} from './errors.js';

/**
 * One operation as derived from the OpenAPI document by `scripts/manifest.mjs`
 * (short keys keep the shipped manifest small).
 */
export interface Operation {
  /** HTTP method. */
  m: string;
  /** Path template (default region). */
  p: string;
  /** Security scheme names, in the spec's order of preference. */
  s: readonly string[];
  /** Body encoding: `json` (default), `form` (multipart) or none. */
  f?: 'json' | 'form';
  /** Retry safety stated by the spec (`x-jiguang-idempotent`): 1 = safe to repeat, 0 = never; absent = by method (POST unsafe). */
  i?: 0 | 1;
  /** Body field that makes a repeat safe (`x-jiguang-idempotency-key`, JPush `cid`). */
  k?: string;
  /** The reply carries a business `code` where 0 = success (`x-jiguang-business-code`). */
  b?: 1;
  /** Hosts by region: `[default, beijing?]` (JPush path-level `servers`). */
  h?: readonly string[];
  /** Path on the Beijing host when it differs (`x-jiguang-beijing-path`). */
  bp?: string;
}

/** Minimal logger; `console` fits. Lines never contain credentials. */
export interface Logger {
  debug(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  error(msg: string, ...args: unknown[]): void;
}
/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];

/** Options every client accepts besides its credentials. */
export interface ClientOptions {
  /** Send every request here instead of the vendor hosts (a proxy or a mock). */
  baseUrl?: string;
  /** Milliseconds per attempt before {@link APITimeoutError}. Default 30 000. */
  timeout?: number;
  /** Retries of retry-safe failures. Default 2. Sends are never repeated once they may have reached the server. */
  maxRetries?: number;
  /** Longest wait honoured from `Retry-After`/`X-Rate-Limit-Reset`, in ms; longer waits fail with {@link RateLimitError}. Default 60 000. */
  maxRetryDelay?: number;
  /** A custom `fetch` (called as a plain function, so Workers' `fetch` keeps its binding). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Where log lines go. Default `console`. */
  logger?: Logger;
  /** Default `warn`. */
  logLevel?: LogLevel;
  /** Allow master secrets in a browser. Prefer a backend proxy (`baseUrl`) instead. */
  dangerouslyAllowBrowser?: boolean;
}

/** Per-call options, next to hey-api's `{ body, path, query, headers }`. */
export interface RequestOptions {
  /** Overrides the client's `timeout` for this call. */
  timeout?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Aborts the call, including any wait between retries. */
  signal?: AbortSignal;
}

/** What `withResponse()` resolves to: the parsed body plus the raw response. */
export interface WithResponse<T> {
  data: T;
  response: Response;
  rateLimit: RateLimit;
}

/** A promise of the parsed success body; `.withResponse()` also gives the raw `Response` and rate limit. */
export interface APIPromise<T> extends Promise<T> {
  withResponse(): Promise<WithResponse<T>>;
}

type Data = { body?: unknown; path?: unknown; query?: unknown; headers?: unknown; url: string };
/** Options of one method: the generated request shape (minus `url`) plus {@link RequestOptions}. */
export type CallOptions<D extends Data> = Omit<D, 'url'> & RequestOptions & { headers?: Record<string, string> };
type Method<D extends Data, R> = {} extends Omit<D, 'url'>
  ? (options?: CallOptions<D>) => APIPromise<R>
  : (options: CallOptions<D>) => APIPromise<R>;
/** One method per operation, typed from the generated `types.gen.ts`. */
export type Methods<Ops extends { [K in keyof Ops]: { data: Data; response: unknown } }> = {
  [K in keyof Ops]: Method<Ops[K]['data'], Ops[K]['response']>;
};

/** The part of hey-api's generated ky client we drive. */
export interface GeneratedClient {
  request(options: Record<string, unknown>): Promise<unknown>;
}
/** What a service package hands to {@link Service}. */
export interface ServiceDefinition {
  /** `jsms`, `jpush` or `ums`: used in errors and env-var hints. */
  name: string;
  /** hey-api `createClient`. */
  createClient: (config: Record<string, unknown>) => GeneratedClient;
  /** hey-api `formDataBodySerializer`. */
  formData: Record<string, unknown>;
  manifest: Record<string, Operation>;
  /** Default host for operations that declare none. */
  host: string;
}
/** Credentials per security scheme: `[username, password]`, `undefined` when not configured. */
export type Credentials = Record<string, readonly [string | undefined, string | undefined] | undefined>;

const utf8Base64 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(''));

/**
 * Reads an environment variable in Node, Bun and Deno; `undefined` elsewhere or without permission.
 * Deno: only variables already granted are read. The clients look up optional variables (group and
 * developer keys) on every construction, and asking for them would stop a program run from a terminal
 * at a permission prompt.
 */
export const env = (name: string): string | undefined => {
  const g = globalThis as {
    process?: { env?: Record<string, string> };
    Deno?: { env?: { get(n: string): string | undefined }; permissions?: { querySync?(d: { name: 'env'; variable: string }): { state: string } } };
  };
  try {
    if (g.Deno) return g.Deno.permissions?.querySync?.({ name: 'env', variable: name }).state === 'granted' ? g.Deno.env?.get(name) : undefined;
    return g.process?.env?.[name];
  } catch {
    return undefined;
  }
};

const isBrowser = () =>
  typeof (globalThis as { window?: unknown }).window !== 'undefined' &&
  typeof (globalThis as { document?: unknown }).document !== 'undefined' &&
  typeof navigator !== 'undefined';

// Codes the runtimes give for failures that happen before a byte is sent.
const UNSENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|Connection refused|dns error|failed to lookup/i;
const neverSent = (e: unknown): boolean => {
  for (let c: any = e, n = 0; c && n < 4; c = c.cause, n++) {
    if (UNSENT.test(`${c.code ?? ''} ${c.message ?? ''}`)) return true;
  }
  return false;
};

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new APIUserAbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Wait before retry `attempt` (0-based): `Retry-After` when given; for rate-limit answers
 * `X-Rate-Limit-Reset`; else exponential backoff 0.5 s · 2^attempt (capped at 8 s) minus up to 25 % jitter.
 */
export const retryDelay = (attempt: number, headers?: Headers, rateLimited?: boolean): number => {
  const ra = headers?.get('retry-after');
  const ms = ra ? (isNaN(+ra) ? Date.parse(ra) - Date.now() : +ra * 1000) : NaN;
  if (!isNaN(ms)) return Math.max(0, ms);
  const reset = rateLimited && headers ? readRateLimit(headers).reset : undefined;
  if (reset !== undefined) return reset * 1000;
  return Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
};

/**
 * The shared client: auth, routing, per-attempt timeouts, safe retries, error mapping, rate limits.
 * Service packages subclass it and call {@link defineOperations} once.
 */
export class Service {
  /** @internal */
  declare readonly _call: (id: string, options?: Record<string, unknown>) => APIPromise<unknown>;

  constructor(
    def: ServiceDefinition,
    credentials: Credentials,
    options: ClientOptions & { region?: string } = {},
    /** Local checks run before sending; throw {@link RequestValidationError}. */
    validate?: (id: string, options: Record<string, unknown>) => void,
    /** Supplies an idempotency key (JPush cid) for an operation that declares one. */
    idempotencyKey?: (id: string, signal?: AbortSignal) => Promise<string | undefined>,
  ) {
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new JiguangError(
        `${def.name}: refusing to put a master secret in a browser. Call the API from your backend (set baseUrl to your proxy), or pass dangerouslyAllowBrowser: true.`,
      );
    }
    const auth: Record<string, string> = {};
    for (const scheme in credentials) {
      const c = credentials[scheme];
      if (c?.[0] && c[1]) auth[scheme] = 'Basic ' + utf8Base64(`${c[0]}:${c[1]}`);
    }
    const fetcher = options.fetch ?? ((r: Request) => fetch(r));
    const logger = options.logger ?? console;
    const level = LEVELS.indexOf(options.logLevel ?? 'warn');
    const log = (l: Exclude<LogLevel, 'off'>, msg: string) => LEVELS.indexOf(l) >= level && logger[l](`[jiguang-ts] ${msg}`);
    const region = options.region === 'beijing' ? 1 : 0;
    const client = def.createClient({
      baseUrl: options.baseUrl ?? def.host,
      headers: options.headers,
      retry: 0,
      throwOnError: true,
      // Every Jiguang success body is JSON or empty (then `{}`), whatever the Content-Type says.
      parseAs: 'json',
      kyOptions: { timeout: false, throwHttpErrors: false },
    });

    // The retry loop lives at the fetch level so that every attempt is a fresh clone of one Request.
    const send = async (id: string, op: Operation, request: Request, maxRetries: number, timeout: number, retrySafe: boolean) => {
      const userSignal = request.signal;
      for (let attempt = 0; ; attempt++) {
        const timer = new AbortController();
        const t = setTimeout(() => timer.abort(), timeout);
        // Vercel's edge-runtime has no AbortSignal.any: the user's abort is forwarded to the attempt's controller.
        const forward = () => timer.abort();
        if (userSignal.aborted) timer.abort();
        else userSignal.addEventListener('abort', forward, { once: true });
        const signal = timer.signal;
        let response: Response | undefined;
        let error: JiguangError;
        let retryable: boolean;
        if (level === 0) log('debug', `${id} ${request.method} ${request.url} attempt ${attempt + 1}`);
        try {
          response = await fetcher(new Request(request.clone(), { signal }));
          if (response.ok && !op.b) return response;
          const text = await response.text();
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          const code = codeOf(body);
          if (response.ok && (code === 0 || code === undefined)) {
            return new Response(text, response);
          }
          error = makeAPIError(response.status, body, response.headers, def.name, id);
          // A rate-limit answer means the server refused without acting, so even a send may repeat.
          retryable =
            response.status === 429 ||
            (code !== undefined && RETRYABLE_RATE_CODES.has(code)) ||
            (retrySafe && (response.status === 408 || response.status === 409 || response.status >= 500));
        } catch (e) {
          if (userSignal.aborted) throw new APIUserAbortError();
          if (e instanceof JiguangError) throw e;
          error = timer.signal.aborted ? new APITimeoutError({ cause: e }) : new APIConnectionError(undefined, { cause: e });
          retryable = retrySafe || (!timer.signal.aborted && neverSent(e));
        } finally {
          clearTimeout(t);
          userSignal.removeEventListener('abort', forward);
        }
        if (!retryable || attempt >= maxRetries) throw error;
        const wait = retryDelay(attempt, response?.headers, error instanceof RateLimitError);
        if (wait > (options.maxRetryDelay ?? 60_000)) throw error;
        log('info', `${id}: ${error.message}; retry ${attempt + 1}/${maxRetries} in ${Math.round(wait)} ms`);
        await sleep(wait, userSignal);
      }
    };

    (this as { _call: Service['_call'] })._call = (id, callOptions = {}) => {
      const op = def.manifest[id]!;
      const { timeout = options.timeout ?? 30_000, maxRetries = options.maxRetries ?? 2, signal, ...rest } = callOptions as RequestOptions &
        Record<string, unknown>;
      const run = async (): Promise<WithResponse<unknown>> => {
        validate?.(id, rest);
        const scheme = op.s.find((s) => auth[s]);
        if (!scheme) {
          throw new JiguangError(
            `${def.name}.${id} needs credentials for ${op.s.join(' or ')}; none were given (see the client options and ${def.name.toUpperCase()}_* environment variables).`,
          );
        }
        let body = rest.body as Record<string, unknown> | undefined;
        let retrySafe = op.i === undefined ? op.m !== 'POST' : op.i === 1;
        if (op.k && maxRetries > 0 && body && typeof body === 'object' && body[op.k] == null && idempotencyKey) {
          const key = await idempotencyKey(id, signal);
          if (key) body = { ...body, [op.k]: key };
        }
        if (op.k && body?.[op.k] != null) retrySafe = true;
        const result = (await client.request({
          ...(op.f === 'form' ? def.formData : {}),
          ...rest,
          body,
          method: op.m,
          url: region && op.bp ? op.bp : op.p,
          ...(options.baseUrl || !op.h ? {} : { baseUrl: op.h[region] ?? op.h[0] }),
          headers: {
            ...(op.f === 'form' ? { 'Content-Type': null } : op.f ? { 'Content-Type': 'application/json' } : {}),
            ...(rest.headers as object),
            Authorization: auth[scheme],
          },
          signal,
          kyOptions: { fetch: (r: Request) => send(id, op, r, maxRetries, timeout, retrySafe) },
        })) as { data: unknown; response: Response };
        return { data: result.data, response: result.response, rateLimit: readRateLimit(result.response.headers) };
      };
      const inner = run();
      const p = inner.then((r) => r.data) as APIPromise<unknown>;
      p.withResponse = () => (p.catch(() => {}), inner);
      return p;
    };
  }
}

/** Adds one prototype method per manifest entry (done once per class, not per instance). */
export const defineOperations = (cls: { prototype: object }, manifest: Record<string, Operation>) => {
  for (const id in manifest) {
    Object.defineProperty(cls.prototype, id, {
      value(this: Service, options?: Record<string, unknown>) {
        return this._call(id, options);
      },
      writable: true,
      configurable: true,
    });
  }
};

/** Throws a {@link JiguangError} naming every missing credential and the environment variables that could supply it. */
export const requireCredentials = (service: string, values: Record<string, string | undefined>, envNames: string[]) => {
  const missing = Object.keys(values).filter((k) => !values[k]);
  if (missing.length) {
    throw new JiguangError(`${service}: missing ${missing.join(', ')}; pass them as options or set ${envNames.join(' / ')}.`);
  }
};
