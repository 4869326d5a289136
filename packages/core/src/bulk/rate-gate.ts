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
 * how many calls are left and when the window resets.
 *
 * - A new window is never assumed to be whole. Every sender's first call of a window waits for the reset
 *   plus a random share of a tenth of the window (so that instances do not all start at once) and goes
 *   alone: it probes the window.
 * - Calls beyond the first wait until every sender has had time for its probe (that share of the window,
 *   plus a second when the server rounds `Reset` to whole seconds). Then the sender whose probe came first
 *   (its reply said `remaining = limit − 1`) goes on while `remaining − calls in flight > 0`, keeping one
 *   call back when others are there; the sender whose probe came second takes that call late in the
 *   window, and the rest too if a second look shows the first sender is done. The others wait for the
 *   next window. So the window is used to its limit, and no two senders race for its last calls. Who
 *   comes first changes with the jitter; a sender with fewer calls left probes later, leaving the window
 *   to one that can use it.
 * - A refusal spends the window: the next call waits for its end.
 * - Without rate headers (JSMS, UMS), calls go one at a time.
 */
export class RateGate {
  private inFlight = 0;
  /** Remaining calls of the current window by the latest reply; `undefined` until a reply of this window. */
  private remaining: number | undefined;
  private limit: number | undefined;
  /** The current window's end (ms): the earliest of what its replies said (with whole-second resets, a bound from above). */
  private end = 0;
  /** When the window before this one ended (its first call waits for that plus jitter); 0 in the first window. */
  private openAt = 0;
  /** This sender's draw for the jitter of this window's probe, in [0, 1). */
  private luck = 0;
  /** When calls beyond the first may start: once every sender has had time for its first. */
  private extrasAt = 0;
  /**
   * `first`: this sender's probe was the window's first call, so the rest of the window is its to use (less
   * one call for the backup when others are there). `backup`: its probe came second; late in the window it
   * takes the call kept back for it.
   */
  private role: 'first' | 'backup' | undefined;
  /** This sender's calls of the new window that ended without a reply to read. */
  private unread = 0;
  /** The backup's looks late in the window that came back, the `remaining` of the latest and when. */
  private looks = 0;
  private lookR = 0;
  private lookedAt = 0;
  /** The backup saw no call of the first sender between its two looks: the first is done. */
  private idle = false;
  /** Calls of this sender the server admitted in this window. */
  private mine = 0;
  /** The earliest the current window can end (ms), from the replies. */
  private endLo = 0;
  /** A call's round trip (ms), smoothed. */
  private rtt = 0;
  /** When the latest reply of this window was read. */
  private seenAt = 0;
  /** The longest window seen (ms), to scale the jitter. */
  private span = 0;
  /** How far off a reply's reset may be: a second when the server rounds to whole seconds. */
  private slack = 100;
  private wake: (() => void)[] = [];

