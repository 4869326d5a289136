import { APIUserAbortError } from '../errors/errors.js';
import type { RateLimit } from '../errors/rate-limit.js';

/**
 * Keeps a stream of calls inside the server's rate window instead of tripping 429: each reply's
 * `X-Rate-Limit-Remaining`/`Reset` say how many calls are left and when the window resets; a call starts
 * only while `remaining − calls in flight > 0`, else it waits for the reset. Until the first reply says
 * what the window is, one call at a time probes it.
 */
export class RateGate {
  private inFlight = 0;
  private remaining: number | undefined;
  private limit: number | undefined;
  private resetAt = 0;
  private wake: (() => void)[] = [];

  /** Waits until a call may start (or `signal` fires), and counts it as in flight. */
  async acquire(signal?: AbortSignal | null): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new APIUserAbortError();
      const now = Date.now();
      // A new window: as many calls as the limit allows (unknown limit: probe again).
      if (this.remaining !== undefined && now >= this.resetAt) this.remaining = this.limit;
      const free = this.remaining === undefined ? (this.inFlight === 0 ? 1 : 0) : this.remaining - this.inFlight;
      if (free > 0) {
        this.inFlight++;
        return;
      }
      await this.until(this.remaining !== undefined && this.resetAt > now ? this.resetAt - now : undefined, signal);
    }
  }

  /** A call finished; `rateLimit` is what its reply said (absent when the call failed without a reply, which then still counts). */
  release(rateLimit?: RateLimit, at: number = Date.now()): void {
    this.inFlight--;
    const { remaining, reset, limit } = rateLimit ?? {};
    // No reply to read (a reset, a timeout): the server may still have counted the call.
    if (remaining === undefined && this.remaining !== undefined && at < this.resetAt) this.remaining = Math.max(0, this.remaining - 1);
    if (remaining !== undefined && reset !== undefined) {
      const resetAt = at + reset * 1000;
      // Replies of one window name the same reset (give or take rounding); a later one opens a new window.
      if (this.remaining === undefined || resetAt > this.resetAt + 500 || at >= this.resetAt) {
        this.remaining = remaining;
        this.resetAt = resetAt;
      } else this.remaining = Math.min(this.remaining, remaining);
      if (limit !== undefined) this.limit = limit;
    }
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }

  /** Resolves after `ms` or at the next release, whichever is first; rejects when `signal` aborts. */
  private until(ms: number | undefined, signal?: AbortSignal | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(t);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        clearTimeout(t);
        reject(new APIUserAbortError());
      };
      const t = ms === undefined ? undefined : setTimeout(done, ms + 1);
      this.wake.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
