import { APITimeoutError, APIUserAbortError, JiguangError } from '../errors/errors.js';
import type { IdempotencyKeys } from '../transport/client.js';
import type { Log } from '../transport/log.js';

/** Fetches `count` fresh idempotency keys for `pool` (JPush: `getCidList` with `type=pool`). */
export type KeySource = (pool: string, count: number) => Promise<readonly string[]>;

/** How a {@link KeyPool} fetches and keeps keys. */
export interface KeyPoolOptions {
  /** Keys per fetch: the most the account allows per call (JPush: 10 for non-VIP apps, up to 1000). */
  batch: number;
  /** Milliseconds a key stays usable after it was fetched; older keys are dropped unused. */
  ttl: number;
  /** Fetches in flight at once per pool when many callers wait. Default 4. */
  concurrency?: number;
  /** Where the pool reports failed fetches (the client's own log). */
  log?: Log;
}

interface Waiter {
  resolve(key: string): void;
  reject(error: JiguangError): void;
}

/**
 * Idempotency keys fetched in batches and handed out one per send: no key ever goes to two callers,
 * whatever the concurrency. When callers wait, fetches start on demand (coalesced: only as many as the
 * waiting callers need, at most `concurrency` at once). A fetch belongs to no caller, so one caller's
 * abort or timeout never cancels it for the others; each caller waits only within its own signal and
 * time limit.
 */
export class KeyPool implements IdempotencyKeys {
  private readonly keys = new Map<string, { key: string; at: number }[]>();
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly fetching = new Map<string, number>();

  /** `source` fetches `count` fresh keys of a pool (JPush: `getCidList`). */
  constructor(
    private readonly source: KeySource,
    private readonly options: KeyPoolOptions,
  ) {
    if (!(options.batch >= 1)) throw new JiguangError(`KeyPool: batch must be at least 1 (got ${options.batch})`);
  }

  /**
   * One key from `pool`. Rejects with {@link APIUserAbortError} when `signal` fires, {@link APITimeoutError}
   * after `timeout` ms, or with the fetch's own error when the keys could not be fetched.
   */
  take(pool: string, signal?: AbortSignal | null, timeout = 30_000): Promise<string> {
    const stock = this.stock(pool);
    if (stock.length) return Promise.resolve(stock.shift()!.key);
    if (signal?.aborted) return Promise.reject(new APIUserAbortError());
    return new Promise<string>((resolve, reject) => {
      const queue = this.waiting.get(pool) ?? [];
      this.waiting.set(pool, queue);
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
      };
      const waiter: Waiter = {
        resolve: (key) => (done(), resolve(key)),
        reject: (error) => (done(), reject(error)),
      };
      const onAbort = () => waiter.reject(new APIUserAbortError());
      const timer = setTimeout(() => waiter.reject(new APITimeoutError()), timeout);
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.fill(pool);
    });
  }

  /** Up to `count` keys from `pool` at once (for batch sends keyed by idempotency key), fetched as needed. */
  async takeMany(pool: string, count: number, signal?: AbortSignal | null, timeout?: number): Promise<string[]> {
    return Promise.all(Array.from({ length: count }, () => this.take(pool, signal, timeout)));
  }

  /** The pool's unexpired keys (expired ones dropped first). */
  private stock(pool: string): { key: string; at: number }[] {
    const list = this.keys.get(pool) ?? [];
    this.keys.set(pool, list);
    const now = Date.now();
    while (list.length && now - list[0]!.at > this.options.ttl) list.shift();
    return list;
  }

  // Starts fetches while the waiting callers outnumber the keys already on their way.
  /** Starts the fetches the waiting callers need. */
  private fill(pool: string): void {
    const queue = this.waiting.get(pool) ?? [];
    const { batch, concurrency = 4 } = this.options;
    let inFlight = this.fetching.get(pool) ?? 0;
    while (queue.length > inFlight * batch && inFlight < concurrency) {
      this.fetching.set(pool, ++inFlight);
      this.source(pool, batch).then(
        (keys) => this.arrived(pool, keys),
        (error) => this.failed(pool, error),
      );
    }
  }

  /** A fetch answered: hands its keys to the waiting callers first. */
  private arrived(pool: string, keys: readonly string[]): void {
    this.fetching.set(pool, (this.fetching.get(pool) ?? 1) - 1);
    const stock = this.stock(pool);
    const at = Date.now();
    for (const key of keys) stock.push({ key, at });
    const queue = this.waiting.get(pool) ?? [];
    while (queue.length && stock.length) queue[0]!.resolve(stock.shift()!.key);
    if (!keys.length) return this.failed(pool, new JiguangError(`no ${pool} keys came back`), true);
    this.fill(pool);
  }

  /** A fetch failed: fails as many waiting callers as it was meant to serve. */
  private failed(pool: string, error: unknown, counted = false): void {
    const inFlight = counted ? (this.fetching.get(pool) ?? 0) : (this.fetching.get(pool) ?? 1) - 1;
    this.fetching.set(pool, inFlight);
    const e = error instanceof JiguangError ? error : new JiguangError(String(error));
    this.options.log?.('warn', `fetching ${pool} idempotency keys failed: ${e.message}`);
    // Callers beyond what the remaining fetches will bring get the error now rather than waiting.
    const queue = this.waiting.get(pool) ?? [];
    for (const w of queue.slice(inFlight * this.options.batch)) w.reject(e);
  }
}
