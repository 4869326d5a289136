import { attempt, withRetries, type Fetch } from './attempt.js';
import { authHeaders, missingCredentials, type Credentials } from './auth.js';
import { JiguangError } from '../errors/errors.js';
import { makeLog, redactor, type Log, type Logger, type LogLevel, type Redact } from './log.js';
import type { Operation } from './operation.js';
import { isBrowser } from './platform.js';
import { readRateLimit, type RateLimit } from '../errors/rate-limit.js';
import { interpret } from './reply.js';
import { buildPath, buildQuery, requestBody, requestHeaders } from './request.js';

/** Options every client accepts besides its credentials. */
export interface ClientOptions {
  /**
   * Send every request here instead of the vendor hosts (a proxy or a mock). In a browser page it may be
   * relative (`/api/sms`): it is resolved against the page's `location` when the client is created.
   */
  baseUrl?: string;
  /** Milliseconds per attempt (headers and body) before {@link APITimeoutError}. Default 30 000. */
  timeout?: number;
  /** Retries of retry-safe failures. Default 2. Sends are never repeated once they may have reached the server. */
  maxRetries?: number;
  /**
   * Largest reply body the client reads, in bytes. Default 32 MiB — far above any reply the APIs send, yet
   * small enough that a broken or hostile endpoint cannot exhaust memory (a 128 MB Worker included). A
   * larger reply is not read: its connection is closed and the call fails with an {@link APIError} whose
   * `mayHaveBeenProcessed` is `true` for a 2xx or 5xx status (the server may have acted).
   */
  maxResponseBytes?: number;
  /** Longest wait honoured from `Retry-After`/`X-Rate-Limit-Reset`, in ms; longer waits fail with {@link RateLimitError}. Default 60 000. */
  maxRetryDelay?: number;
  /** A custom `fetch` (called as a plain function, so Workers' `fetch` keeps its binding). */
  fetch?: Fetch;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** Where log lines go. Default `console`. */
  logger?: Logger;
  /** Default `warn`. */
  logLevel?: LogLevel;
  /** Allow master secrets in a browser. Prefer a backend proxy (`baseUrl`) instead. */
  dangerouslyAllowBrowser?: boolean;
  /**
   * Local validation before sending, generated from the spec: pass the service's validators
   * (`jsmsValidators`, `jpushValidators`, `umsValidators`). Off by default, so it costs nothing unless used.
   */
  validate?: Validate;
}

/** Per-call options, next to the operation's `{ body, path, query, headers }`. */
export interface RequestOptions {
  /** Overrides the client's `timeout` for this call. */
  timeout?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `maxResponseBytes` for this call. */
  maxResponseBytes?: number;
  /** Aborts the call, including any wait between retries and while the response arrives. */
  signal?: AbortSignal;
}

/** Checks a call's options before anything is sent; throws {@link RequestValidationError}. */
export type Validate = (operationId: string, options: Record<string, unknown>) => void;

/** The request shape hey-api generates per operation (`SendCodeData`): what a call may carry, and its URL template. */
export type RequestData = { body?: unknown; path?: unknown; query?: unknown; headers?: unknown; url: string };
/** Options of one call: the generated request shape (minus `url`) plus {@link RequestOptions}. */
export type CallOptions<D extends RequestData> = Omit<D, 'url'> & RequestOptions & { headers?: Record<string, string> };

/** What `withResponse()` resolves to: the parsed body plus the raw response. */
export interface WithResponse<T> {
  /** The parsed success body, as the call itself resolves. */
  data: T;
  /** The HTTP response; its body (already read by the SDK) can be read again. */
  response: Response;
  /** `X-Rate-Limit-*` of the response. */
  rateLimit: RateLimit;
}

/** A promise of the parsed success body; `.withResponse()` also gives the raw `Response` and rate limit. */
export interface APIPromise<T> extends Promise<T> {
  /** The parsed body together with the raw `Response` and its rate limit. */
  withResponse(): Promise<WithResponse<T>>;
}

/**
 * What a client needs of an idempotency-key pool: one fresh key per send, within the caller's signal and
 * time limit. `KeyPool` (the idempotency feature) is the implementation; the transport knows only this.
 */
export interface IdempotencyKeys {
  /** One fresh key of `pool`, waiting at most `timeout` ms and no longer than `signal` allows. */
  take(pool: string, signal?: AbortSignal | null, timeout?: number): Promise<string>;
  /** `count` distinct fresh keys of `pool`, within the same limits. */
  takeMany(pool: string, count: number, signal?: AbortSignal | null, timeout?: number): Promise<string[]>;
}

