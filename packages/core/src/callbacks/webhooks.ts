// Callbacks from Jiguang to the user's server, on Web-standard Request/Response only (Web Crypto for
// hashing), so one handler runs in Workers, Deno, Bun, Vercel Edge and Node ≥ 20.
import { JiguangError, RequestValidationError } from '../errors/errors.js';
import { requireCredentials } from '../transport/auth.js';
import { env } from '../transport/platform.js';
import { readCapped } from '../transport/read.js';

/** Why a callback was refused: the HTTP status {@link WebhookHandler.handle} answers follows from it. */
export type WebhookFailure =
  /** Not a POST (events) nor a GET (URL check): 405. */
  | 'method'
  /** A GET without a usable `echostr`: 400. */
  | 'handshake'
  /** Missing or wrong `Authorization: Basic …` (UMS, JPush): 401. */
  | 'auth'
  /** JSMS `signature` does not match: 401. */
  | 'signature'
  /** JSMS `timestamp` outside the accepted window (a replay, or a clock far off): 401. */
  | 'timestamp'
  /** A required field is absent: 400. */
  | 'missing'
  /** The body or a field cannot be parsed: 400. */
  | 'malformed'
  /** The body is larger than `maxBodyBytes`: 413. */
  | 'size'
  /** The `Content-Type` is not what the service sends: 415. */
  | 'contentType';

const STATUS: Record<WebhookFailure, number> = { method: 405, handshake: 400, auth: 401, signature: 401, timestamp: 401, missing: 400, malformed: 400, size: 413, contentType: 415 };

/**
 * A callback failed verification or could not be parsed. Never carries a secret, a signature
 * or the credentials that were expected; `reason` says which check failed, `status` what
 * {@link WebhookHandler.handle} answers.
 */
export class WebhookVerificationError extends JiguangError {
  /** Always `'WebhookVerificationError'`, also after minification. */
  override name = 'WebhookVerificationError';
  /** The 4xx status answered for this failure. */
  readonly status: number;
  /** Raised by `unwrap()`; `handle()` turns it into its 4xx `Response`. */
  constructor(
    /** Which check failed. */
    readonly reason: WebhookFailure,
    message: string,
  ) {
    super(message);
    this.status = STATUS[reason];
  }
}

/** Verified callbacks of one service: a Web `Request` in, typed events or a `Response` out. */
export interface WebhookHandler<E> {
  /**
   * Verifies a callback POST and returns its typed event(s); rejects with
   * {@link WebhookVerificationError} when a check fails. The URL check (`GET ?echostr=`) carries no
   * event: answer it with {@link WebhookHandler.handle}.
   */
  unwrap(request: Request): Promise<E>;
  /**
   * Answers one callback request completely: the `GET ?echostr=` URL check is echoed, a POST is
   * verified and `onEvent` called with its typed event(s), then 200 is answered. A failed check is
   * answered with a 4xx (see {@link WebhookFailure}) and `onEvent` is not called. A callback already
   * handled (same signed nonce and timestamp, or a record seen before when `dedupe` is on) is answered
   * 200 without calling `onEvent`. If `onEvent` (or the replay store) throws, nothing is recorded and
   * `handle` rejects with that error, so the framework answers 5xx and Jiguang delivers again later.
   * `unwrap` does not consult the replay store: only `handle` knows whether the event was handled.
   */
  handle(request: Request, onEvent: (event: E) => unknown): Promise<Response>;
}

/** What a service configures: the checks of its URL check and of its event POSTs. */
export interface WebhookVerifier<E> {
  /** `jsms`, `jpush` or `ums`, for messages. */
  service: string;
  /** The media types accepted; another `Content-Type` is answered 415 (a missing one is let through). */
  contentType: RegExp;
  /** The media type Jiguang sends, for that message. */
  sends: string;
  /** Run before echoing `echostr` (UMS and JPush send their Basic credentials with the URL check). */
  handshake?(request: Request): void | Promise<void>;
  /** Verifies a POST and parses it into events; throws {@link WebhookVerificationError}. */
  verify(request: Request): Promise<E>;
  /**
   * Records a verified event in the replay store before `onEvent` runs. Resolves to what is new
   * (`undefined` when all of it was handled before) and a `release` that forgets the records again,
   * called when `onEvent` throws so that Jiguang's redelivery is handled.
   */
  claim?(event: E): Promise<{ event: E | undefined; release(): Promise<unknown> }>;
}

