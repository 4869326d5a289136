import { APIUserAbortError } from '../errors/errors.js';
import type { RateLimit } from '../errors/rate-limit.js';

/** What {@link RateGate.release} learns about the call that ended. */
export interface GateRelease {
  /** When the call was let through ({@link RateGate.acquire}'s result): tells which window its reply belongs to. */
  sentAt?: number;
  /** The server refused the call for its rate (429 or a rate code): it counted nothing, and the window is spent. */
  refused?: boolean;
  /** When the reply was read. Default: now. */
  at?: number;
}

/**
 * Keeps a stream of calls inside the server's rate window instead of tripping 429, also when other senders
 * (other instances, other processes) share the window. Each reply's `X-Rate-Limit-Remaining`/`Reset` say
 * how many calls are left and when the window resets; since every admitted call lowers `Remaining` by one,
 * the values a sender does not get are the calls of others, and the largest such gap estimates how many
 * calls the others have in flight.
 *
 * - Alone: after one probe per window, calls start while `remaining − calls in flight > 0`.
 * - Shared: one call in flight at a time, started only while `remaining − others' calls > 0`, so every other
 *   sender's next call still finds its place in the window.
 * - A new window is never assumed to be whole: its first call waits for the reset plus a random share of a
 *   tenth of the window (so that instances do not all start at once) and probes alone.
 * - A refusal spends the window: the next call waits for its end.
 * - Without rate headers (JSMS, UMS), calls go one at a time.
 */
export class RateGate {
  private inFlight = 0;
  /** Remaining calls of the current window by the latest reply; `undefined` until a reply of this window. */
  private remaining: number | undefined;
  private limit: number | undefined;
  /** The current window's end (ms): the earliest of what its replies said, so with whole-second resets a bound from above. */
  private end = 0;
  /** When this sender's first call of the new window may start: the end plus jitter. */
  private openAt = 0;
  /** When calls beyond the first of this window may start, if others share it: once every sender has had time for its first. */
  private extrasAt = 0;
  /** How far off a reply's reset may be: a second when the server rounds to whole seconds. */
  private slack = 100;
  /** Whether a window has ended yet: the first one is shared with whoever starts with it, so calls go one at a time. */
  private rolled = false;
  /** The longest window seen (ms), to scale the jitter. */
  private span = 0;
  /** The `remaining` values this sender's replies carried in this window. */
  private mine: number[] = [];
  /** Calls of other senders in flight, as estimated in this window and the one before it. */
  private others = 0;
  private othersBefore = 0;
  private wake: (() => void)[] = [];

  /** Waits until a call may start (or `signal` fires), counts it as in flight, and returns the start time for {@link release}. */
  async acquire(signal?: AbortSignal | null): Promise<number> {
    for (;;) {
      if (signal?.aborted) throw new APIUserAbortError();
      const now = Date.now();
      if (this.remaining !== undefined && now >= this.end) this.roll();
      let wait: number | undefined;
      let free: number;
      if (now < this.openAt) {
        free = 0;
        wait = this.openAt - now;
      } else if (this.remaining === undefined) free = this.inFlight ? 0 : 1;
      else if ((Math.max(this.others, this.othersBefore) > 0 || !this.rolled) && now < this.extrasAt) {
        free = 0;
        wait = this.extrasAt - now;
      } else {
        const others = Math.max(this.others, this.othersBefore);
        free = others || !this.rolled ? (this.inFlight ? 0 : this.remaining - others) : this.remaining - this.inFlight;
        // Nothing left for this sender in this window: only the reset (or a reply of its own) helps.
        if (free <= 0 && (this.inFlight === 0 || this.remaining <= 0)) wait = Math.max(0, this.end - now);
      }
      if (free > 0) {
        this.inFlight++;
        return now;
      }
      await this.until(wait, signal);
    }
  }

  /**
   * A call ended; `rateLimit` is what its reply said (absent when the call failed without a reply, which
   * then still counts as one call of the window).
   */
  release(rateLimit?: RateLimit, { sentAt = 0, refused = false, at = Date.now() }: GateRelease = {}): void {
    this.inFlight--;
    const { remaining, reset, limit } = rateLimit ?? {};
    if (remaining === undefined || reset === undefined) {
      // No reply to read (a reset, a timeout): the server may still have counted the call.
      if (this.remaining !== undefined) this.remaining = refused ? 0 : Math.max(0, this.remaining - 1);
    } else {
      if (limit !== undefined) this.limit = limit;
      const resetAt = at + reset * 1000;
      this.span = Math.max(this.span, reset * 1000);
      // Whole-second resets put an end anywhere up to a second early or late; replies past that belong to a new window.
      const slack = (this.slack = Number.isInteger(reset) ? 1000 : 100);
      if (sentAt >= this.end || resetAt >= this.end + slack) {
        if (this.remaining !== undefined) this.roll();
        // The first window: senders that start together each get their first call in before anyone's second.
        if (!this.rolled && !this.extrasAt) this.extrasAt = at + Math.min(Math.min(reset * 100, 1000) + slack, reset * 500);
        this.end = resetAt;
        this.remaining = remaining;
        // Calls admitted in this window before this one, less this sender's own still in flight.
        if (this.limit !== undefined) this.others = Math.max(this.others, this.limit - 1 - remaining - this.inFlight);
        this.mine = [remaining];
      } else if (this.remaining !== undefined) {
        this.end = Math.min(this.end, resetAt);
        const above = this.mine.reduce((a, m) => (m > remaining && m < a ? m : a), this.limit ?? Infinity);
        // Once windows open with every sender's first call, the first reply counts them; before, gaps are all there is.
        if (above !== Infinity && !this.rolled) this.others = Math.max(this.others, above - remaining - 1 - this.inFlight);
        this.remaining = Math.min(this.remaining, remaining);
        this.mine.push(remaining);
      }
      // (Else a late reply of a window already over: it says nothing about the new one.)
      if (refused && this.remaining !== undefined) {
        this.remaining = 0;
        // Someone else took the place this sender counted on.
        this.others = Math.max(this.others, 1);
      }
    }
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }

  /** The window is over: what was learnt of the others carries into the next one. */
  private roll() {
    // Others seen in a window are assumed to stay, one fewer per window that does not show them again.
    this.othersBefore = Math.max(this.others, this.othersBefore);
    this.others = 0;
    this.mine = [];
    this.remaining = undefined;
    this.rolled = true;
    const spread = Math.min(this.span / 10, 1000);
    this.openAt = this.end + Math.random() * spread;
    // Every sender's first call lands before anyone's second: their ends differ by the rounding at most.
    this.extrasAt = this.end + Math.min(spread + this.slack, this.span / 2);
  }

  private until(ms: number | undefined, signal?: AbortSignal | null) {
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