/** Idempotency keys of a service (JPush cids): where they come from, and what to do when none can be had. */
export interface PoolConfig {
  /** Creates the client's pool (only services that have one pull `KeyPool` into a bundle). */
  create: (client: Client, log: Log) => IdempotencyKeys;
  /** When no key can be had: `false` sends without one (and without retries, with a warning); `true` fails. */
  required: boolean;
}

/** What a service package hands to {@link Client}. */
export interface ServiceConfig<S extends string> {
  /** `jsms`, `jpush` or `ums`. */
  service: S;
  /** Default host for operations that declare none. */
  host: string;
  /** `[username, password]` per security scheme of the spec (`AppKeyAuth`, …); undefined parts mean not configured. */
  credentials: Credentials;
  /** The client options behind each security scheme (`AppKeyAuth: ['appKey', 'masterSecret']`), for messages. */
  optionNames?: Record<string, string[]>;
  /** The options the user passed to the service class. */
  options: ClientOptions & { region?: string };
  /** The service's idempotency-key pool (JPush cids); none for the others. */
  pool?: PoolConfig;
  /**
   * Rewrites an operation's body after the idempotency key is in and before it is written (JPush SM2
   * encryption); `undefined` leaves it as it is. Applied once per call, so every attempt sends the same bytes.
   */
  transform?: (op: Operation, body: unknown) => { body: unknown; headers?: Record<string, string> } | undefined;
}

/** @internal Resolved per client, once. */
export interface Resolved {
  service: string;
  host: string;
  baseUrl?: string;
  region: 0 | 1;
  optionNames?: Record<string, string[]>;
  fetch: Fetch;
  headers?: Record<string, string>;
  timeout: number;
  maxRetries: number;
  maxRetryDelay: number;
  maxResponseBytes: number;
  log: Log;
  validate?: Validate;
  pool?: IdempotencyKeys;
  poolRequired: boolean;
  transform?: ServiceConfig<string>['transform'];
}

// Credentials, keyed by client. Nothing on a client object leads here, so no inspection reaches them:
// util.inspect with showHidden, console.dir, Deno.inspect, JSON.stringify, a debugger's property view.
const vault = new WeakMap<object, { auth: Record<string, string>; redact: Redact }>();

/**
 * The small client every operation runs on: credentials, routing, the attempt loop, errors, rate limits.
 * Service classes (`JSMS`, `JPush`, `UMS`) extend it with one method per operation; the standalone
 * functions (`sendCode(client, options)`) take it as their first argument.
 */
export class Client<S extends string = string> {
  /** The service this client talks to. */
  declare readonly service: S;
  /** @internal */
  declare readonly _r: Resolved;

  /** Called by the service classes and `create*Client()`; resolves everything a call needs, once. */
  constructor(config: ServiceConfig<S>) {
    const { options } = config;
    const { headers: auth, secrets } = authHeaders(config.credentials);
    // A page may talk to a proxy that holds the credentials (baseUrl, no secret); a secret in a page is refused.
    if (isBrowser() && secrets.length && !options.dangerouslyAllowBrowser) {
      throw new JiguangError(
        `${config.service}: refusing to put a master secret in a browser. Call the API through your backend (set baseUrl to your proxy and pass no credentials), or pass dangerouslyAllowBrowser: true.`,
      );
    }
    let baseUrl = options.baseUrl;
    if (baseUrl !== undefined) {
      // A page's own backend ('/api/sms') is relative to the page: resolved once, against its location.
      const here = (globalThis as { location?: { href?: string } }).location?.href;
      try {
        baseUrl = new URL(baseUrl, here).href;
      } catch {
        // No location outside a page (Workers, Node, Deno without --location).
        throw new JiguangError(`${config.service}: baseUrl ${JSON.stringify(baseUrl)} is not an absolute URL${here ? '' : ' (a relative one needs a browser page to resolve against)'}.`);
      }
    }
    const redact = redactor(secrets);
    const log = makeLog(options.logger, options.logLevel, redact);
    vault.set(this, { auth, redact });
    const r: Resolved = {
      service: config.service,
      host: config.host,
      baseUrl: baseUrl?.replace(/\/+$/, ''),
      region: options.region === 'beijing' ? 1 : 0,
      optionNames: config.optionNames,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      headers: options.headers,
      timeout: options.timeout ?? 30_000,
      maxRetries: options.maxRetries ?? 2,
      maxRetryDelay: options.maxRetryDelay ?? 60_000,
      maxResponseBytes: options.maxResponseBytes ?? 32 * 2 ** 20,
      log,
      validate: options.validate,
      poolRequired: config.pool?.required ?? false,
      transform: config.transform,
    };
    r.pool = config.pool?.create(this, log);
    Object.defineProperty(this, 'service', { value: config.service });
    // Not enumerable: keeps the configuration out of console.log(client) and JSON.stringify(client).
    Object.defineProperty(this, '_r', { value: r });
  }
}