/**
 * Where handled callbacks are remembered, so that a replay or a redelivery does not reach `onEvent` twice.
 * Share one store between instances (processes, Workers, regions) to protect them all: any store with an
 * atomic "set if absent, with expiry" works — Redis `SET key 1 NX PX ttl`, a Cloudflare Durable Object,
 * a database row with a unique key. See {@link memoryReplayStore} for the default.
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttlMs` milliseconds if it is not recorded yet. Resolves `true` when this call
   * recorded it (the callback is new), `false` when it was already there (a duplicate). Must be atomic:
   * of two concurrent claims of one key, exactly one resolves `true`.
   */
  claim(key: string, ttlMs: number): boolean | Promise<boolean>;
  /** Forgets `key` (its `onEvent` failed), so that the redelivery of that callback is handled. */
  release(key: string): unknown;
}

/**
 * The default {@link ReplayStore}: in this process's memory, bounded in time (each key expires after its
 * `ttlMs`) and in size (past `maxEntries`, default 50 000 — a few MB at most — the oldest key is dropped).
 * Only verified callbacks are recorded, so strangers cannot fill it. It protects one handler instance; for
 * several processes or Workers, share a store instead.
 */
export const memoryReplayStore = (options: { maxEntries?: number } = {}): ReplayStore => {
  const max = options.maxEntries ?? 50_000;
  // Insertion order: the first key is the oldest, so it is the one dropped when full.
  const keys = new Map<string, number>();
  return {
    claim(key, ttlMs) {
      const now = Date.now();
      if ((keys.get(key) ?? 0) > now) return false;
      keys.delete(key);
      keys.set(key, now + ttlMs);
      for (const [k, until] of keys) {
        if (keys.size <= max && until > now) break;
        keys.delete(k);
      }
      return true;
    },
    release: (key) => keys.delete(key),
  };
};

/**
 * Claims each key in `store` for `ttlMs`; resolves which keys were new and a `release` for those.
 * A store that fails releases what it had claimed and rethrows, so nothing half-recorded remains.
 */
export const claimKeys = async (store: ReplayStore, keys: string[], ttlMs: number) => {
  const fresh: boolean[] = [];
  const release = () => Promise.all(keys.filter((_, i) => fresh[i]).map((k) => store.release(k)));
  try {
    for (const key of keys) fresh.push(await store.claim(key, ttlMs));
  } catch (e) {
    await release().catch(() => undefined);
    throw e;
  }
  return { fresh, release };
};

/**
 * The default `maxBodyBytes`, 1 MiB. The largest documented callback is a UMS batch of up to 100 status
 * records: about 300 bytes each with every documented field, plus the echoed `callback.params` — allowing
 * 2.5 KB per record, 256 KB; four times that leaves room for long params and JPush receipts.
 */
export const MAX_CALLBACK_BYTES = 1_048_576;

/**
 * A handler option that must be a positive number (`maxBodyBytes`, `tolerance`): `value`, or `fallback`
 * when absent. Anything else is refused with a {@link RequestValidationError} when the handler is made.
 */
export const positiveOption = (name: string, value: number | undefined, fallback: number): number => {
  const v = value ?? fallback;
  if (!(v > 0)) throw new RequestValidationError(name, `must be a positive number, got ${String(value).slice(0, 20)}`);
  return v;
};

/** Options every callback handler takes. */
export interface WebhookLimits {
  /**
   * The largest body accepted, in bytes; a longer one is answered 413 and not read further (`Content-Length`
   * is checked before reading, the bytes are counted as they arrive). Default {@link MAX_CALLBACK_BYTES} (1 MiB).
   */
  maxBodyBytes?: number;
}

const encoder = new TextEncoder();
const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
// Jiguang sends 8 (JSMS) or 32 (UMS) characters; anything much longer is not a URL check.
const MAX_ECHOSTR = 256;

/**
 * Compares two strings in time that depends only on the length of `expected`, so that a caller
 * cannot learn a secret byte by byte from response times.
 */
