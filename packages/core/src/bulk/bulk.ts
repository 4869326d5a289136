import { JiguangError, RateLimitError, RequestValidationError, type APIError } from '../errors/errors.js';
import { retryDelay, shouldRetry, sleep } from '../transport/retry.js';
import type { RateLimit } from '../errors/rate-limit.js';
import { RateGate } from './rate-gate.js';

/** `sent`: the API accepted it; `failed`: the API refused it (nothing was sent); `unknown`: the call failed in a way that may have delivered it. */
export type BulkStatus = 'sent' | 'failed' | 'unknown';

/** The outcome of one item (recipient) of a bulk send. Keep these to resume after a crash. */
export interface BulkResult {
  /** The item's identity: registration ID, alias, mobile number or user ID. */
  id: string;
  /** Whether it went out: see {@link BulkStatus}. */
  status: BulkStatus;
  /** The message ID the API gave, when it gave one. */
  msgId?: string;
  /**
   * The idempotency key (JPush `cid`) the item was sent under. An `unknown` item with a key is sent again
   * under the same key when you resume, which the API answers without delivering twice.
   */
  key?: string;
  /** Why it failed or is unknown. */
  error?: { name: string; message: string; status?: number; code?: number };
}

/** Counts so far. */
export interface BulkProgress {
  /** Items in the run. */
  total: number;
  /** Items the API accepted. */
  sent: number;
  /** Items the API refused. */
  failed: number;
  /** Items whose call failed in a way that may have delivered them. */
  unknown: number;
  /** API calls made. */
  calls: number;
}

/** Options of every bulk helper. */
export interface BulkOptions {
  /** Calls in flight at once (the rate window permitting). Default 4. */
  concurrency?: number;
  /** Results of an earlier run of the same send: `sent` and `failed` items are skipped, keyed `unknown` ones resent under their key. */
  previous?: Iterable<BulkResult>;
  /** Called with the results of every call as they come: persist them to resume after a crash. */
  onResults?: (results: BulkResult[]) => void | Promise<void>;
  /** Called after every call. */
  onProgress?: (progress: BulkProgress) => void;
  /** Stops starting new calls; items never sent have no result, so a resume sends them. */
  signal?: AbortSignal;
  /**
   * Attempts per call beyond the first, for what is safe to repeat: refusals (429, rate codes, a connection
   * that never carried the request) always; 5xx, timeouts and lost connections only under idempotency keys.
   * Every attempt passes the rate gate. Default 5.
   */
  maxRetries?: number;
}

/** Every item's outcome, plus the counts. */
export interface BulkReport extends BulkProgress {
  /** One outcome per item, in the order given. */
  results: BulkResult[];
  /** Items never sent (the run stopped early): they have no result, so a resume sends them. */
  pending: number;
  /** Why the run stopped early: the caller's abort, or no idempotency keys could be had. */
  stopped?: JiguangError;
}

/** What a service wires in: how items are identified, grouped and sent. */
export interface BulkPlan<T> {
  /** The identity of an item (duplicates are refused: the same recipient twice would be a duplicate send). */
  id(item: T): string;
  /** Items per call: the API's limit. */
  size: number;
  /**
   * Idempotency keys: `chunk` — one per call (a push to 1000 IDs under one cid); `item` — one per item (batch
   * single push keyed by cid); absent — none, so an `unknown` outcome is never sent again automatically.
   */
  keys?: 'chunk' | 'item';
  /** Takes `count` fresh keys. */
  takeKeys?(count: number, signal?: AbortSignal): Promise<string[]>;
  /** Sends one call; resolves to per-item outcomes (without `key`) and the reply's rate limit. */
  send(items: T[], keys: string[], options: { signal?: AbortSignal; maxRetries: number }): Promise<{ results: Omit<BulkResult, 'key'>[]; rateLimit?: RateLimit }>;
}

const describe = (e: unknown): BulkResult['error'] => {
  const x = e as APIError;
  return { name: x?.name ?? 'Error', message: x?.message ?? String(e), ...(x?.status !== undefined && { status: x.status }), ...(x?.code !== undefined && { code: x.code }) };
};

/**
 * Sends any number of items in the fewest calls the API allows: chunks of `plan.size`, at most
 * `concurrency` calls in flight, never beyond the server's rate window (it waits for the reset instead of
 * tripping 429). Never sends an item twice: a call that fails in a way that may have delivered marks its
 * items `unknown`; only keyed items are ever sent again, and only under their original key.
 */
