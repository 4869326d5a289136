/** `{ limit, remaining, reset }` read from JPush's `X-Rate-Limit-*` headers; fields are `undefined` when absent. */
export interface RateLimit {
  /** Calls allowed in the current window (`X-Rate-Limit-Limit`, or the older `X-Rate-Limit-Quota`). */
  limit?: number;
  /** Calls left in the current window (`X-Rate-Limit-Remaining`). */
  remaining?: number;
  /** Seconds until the window resets (`X-Rate-Limit-Reset`). */
  reset?: number;
}

const num = (h: Headers, name: string): number | undefined => {
  const v = h.get(name);
  return v == null || v === '' || isNaN(+v) ? undefined : +v;
};

/** Parses the rate-limit headers of any response. */
export const readRateLimit = (h: Headers): RateLimit => ({
  limit: num(h, 'x-rate-limit-limit') ?? num(h, 'x-rate-limit-quota'),
  remaining: num(h, 'x-rate-limit-remaining'),
  reset: num(h, 'x-rate-limit-reset'),
});

/** Vendor codes that mean "slow down", whatever the HTTP status. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([2002, 1015029, 1015030, 50009, 50201]);
/**
 * Rate codes whose window is short enough that waiting and retrying makes sense (JPush 2002 per minute,
 * UMS 1015030 per second, JSMS 50201 short-term). The others (daily quotas, JSMS 50009 per number) are not retried.
 */
export const RETRYABLE_RATE_CODES: ReadonlySet<number> = new Set([2002, 1015030, 50201]);