  /**
   * Waits until a call may start (or `signal` fires), counts it as in flight, and returns the start time
   * for {@link release}. `left`: how many more calls this sender has to make after this one. The fewer,
   * the later its probe within the jitter, so that the window goes first to a sender that can use it.
   */
  async acquire(signal?: AbortSignal | null, left = Infinity): Promise<number> {
    for (;;) {
      if (signal?.aborted) throw new APIUserAbortError();
      const now = Date.now();
      if (this.remaining !== undefined && now >= this.end) this.roll();
      let wait: number | undefined;
      let free = 0;
      const opens = this.remaining === undefined && this.openAt ? this.openAt + this.spread() * (0.25 * this.luck + 0.75 / (1 + left)) : 0;
      if (now < opens) wait = opens - now;
      else if (this.remaining === undefined) free = this.inFlight ? 0 : 1;
      else if (now < this.extrasAt) wait = this.extrasAt - now;
      else if (this.role === 'first') {
        // The probe's reply predates the others' probes: one call first, to read what they left. Then, if
        // others' calls were seen in this window, one call stays for the backup.
        const others = this.limit === undefined ? 0 : this.limit - this.remaining - this.mine;
        free = this.seenAt < this.extrasAt ? (this.inFlight ? 0 : 1) : this.remaining - this.inFlight - (others > 0 ? 1 : 0);
      } else if (this.role === 'backup') {
        // Late in the window, the call the first sender kept back. If calls are left, a second look a few
        // round trips later: nobody else's call in between means the first sender is done, and the rest is
        // this one's. Two senders taking the same last calls is what makes refusals.
        const lookAt = this.looks ? this.lookedAt + 2 * this.rtt : this.endLo - Math.max(4 * this.rtt, this.span / 20);
        if (this.inFlight) free = this.idle ? this.remaining - this.inFlight : 0;
        else if (this.idle) free = this.remaining;
        else if (this.looks > 1 || (this.looks === 1 && this.remaining <= 0)) free = 0;
        else if (now < lookAt) wait = lookAt - now;
        else free = 1;
      }
      // Nothing more for this sender in this window: only the reset (or a reply of its own) helps.
      if (free <= 0 && wait === undefined && this.remaining !== undefined && now >= opens && (this.remaining <= 0 || !this.inFlight)) wait = Math.max(0, this.end - now);
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
      if (this.remaining === undefined) this.unread += refused ? 0 : 1;
      else if (refused) this.remaining = 0;
      else {
        this.remaining = Math.max(0, this.remaining - 1);
        this.mine++;
      }
    } else {
      if (limit !== undefined) this.limit = limit;
      const resetAt = at + reset * 1000;
      this.rtt = this.rtt ? 0.8 * this.rtt + 0.2 * (at - sentAt) : at - sentAt;
      this.span = Math.max(this.span, reset * 1000);
      // Whole-second resets put an end up to a second late; replies past that belong to a new window.
      this.slack = Number.isInteger(reset) ? 1000 : 100;
      // The server read its clock between sentAt and at: a reset that ends past the current window even
      // counted from sentAt is a new window's.
      if (sentAt >= this.end || sentAt + reset * 1000 >= this.end + this.slack) {
        // The very first window: senders that start together each get their probe in before anyone's second call.
        if (this.remaining === undefined && !this.openAt) this.extrasAt = at + this.phase();
        if (this.remaining !== undefined) this.roll();
        this.end = resetAt;
        this.remaining = remaining;
        this.seenAt = at;
        this.endLo = sentAt + (reset * 1000 - this.slack);
        // This sender's own probes that came back unread may be the calls before this one.
        const before = this.limit === undefined ? 0 : this.limit - 1 - remaining - this.unread;
        this.mine = (refused ? 0 : 1) + this.unread;
        this.unread = 0;
        this.role = refused ? undefined : before <= 0 ? 'first' : before === 1 ? 'backup' : undefined;
      } else if (this.remaining !== undefined) {
        this.end = Math.min(this.end, resetAt);
        this.remaining = Math.min(this.remaining, remaining);
        this.seenAt = at;
        this.endLo = Math.max(this.endLo, sentAt + (reset * 1000 - this.slack));
        if (!refused) this.mine++;
        if (this.role === 'backup' && sentAt >= this.extrasAt && ++this.looks < 3) {
          if (this.looks === 2) this.idle = remaining === this.lookR - 1;
          this.lookR = remaining;
          this.lookedAt = at;
        }
      }
      // (Else a late reply of a window already over: it says nothing about the new one.)
    }
    if (refused && this.remaining !== undefined) this.remaining = 0;
    const waiting = this.wake;
    this.wake = [];
    for (const w of waiting) w();
  }

  /** The jitter of the probes: a tenth of the window, at most a second. */
  private spread(): number {
    return Math.min(this.span / 10, 1000);
  }

  /** Room for every sender's probe: the jitter, plus the rounding of the reset, within half the window. */
  private phase(): number {
    return Math.min(this.spread() + this.slack, this.span / 2);
  }

  /** The window is over: the next one opens with a probe after a random delay. */
  private roll(): void {
    this.remaining = undefined;
    this.role = undefined;
    this.looks = 0;
    this.idle = false;
    this.unread = 0;
    this.luck = Math.random();
    this.openAt = this.end;
    this.extrasAt = this.end + this.phase();
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
