import { APIConnectionError, APIError, APITimeoutError, APIUserAbortError, type JiguangError } from '../errors/errors.js';
import { readRateLimit, RETRYABLE_RATE_CODES } from '../errors/rate-limit.js';

/** A refusal for the rate (429, or a short-window rate code): the server did nothing, so waiting and repeating is safe. */
export const isRefusal = (error: unknown): boolean =>
  error instanceof APIError && (error.status === 429 || (error.code !== undefined && RETRYABLE_RATE_CODES.has(error.code)));

/**
 * Whether a failed attempt may be repeated. `retrySafe`: the operation is idempotent (reads, set-style
 * writes) or carries an idempotency key. A refusal (429, a short-window rate code) is repeated for any
 * operation, since the server did nothing; so is a connection that provably never carried the request.
 */
export const shouldRetry = (error: JiguangError, retrySafe: boolean): boolean => {
  if (error instanceof APIError) {
    if (isRefusal(error)) return true;
    return retrySafe && (error.status === 408 || error.status === 409 || error.status >= 500);
  }
  if (error instanceof APITimeoutError) return retrySafe;
  if (error instanceof APIConnectionError) return retrySafe || !error.mayHaveBeenProcessed;
  return false;
};

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

/** Resolves after `ms`, or rejects with {@link APIUserAbortError} as soon as `signal` fires. */
export const sleep = (ms: number, signal?: AbortSignal | null): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(t);
      reject(new APIUserAbortError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