export const timingSafeEqual = (given: string, expected: string): boolean => {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
};

/** Lower-case hex digest of the UTF-8 text, through Web Crypto. */
const digestHex = async (algorithm: string, text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
};

/** Lower-case hex SHA-1 of the UTF-8 text, through Web Crypto. */
export const sha1Hex = (text: string): Promise<string> => digestHex('SHA-1', text);

/** A check that the request carries `Authorization: Basic base64(username:password)` (UTF-8). */
export const basicAuthCheck = (service: string, username: string, password: string): ((request: Request) => void) => (request: Request): void => {
  const match = /^basic\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  let given = '';
  try {
    if (match) given = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)));
  } catch {
    // Not base64 or not UTF-8: compared as empty, so it fails like any wrong value.
  }
  if (!timingSafeEqual(given, `${username}:${password}`)) {
    throw new WebhookVerificationError('auth', `${service} callback: ${match ? 'the Basic credentials do not match this client' : 'no Basic Authorization header'}`);
  }
};

/**
 * The request body as UTF-8 text, at most `limit` bytes: a `Content-Length` over it is refused before
 * reading, and a body that grows past it while streaming is cancelled there, so no more than `limit`
 * bytes are ever held. Over the limit → `size` (413); a body that cannot be read → `malformed` (400).
 */
export const readBody = async (service: string, request: Request, limit = MAX_CALLBACK_BYTES): Promise<string> => {
  let text: string | undefined;
  try {
    text = await readCapped(request, limit);
  } catch (e) {
    throw new WebhookVerificationError('malformed', `${service} callback: the body could not be read (${(e as Error)?.name ?? 'error'})`);
  }
  if (text !== undefined) return text;
  const declared = request.headers.get('content-length');
  throw new WebhookVerificationError('size', `${service} callback: ${Number(declared) > limit ? `Content-Length ${declared!.slice(0, 20)} is over` : 'the body passed'} the ${limit}-byte limit (maxBodyBytes)`);
};

/** Parses JSON text; `what` names the field for the error. */
export const parseJson = (service: string, what: string, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('malformed', `${service} callback: ${what} is not valid JSON`);
  }
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body as a JSON array of objects (a lone object counts as one). */
export const readJsonRecords = async <T>(service: string, request: Request, limit?: number): Promise<T[]> => {
  const value = parseJson(service, 'the body', await readBody(service, request, limit));
  const list = Array.isArray(value) ? value : [value];
  if (!list.every(isObject)) throw new WebhookVerificationError('malformed', `${service} callback: the body must be a JSON object or an array of objects`);
  return list as T[];
};

/** Builds `unwrap` and `handle` from a service's checks. */
export const createWebhooks = <E>(verifier: WebhookVerifier<E>): WebhookHandler<E> => {
  const { service } = verifier;
  const unwrap = async (request: Request): Promise<E> => {
    if (request.method !== 'POST') {
      throw new WebhookVerificationError(
        'method',
        `${service} callback: events come as POST, got ${request.method.slice(0, 20)}${request.method === 'GET' ? ' (the GET ?echostr= URL check is answered by handle())' : ''}`,
      );
    }
    const type = request.headers.get('content-type');
    if (type && !verifier.contentType.test(type)) {
      request.body?.cancel().catch(() => undefined);
      throw new WebhookVerificationError('contentType', `${service} callback: Content-Type ${JSON.stringify(type.slice(0, 60))} is not what Jiguang sends (${verifier.sends})`);
    }
    return verifier.verify(request);
  };
  const echo = async (request: Request): Promise<Response> => {
    await verifier.handshake?.(request);
    const echostr = new URL(request.url).searchParams.get('echostr');
    if (!echostr || echostr.length > MAX_ECHOSTR) {
      throw new WebhookVerificationError('handshake', `${service} callback: a GET is the URL check and needs echostr (1–${MAX_ECHOSTR} characters)`);
    }
    return new Response(echostr, { status: 200, headers: TEXT });
  };
  return {
    unwrap,
    async handle(request, onEvent) {
      let event: E | undefined;
      try {
        if (request.method === 'GET') return await echo(request);
        event = await unwrap(request);
      } catch (e) {
        if (!(e instanceof WebhookVerificationError)) throw e;
        return new Response(e.message, { status: e.status, headers: e.status === 405 ? { ...TEXT, allow: 'GET, POST' } : TEXT });
      }
      // Claimed before onEvent, so of two identical requests at once only one gets through.
      const claimed = verifier.claim ? await verifier.claim(event) : undefined;
      if (claimed) event = claimed.event;
      if (event !== undefined) {
        try {
          await onEvent(event);
        } catch (e) {
          await claimed?.release();
          throw e;
        }
      }
      return new Response(null, { status: 200 });
    },
  };
};

