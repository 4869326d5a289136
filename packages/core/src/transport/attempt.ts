import { APIConnectionError, APITimeoutError, APIUserAbortError, JiguangError, RateLimitError } from '../errors/errors.js';
import type { Log } from './log.js';
import { readCapped } from './read.js';
import { connectionHint } from './platform.js';
import { retryDelay, shouldRetry, sleep } from './retry.js';

/** A `fetch` with the standard signature; the client calls it unbound, so Workers' `fetch` keeps working. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** What one attempt sends. Bodies are strings or FormData, so every attempt can send them again. */
export interface Outgoing {
  url: string;
  method: string;
  headers: Headers;
  body?: string | FormData;
}

/** A response whose body has been read in full, or not at all because it was too large. */
export interface Received {
  response: Response;
  text: string;
  /** Set to the cap when the body was larger than it: reading stopped and `text` is empty. */
  tooLarge?: number;
}

// Runtime messages for failures that happen before a byte is sent.
// (Deno's NotCapable/PermissionDenied: the host is not in --allow-net.)
const UNSENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|Connection refused|dns error|failed to lookup|NotCapable|PermissionDenied/i;
const neverSent = (e: unknown): boolean => {
  for (let c: any = e, n = 0; c && n < 4; c = c.cause, n++) {
    if (UNSENT.test(`${c.code ?? ''} ${c.name ?? ''} ${c.message ?? ''}`)) return true;
  }
  return false;
};

/**
 * One attempt: sends the request and reads the whole body (at most `maxBytes`), both within `timeout`.
 * Failures come out as {@link APITimeoutError}, {@link APIUserAbortError} or {@link APIConnectionError},
 * each saying whether the request may have reached the server (`mayHaveBeenProcessed`).
 */
export const attempt = async (fetcher: Fetch, out: Outgoing, timeout: number, signal?: AbortSignal | null, maxBytes = Infinity): Promise<Received> => {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  // Not AbortSignal.any: Vercel's edge-runtime lacks it.
  const forward = () => controller.abort();
  signal?.addEventListener('abort', forward, { once: true });
  let started = false;
  let answered = false;
  try {
    if (signal?.aborted) throw new APIUserAbortError();
    started = true;
    const response = await fetcher(out.url, { method: out.method, headers: out.headers, body: out.body, signal: controller.signal });
    answered = true;
    // Some runtimes keep delivering a body after its request's signal fired: the signal cancels the read itself.
    const text = await readCapped(response, maxBytes, controller.signal);
    return text === undefined ? { response, text: '', tooLarge: maxBytes } : { response, text };
  } catch (e) {
    if (e instanceof JiguangError && !started) throw e;
    const error = signal?.aborted
      ? new APIUserAbortError()
      : timedOut
        ? new APITimeoutError({ cause: e })
        : new APIConnectionError(answered ? 'Connection lost while the response arrived.' : 'Connection error.' + connectionHint(e, out.url), { cause: e });
    error.mayHaveBeenProcessed = answered || (started && !neverSent(e));
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
};

/** Per-call settings of the attempt loop. */
export interface LoopOptions {
  timeout: number;
  maxRetries: number;
  maxRetryDelay: number;
  signal?: AbortSignal | null;
  /** The operation is safe to repeat (idempotent, or it carries an idempotency key). */
  retrySafe: boolean;
  /** The idempotency key the request carries, reported on errors. */
  key?: string;
  /** Label for log lines. */
  label: string;
  log: Log;
}

/**
 * The attempt loop: runs `once` (one attempt plus reading its reply) until it succeeds, fails in a way
 * that must not be repeated, or runs out of retries; waits between attempts as the server asks.
 */
export const withRetries = async <T>(once: () => Promise<T>, o: LoopOptions): Promise<T> => {
  let processed = false;
  for (let n = 0; ; n++) {
    let error: JiguangError;
    o.log('debug', `${o.label}: attempt ${n + 1}`);
    try {
      return await once();
    } catch (e) {
      error = e instanceof JiguangError ? e : new APIConnectionError(undefined, { cause: e });
    }
    processed ||= error.mayHaveBeenProcessed;
    error.mayHaveBeenProcessed = processed;
    if (o.key !== undefined) error.idempotencyKey = o.key;
    if (n >= o.maxRetries || !shouldRetry(error, o.retrySafe)) throw error;
    const wait = retryDelay(n, (error as { headers?: Headers }).headers, error instanceof RateLimitError);
    if (wait > o.maxRetryDelay) throw error;
    o.log('info', `${o.label}: retry ${n + 1}/${o.maxRetries} in ${Math.round(wait)} ms after ${error.name}: ${error.message}`);
    try {
      await sleep(wait, o.signal);
    } catch (abort) {
      (abort as JiguangError).mayHaveBeenProcessed = processed;
      throw abort;
    }
  }
};
