// Callbacks from Jiguang to the user's server, on Web-standard Request/Response only (Web Crypto for
// hashing), so one handler runs in Workers, Deno, Bun, Vercel Edge and Node ≥ 20.
import { JiguangError } from '../errors/errors.js';
import { requireCredentials } from '../transport/auth.js';
import { env } from '../transport/platform.js';

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
  | 'malformed';

const STATUS: Record<WebhookFailure, number> = { method: 405, handshake: 400, auth: 401, signature: 401, timestamp: 401, missing: 400, malformed: 400 };

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
   * answered with a 4xx (see {@link WebhookFailure}) and `onEvent` is not called. If `onEvent` throws,
   * `handle` rejects with that error, so the framework answers 5xx and Jiguang delivers again later.
   */
  handle(request: Request, onEvent: (event: E) => unknown): Promise<Response>;
}

/** What a service configures: the checks of its URL check and of its event POSTs. */
export interface WebhookVerifier<E> {
  /** `jsms`, `jpush` or `ums`, for messages. */
  service: string;
  /** Run before echoing `echostr` (UMS and JPush send their Basic credentials with the URL check). */
  handshake?(request: Request): void | Promise<void>;
  /** Verifies a POST and parses it into events; throws {@link WebhookVerificationError}. */
  verify(request: Request): Promise<E>;
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

/** Lower-case hex SHA-1 of the UTF-8 text, through Web Crypto. */
export const sha1Hex = async (text: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
};

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

/** The request body as text; a body that cannot be read is a {@link WebhookVerificationError}. */
export const readBody = async (service: string, request: Request): Promise<string> => {
  try {
    return await request.text();
  } catch (e) {
    throw new WebhookVerificationError('malformed', `${service} callback: the body could not be read (${(e as Error)?.name ?? 'error'})`);
  }
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
export const readJsonRecords = async <T>(service: string, request: Request): Promise<T[]> => {
  const value = parseJson(service, 'the body', await readBody(service, request));
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
        `${service} callback: events come as POST, got ${request.method}${request.method === 'GET' ? ' (the GET ?echostr= URL check is answered by handle())' : ''}`,
      );
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
      let event: E;
      try {
        if (request.method === 'GET') return await echo(request);
        event = await unwrap(request);
      } catch (e) {
        if (!(e instanceof WebhookVerificationError)) throw e;
        return new Response(e.message, { status: e.status, headers: e.status === 405 ? { ...TEXT, allow: 'GET, POST' } : TEXT });
      }
      await onEvent(event);
      return new Response(null, { status: 200 });
    },
  };
};

/** Webhooks that need only Basic auth and a JSON body of records (UMS status reports, JPush receipts). */
export const basicAuthWebhooks = <T>(service: string, username: string, password: string): WebhookHandler<T[]> => {
  const check = basicAuthCheck(service, username, password);
  return createWebhooks({
    service,
    handshake: check,
    async verify(request) {
      check(request);
      return readJsonRecords<T>(service, request);
    },
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
export interface SignedFormOptions {
  /** The app key the callbacks are signed for. */
  appKey: string;
  /** That app's master secret. */
  masterSecret: string;
  /**
   * How far `timestamp` (epoch **milliseconds**) may lie from this server's clock, either way, in ms.
   * Default 300 000 (5 minutes); `Infinity` turns the replay check off.
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

/**
 * Verifies a form POST signed as JSMS signs callbacks: `signature` = lower-case hex SHA-1 of
 * `appKey={appKey}&appMasterSecret={masterSecret}&nonce={nonce}&timestamp={timestamp}`, with
 * `timestamp` in epoch milliseconds inside the tolerance window. The signature does not cover
 * `type` and `data`, which is why the window is kept short by default.
 */
export const verifySignedForm = async (service: string, request: Request, options: SignedFormOptions): Promise<SignedForm> => {
  const form = new URLSearchParams(await readBody(service, request));
  const missing = FORM_FIELDS.filter((f) => !form.get(f));
  if (missing.length) throw new WebhookVerificationError('missing', `${service} callback: missing form field(s) ${missing.join(', ')}`);
  const [nonce, timestamp, signature] = [form.get('nonce')!, form.get('timestamp')!, form.get('signature')!];
  if (!/^-?\d{1,19}$/.test(nonce)) throw new WebhookVerificationError('malformed', `${service} callback: nonce must be a decimal integer`);
  if (!/^\d{1,16}$/.test(timestamp)) throw new WebhookVerificationError('malformed', `${service} callback: timestamp must be epoch milliseconds`);
  const expected = await sha1Hex(`appKey=${options.appKey}&appMasterSecret=${options.masterSecret}&nonce=${nonce}&timestamp=${timestamp}`);
  if (!timingSafeEqual(signature.toLowerCase(), expected)) {
    throw new WebhookVerificationError('signature', `${service} callback: signature does not match this app's key pair`);
  }
  // Checked after the signature, so an unsigned request learns nothing about the clock.
  const skew = Date.now() - Number(timestamp);
  const tolerance = options.tolerance ?? 300_000;
  if (Math.abs(skew) > tolerance) {
    throw new WebhookVerificationError(
      'timestamp',
      `${service} callback: timestamp is ${Math.round(Math.abs(skew) / 1000)} s in the ${skew > 0 ? 'past' : 'future'}, outside the ${Math.round(tolerance / 1000)} s window`,
    );
  }
  return { nonce, timestamp: Number(timestamp), type: form.get('type')!, data: form.get('data')! };
};