/** A batch of records with its new part claimed in a replay store (see {@link dedupeRecords}). */
export type RecordClaim = <T>(service: string, records: T[]) => Promise<{ event: T[] | undefined; release(): Promise<unknown> }>;

/** Options of the callbacks whose records carry their own IDs (UMS status reports, JPush receipts). */
export interface RecordWebhooksOptions extends WebhookLimits {
  /**
   * Drops records already handled before `onEvent` sees the batch: `dedupe: dedupeRecords()`. Off by
   * default (see {@link dedupeRecords}).
   */
  dedupe?: RecordClaim;
}

/**
 * Record-level de-duplication for UMS status reports and JPush receipts: a record identical to one
 * handled in the last hour (UMS redelivers a failed batch every 50 s, up to 3 times) is dropped before
 * `onEvent` sees the batch, and a batch with nothing new is answered 200 without calling `onEvent`.
 * Records carry the message ID, type, recipient and time, so two different events never look the same.
 * `store` defaults to a {@link memoryReplayStore} for this process; pass a shared one for several.
 * Kept out of the handlers so that it costs nothing unless used.
 */
export const dedupeRecords = (store: ReplayStore = memoryReplayStore(), ttlMs = HOUR): RecordClaim => async (service, records) => {
  const keys = await Promise.all(records.map(async (r) => `${service}:${await digestHex('SHA-256', JSON.stringify(r))}`));
  const { fresh, release } = await claimKeys(store, keys, ttlMs);
  const news = records.filter((_, i) => fresh[i]);
  return { event: news.length ? news : undefined, release };
};

// Accepted bodies: JSON, and text types a proxy may relabel it as.
const JSON_TYPES = /^(application\/([\w.-]+\+)?json|text\/plain|application\/octet-stream)\b/i;
const HOUR = 3_600_000;

/** Webhooks that need only Basic auth and a JSON body of records (UMS status reports, JPush receipts). */
export const basicAuthWebhooks = <T>(service: string, username: string, password: string, options: RecordWebhooksOptions = {}): WebhookHandler<T[]> => {
  const check = basicAuthCheck(service, username, password);
  const limit = positiveOption('maxBodyBytes', options.maxBodyBytes, MAX_CALLBACK_BYTES);
  const dedupe = options.dedupe;
  return createWebhooks<T[]>({
    service,
    contentType: JSON_TYPES,
    sends: 'application/json',
    handshake: check,
    async verify(request) {
      check(request);
      return readJsonRecords<T>(service, request, limit);
    },
    claim: dedupe && ((records) => dedupe(`${service}:${username}`, records)),
  });
};

/**
 * The credentials a webhook factory was given, else read from the environment variable named for each
 * (Node, Deno, Bun); throws a {@link JiguangError} naming whatever is still missing.
 */
export const webhookCredentials = <K extends string>(service: string, given: Partial<Record<NoInfer<K>, string>>, envNames: Record<K, string>): Record<K, string> => {
  const values = {} as Record<K, string | undefined>;
  for (const k in envNames) values[k] = given[k] ?? env(envNames[k]);
  requireCredentials(`${service} webhooks`, values, Object.values(envNames));
  return values as Record<K, string>;
};

/** Options of a JSMS-style signed form callback. */
export interface SignedFormOptions extends WebhookLimits {
  /** The app key the callbacks are signed for. */
  appKey: string;
  /** That app's master secret. */
  masterSecret: string;
  /**
   * How far `timestamp` (epoch **milliseconds**) may lie from this server's clock, either way, in ms.
   * Default 300 000 (5 minutes); `Infinity` turns the timestamp check off.
   */
  tolerance?: number;
}

