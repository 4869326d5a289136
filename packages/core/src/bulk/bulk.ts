import { APIUserAbortError, JiguangError, RequestValidationError, type APIError } from '../errors/errors.js';
import { isRefusal, retryDelay, shouldRetry, sleep } from '../transport/retry.js';
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
  /** Calls the server refused for its rate (429 or a rate code): they delivered nothing, and were made again. */
  refused: number;
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
  /**
   * Ends the run: no call starts after it fires, and calls in flight are cancelled. Items whose calls
   * delivered nothing are left without a result (`pending`), so a resume sends them.
   */
  signal?: AbortSignal;
  /**
   * When the run must end, as a `Date` or milliseconds since the epoch (e.g. `Date.now() + 25_000` in a
   * queue consumer with 30 s of wall time). No call starts after it, calls in flight finish, and
   * `stopped` says so. Items whose calls delivered nothing (never sent, or only refused) are left without a
   * result and counted in `pending`; a keyed chunk that may have been delivered is `unknown` under its key.
   * Either way, passing the results as `previous` resumes without sending anything twice.
   */
  deadline?: Date | number;
  /**
   * Attempts per call beyond the first after a 5xx, a timeout or a lost connection, which are repeated
   * only under idempotency keys (or when the request provably never left). Refusals for the rate (429,
   * rate codes) deliver nothing and do not count: the call waits for the window to reset and goes again,
   * for as long as the run lasts (see `signal` and `deadline`). Every attempt passes the rate gate. Default 5.
   */
  maxRetries?: number;
}

/** Every item's outcome, plus the counts. */
export interface BulkReport extends BulkProgress {
  /** One outcome per item, in the order given. */
  results: BulkResult[];
  /** Items never sent (the run stopped early): they have no result, so a resume sends them. */
  pending: number;
  /** Why the run stopped early: the caller's abort, the `deadline`, or no idempotency keys could be had. */
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
  const { concurrency = 4, signal, maxRetries = 5, deadline } = options;
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

  const progress: BulkProgress = { total: seen.size, sent: 0, failed: 0, unknown: 0, calls: 0, refused: 0 };
  for (const r of results.values()) progress[r.status]++;
  const gate = new RateGate();
  let next = 0;
  let stopped: JiguangError | undefined;
  let fatal = false;
  // The run's bound: the caller's signal or the deadline, whichever comes first. It stops waits and new
  // calls; a call in flight is cut only by the caller's own signal.
  const bound = new AbortController();
  const stop = (e: JiguangError) => {
    stopped ??= e;
    bound.abort();
  };
  const onAbort = () => stop(new APIUserAbortError());
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (deadline !== undefined) {
    const at = +deadline;
    if (!Number.isFinite(at)) throw new RequestValidationError('options.deadline', 'must be a Date or a time in milliseconds since the epoch');
    const end = () => stop(new JiguangError('the bulk run reached its deadline; items not sent are left pending'));
    if (at <= Date.now()) end();
    else timer = setTimeout(end, at - Date.now());
  }

  const worker = async () => {
    while (next < chunks.length && !stopped && !fatal) {
      const chunk = chunks[next++]!;
      let keys = chunk.keys ?? [];
      const keyOf = (i: number) => (plan.keys === 'chunk' ? keys[0] : keys[i]);
      const failedItems = (e: JiguangError, unknown = e.mayHaveBeenProcessed): BulkResult[] =>
        chunk.items.map((item, i) => ({ id: plan.id(item), status: unknown ? 'unknown' : 'failed', error: describe(e), ...(keyOf(i) !== undefined && { key: keyOf(i) }) }));
      let outcome: BulkResult[] | undefined;
      let processed = false;
      // Retries happen here rather than in the client, so that every attempt passes the rate gate.
      // Refusals for the rate do not count as attempts: they delivered nothing.
      for (let attempt = 0, refusals = 0; !outcome; ) {
        let sentAt = 0;
        try {
          if (!keys.length && plan.keys && plan.takeKeys) keys = await plan.takeKeys(plan.keys === 'chunk' ? 1 : chunk.items.length, bound.signal);
          sentAt = await gate.acquire(bound.signal, chunks.length - next);
        } catch (e) {
          if (!(e instanceof JiguangError)) throw e;
          // Nothing of this chunk was delivered: leave its items without a result so that a resume sends them.
          if (!processed) {
            stopped ??= e;
            return;
          }
          // An earlier attempt may have delivered: unknown, and resent under its key on resume.
          outcome = failedItems(stopped ?? e, true);
          break;
        }
        let rateLimit: RateLimit | undefined;
        let wait = 0;
        let refused = false;
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
          refused = isRefusal(e);
          if (refused) {
            progress.refused++;
            // The gate waits for the window's reset when the refusal names it; otherwise back off.
            if (rateLimit?.reset === undefined) wait = Math.min(retryDelay(refusals, (e as APIError).headers, true), 60_000);
            refusals++;
            continue;
          }
          processed ||= e.mayHaveBeenProcessed;
          e.mayHaveBeenProcessed = processed;
          // Cut by the caller before anything of this chunk could be delivered: pending, like the chunks not started.
          if (signal?.aborted && !processed) {
            stopped ??= e;
            return;
          }
          if (attempt < maxRetries && !signal?.aborted && shouldRetry(e, Boolean(plan.keys))) attempt++;
          else outcome = failedItems(e);
        } finally {
          progress.calls++;
          gate.release(rateLimit, { sentAt, refused });
          if (wait) await sleep(wait, bound.signal).catch(() => undefined);
        }
      }
      for (const r of outcome) {
        results.set(r.id, r);
        progress[r.status]++;
      }
      try {
        await options.onResults?.(outcome);
      } catch (e) {
        // The results could not be kept: sending more would only make more that cannot be resumed.
        fatal = true;
        throw e;
      }
      options.onProgress?.({ ...progress });
    }
  };
  try {
    const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(concurrency, chunks.length)) }, worker));
    const failure = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failure) throw failure.reason;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return { ...progress, results: [...results.values()], pending: progress.total - results.size, ...(stopped && { stopped }) };
};