export const sendBulk = async <T>(items: Iterable<T>, plan: BulkPlan<T>, options: BulkOptions = {}): Promise<BulkReport> => {
  const { concurrency = 4, signal, maxRetries = 5 } = options;
  const previous = new Map<string, BulkResult>();
  for (const r of options.previous ?? []) previous.set(r.id, r);
  const results = new Map<string, BulkResult>();
  const fresh: T[] = [];
  const resend = new Map<string, { items: T[]; keys: string[] }>();
  const seen = new Set<string>();
  let index = 0;
  for (const item of items) {
    const id = plan.id(item);
    if (seen.has(id)) throw new RequestValidationError(`items[${index}]`, `${id} appears twice: sending it twice would deliver twice`);
    seen.add(id);
    index++;
    const before = previous.get(id);
    if (before && (before.status !== 'unknown' || !before.key || !plan.keys)) {
      results.set(id, before);
      continue;
    }
    if (!before) {
      fresh.push(item);
      continue;
    }
    // Resend under the same key: a chunk key groups the very items of that call; item keys travel alone.
    const group = plan.keys === 'chunk' ? before.key! : '';
    const g = resend.get(group) ?? { items: [], keys: [] };
    g.items.push(item);
    g.keys.push(before.key!);
    resend.set(group, g);
  }

  const chunks: { items: T[]; keys?: string[] }[] = [];
  for (const [group, g] of resend) {
    if (plan.keys === 'chunk') chunks.push({ items: g.items, keys: [group] });
    else for (let i = 0; i < g.items.length; i += plan.size) chunks.push({ items: g.items.slice(i, i + plan.size), keys: g.keys.slice(i, i + plan.size) });
  }
  for (let i = 0; i < fresh.length; i += plan.size) chunks.push({ items: fresh.slice(i, i + plan.size) });

  const progress: BulkProgress = { total: seen.size, sent: 0, failed: 0, unknown: 0, calls: 0 };
  for (const r of results.values()) progress[r.status]++;
  const gate = new RateGate();
  let next = 0;
  let stopped: JiguangError | undefined;
  let fatal = false;

  const worker = async () => {
    while (next < chunks.length && !stopped && !fatal) {
      const chunk = chunks[next++]!;
      let keys = chunk.keys ?? [];
      const keyOf = (i: number) => (plan.keys === 'chunk' ? keys[0] : keys[i]);
      const failedItems = (e: JiguangError): BulkResult[] =>
        chunk.items.map((item, i) => ({ id: plan.id(item), status: e.mayHaveBeenProcessed ? 'unknown' : 'failed', error: describe(e), ...(keyOf(i) !== undefined && { key: keyOf(i) }) }));
      let outcome: BulkResult[] | undefined;
      let processed = false;
      // Retries happen here rather than in the client, so that every attempt passes the rate gate.
      for (let attempt = 0; !outcome; attempt++) {
        try {
          if (!keys.length && plan.keys && plan.takeKeys) keys = await plan.takeKeys(plan.keys === 'chunk' ? 1 : chunk.items.length, signal);
          await gate.acquire(signal);
        } catch (e) {
          if (!(e instanceof JiguangError)) throw e;
          if (attempt === 0) {
            // Nothing of this chunk was sent: leave its items without a result so that a resume sends them.
            stopped ??= e;
            return;
          }
          e.mayHaveBeenProcessed ||= processed;
          outcome = failedItems(e);
          break;
        }
        let rateLimit: RateLimit | undefined;
        try {
          const reply = await plan.send(chunk.items, keys, { signal, maxRetries: 0 });
          rateLimit = reply.rateLimit;
          outcome = reply.results.map((r, i) => ({ ...r, ...(keyOf(i) !== undefined && { key: keyOf(i) }) }));
        } catch (e) {
          rateLimit = (e as APIError).rateLimit;
          // A bug or bad input: nothing was sent; stop rather than fail every remaining item the same way.
          if (!(e instanceof JiguangError) || e instanceof RequestValidationError) {
            fatal = true;
            throw e;
          }
          processed ||= e.mayHaveBeenProcessed;
          e.mayHaveBeenProcessed = processed;
          const again = attempt < maxRetries && !signal?.aborted && shouldRetry(e, Boolean(plan.keys));
          if (!again) outcome = failedItems(e);
          else {
            progress.calls++;
            // A refusal names its wait; after a 5xx or a lost connection the rate gate is pacing enough.
            const wait = e instanceof RateLimitError ? retryDelay(attempt, e.headers, true) : 0;
            try {
              if (wait) await sleep(Math.min(wait, 60_000), signal);
            } catch {
              outcome = failedItems(e);
            }
          }
        } finally {
          gate.release(rateLimit);
        }
      }
      progress.calls++;
      for (const r of outcome) {
        results.set(r.id, r);
        progress[r.status]++;
      }
      await options.onResults?.(outcome);
      options.onProgress?.({ ...progress });

    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(concurrency, chunks.length)) }, worker));
  const failure = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
  if (failure) throw failure.reason;
  return { ...progress, results: [...results.values()], pending: progress.total - results.size, ...(stopped && { stopped }) };
};