/** The verified form of a JSMS-style callback: `nonce`, `timestamp` and the still-unparsed `type` and `data`. */
export interface SignedForm {
  /** Jiguang's random Java `long`, as sent (text). */
  nonce: string;
  /** When Jiguang signed the callback, epoch milliseconds. */
  timestamp: number;
  /** The notification type, not yet checked against the service's list. */
  type: string;
  /** The still-unparsed JSON text of the notification. */
  data: string;
}

const FORM_FIELDS = ['nonce', 'timestamp', 'signature', 'type', 'data'] as const;
const TOLERANCE = 300_000;
/** The form content type JSMS sends. */
export const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;
const quote = (v: string) => JSON.stringify(v.slice(0, 40));

/**
 * Verifies a form POST signed as JSMS signs callbacks: `signature` = lower-case hex SHA-1 of
 * `appKey={appKey}&appMasterSecret={masterSecret}&nonce={nonce}&timestamp={timestamp}`, with
 * `timestamp` in epoch milliseconds inside the tolerance window. The signature does not cover
 * `type` and `data`: a captured callback could be sent again with other data while its timestamp is
 * fresh, which is why {@link signedFormClaim} records each handled (nonce, timestamp).
 */
export const verifySignedForm = async (service: string, request: Request, options: SignedFormOptions): Promise<SignedForm> => {
  const form = new URLSearchParams(await readBody(service, request, options.maxBodyBytes));
  const missing = FORM_FIELDS.filter((f) => !form.get(f));
  if (missing.length) throw new WebhookVerificationError('missing', `${service} callback: missing form field(s) ${missing.join(', ')}`);
  const [nonce, timestamp, signature] = [form.get('nonce')!, form.get('timestamp')!, form.get('signature')!];
  if (!/^-?\d{1,19}$/.test(nonce)) throw new WebhookVerificationError('malformed', `${service} callback: nonce ${quote(nonce)} is not a decimal integer`);
  if (!/^\d{1,16}$/.test(timestamp)) throw new WebhookVerificationError('malformed', `${service} callback: timestamp ${quote(timestamp)} is not epoch milliseconds`);
  const expected = await sha1Hex(`appKey=${options.appKey}&appMasterSecret=${options.masterSecret}&nonce=${nonce}&timestamp=${timestamp}`);
  if (!timingSafeEqual(signature.toLowerCase(), expected)) {
    throw new WebhookVerificationError('signature', `${service} callback: signature does not match this app's key pair`);
  }
  // Checked after the signature, so an unsigned request learns nothing about the clock.
  const ts = Number(timestamp);
  const skew = Date.now() - ts;
  const tolerance = options.tolerance ?? TOLERANCE;
  if (Math.abs(skew) > tolerance) {
    const s = Math.round(Math.abs(skew) / 1000);
    throw new WebhookVerificationError(
      'timestamp',
      ts < 1e11
        ? `${service} callback: timestamp ${timestamp} looks like seconds; Jiguang sends milliseconds`
        : `${service} callback: timestamp is ${s} s${s >= 3600 ? ` (${(s / 3600).toFixed(1)} h)` : ''} in the ${skew > 0 ? 'past' : 'future'}, outside the ${Math.round(tolerance / 1000)} s window (the tolerance option); check this server's clock`,
    );
  }
  return { nonce, timestamp: ts, type: form.get('type')!, data: form.get('data')! };
};

/**
 * The replay-store claim of a verified signed form, keyed by app key, nonce and timestamp and kept for as
 * long as that timestamp stays inside the tolerance window (a day when the window is off), so a replay
 * is refused for the whole time it could otherwise pass.
 */
export const signedFormClaim =
  <E extends { nonce: string; timestamp: number }>(service: string, appKey: string, store: ReplayStore, tolerance = TOLERANCE) =>
  async (event: E) => {
    const ttl = Number.isFinite(tolerance) ? event.timestamp + tolerance - Date.now() + 1000 : 24 * HOUR;
    const { fresh, release } = await claimKeys(store, [`${service}:${appKey}:${event.nonce}:${event.timestamp}`], ttl);
    return { event: fresh[0] ? event : undefined, release };
  };