const run = async (client: Client, op: Operation, options: Record<string, unknown> = {}): Promise<WithResponse<unknown>> => {
  const r = client._r;
  const { auth, redact } = vault.get(client)!;
  const { timeout = r.timeout, maxRetries = r.maxRetries, maxResponseBytes = r.maxResponseBytes, signal, body: rawBody, path, query, headers } = options as RequestOptions & Record<string, any>;
  r.validate?.(op.id, options);
  const scheme = op.s.find((s) => auth[s]);
  // No credentials at all behind a baseUrl: a browser page whose proxy adds them.
  const proxied = !scheme && !Object.keys(auth).length && r.baseUrl !== undefined && isBrowser();
  if (!scheme && !proxied) {
    throw missingCredentials(`${r.service}.${op.id}`, r.service, op.s.map((s) => r.optionNames?.[s] ?? [s]));
  }
  let body = rawBody;
  let key: string | undefined = op.k && body && typeof body === 'object' ? body[op.k] : undefined;
  if (key == null && op.kp && r.pool && maxRetries > 0 && body && typeof body === 'object') {
    try {
      key = await r.pool.take(op.kp, signal, timeout);
      body = { ...body, [op.k!]: key };
    } catch (e) {
      if (r.poolRequired || (e as JiguangError).name === 'APIUserAbortError') throw e;
      r.log('warn', `${op.id}: sending without a ${op.k} (${(e as Error).message}), so it will not be retried`);
    }
  }
  const retrySafe = key != null || (op.i === undefined ? op.m !== 'POST' : op.i === 1);
  const transformed = body != null ? r.transform?.(op, body) : undefined;
  if (transformed) body = transformed.body;
  const url =
    (r.baseUrl ?? (op.h ? (op.h[r.region] ?? op.h[0]) : r.host)) +
    buildPath(r.region && op.bp ? op.bp : op.p, path) +
    buildQuery(query);
  const out = {
    url,
    method: op.m,
    body: requestBody(op, body),
    headers: requestHeaders(r.headers, op.f === 'json' ? { 'content-type': 'application/json' } : undefined, headers, transformed?.headers, { authorization: scheme && auth[scheme] }),
  };
  return withRetries(
    async () => {
      const received = await attempt(r.fetch, out, timeout, signal, maxResponseBytes);
      const data = interpret(op, r.service, received, redact);
      const { response: raw, text } = received;
      let copy: Response | undefined;
      return {
        data,
        // The SDK has read the body; hand out a copy whose body can be read again (built only if asked for).
        get response() {
          return (copy ??= new Response(text || null, { status: raw.status, statusText: raw.statusText, headers: raw.headers }));
        },
        get rateLimit() {
          return readRateLimit(raw.headers);
        },
      };
    },
    { timeout, maxRetries, maxRetryDelay: r.maxRetryDelay, signal, retrySafe, key: key ?? undefined, label: `${r.service}.${op.id}`, log: r.log },
  );
};

/** Calls `op` through `client`: the parsed body, with `.withResponse()` for the raw response and rate limit. */
export const call = (client: Client, op: Operation, options?: object): APIPromise<any> => {
  const inner = run(client, op, options as Record<string, unknown>);
  const p = inner.then((r) => r.data) as APIPromise<unknown>;
  p.withResponse = () => (p.catch(() => {}), inner);
  return p;
};

/** A standalone function for one operation: `sendCode(client, options)`; tree-shaken when unused. */
export const operation =
  (op: Operation): ((client: Client, options?: object) => APIPromise<any>) =>
  (client: Client, options?: object): APIPromise<any> =>
    call(client, op, options);

/**
 * A client class with one method per operation, named by its operationId: `client.push(options)` is
 * `call(client, push$, options)`. The generated service classes extend it. Paged operations are built
 * by `paged` (the pagination feature), handed in so that the transport does not depend on it.
 */
export const withMethods = (
  ops: readonly Operation[],
  paged?: (op: Operation) => (client: Client, options?: any) => APIPromise<any>,
): new (config: ServiceConfig<any>) => Client => {
  class Operations extends Client {}
  for (const op of ops) {
    const fn = op.pg && paged ? paged(op) : operation(op);
    Object.defineProperty(Operations.prototype, op.id, {
      value(this: Client, options?: object) {
        return fn(this, options);
      },
      writable: true,
      configurable: true,
    });
  }
  return Operations;
};
