import { RATE_LIMIT_CODES, readRateLimit, type RateLimit } from './rate-limit.js';

/** Longest error message or log line the SDK writes; the full response stays on `err.body`. */
export const MAX_TEXT = 500;

/** Cuts `text` to {@link MAX_TEXT} characters, saying how much was left out. */
export const bound = (text: string, max = MAX_TEXT): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;

/** Base class of every error this SDK throws. */
export class JiguangError extends Error {
  /** Always `'JiguangError'`, also after minification. */
  override name = 'JiguangError';
  /**
   * `true` when the request may have reached the server and been acted on: a send that failed this way
   * (timeout, connection lost after sending, 5xx, unreadable reply) may have been delivered, so repeating
   * it yourself could deliver it twice — unless it carried an {@link idempotencyKey}. `false` when the
   * server provably did nothing (validation, refused connection, 4xx, rate-limit refusals).
   */
  mayHaveBeenProcessed = false;
  /**
   * The idempotency key (JPush `cid`) the request carried, if any. Send the same body again with this key
   * and the server answers with the first result instead of acting twice.
   */
  idempotencyKey?: string;
}

/**
 * The server answered with an error: a non-2xx status, a business error under HTTP 200 (UMS `code ≠ 0`,
 * JSMS/JPush `{"error":{…}}`), or a success status whose body could not be read as the API promises.
 * Subclasses narrow it by status.
 */
export class APIError extends JiguangError {
  /** Always `'APIError'`, also after minification. */
  override name = 'APIError';
  /** Built by the client from a reply; rarely constructed by hand (tests, custom fetch wrappers). */
  constructor(
    /** HTTP status (200 for business-code errors). */
    readonly status: number,
    /** The vendor's business code (`error.code` or top-level `code`), when the body has one. */
    readonly code: number | undefined,
    message: string,
    /** The parsed response body (JSON when possible, else the raw text). */
    readonly body: unknown,
    /** Response headers. */
    readonly headers: Headers,
    /** Which service answered: `jsms`, `jpush` or `ums`. */
    readonly service: string,
    /** The operationId of the call. */
    readonly operationId: string,
    /** Rate-limit state read from the response headers. */
    readonly rateLimit: RateLimit = readRateLimit(headers),
  ) {
    super(message);
  }
}
/** HTTP 400. */
export class BadRequestError extends APIError {
  /** Always `'BadRequestError'`. */ override name = 'BadRequestError';
}
/** HTTP 401: the key pair was missing or wrong. */
export class AuthenticationError extends APIError {
  /** Always `'AuthenticationError'`. */ override name = 'AuthenticationError';
}
/** HTTP 403: understood but refused (blacklist, VIP-only, business rule such as JSMS 50013). */
export class PermissionDeniedError extends APIError {
  /** Always `'PermissionDeniedError'`. */ override name = 'PermissionDeniedError';
}
/** HTTP 404. */
export class NotFoundError extends APIError {
  /** Always `'NotFoundError'`. */ override name = 'NotFoundError';
}
/** HTTP 422: the request broke the schema (reported by mocks and validating proxies). */
export class UnprocessableEntityError extends APIError {
  /** Always `'UnprocessableEntityError'`. */ override name = 'UnprocessableEntityError';
}
/** HTTP 429, or a vendor rate code under any status (JPush 2002, UMS 1015029/1015030, JSMS 50009/50201). */
export class RateLimitError extends APIError {
  /** Always `'RateLimitError'`. */ override name = 'RateLimitError';
}
/** HTTP ≥ 500. */
export class InternalServerError extends APIError {
  /** Always `'InternalServerError'`. */ override name = 'InternalServerError';
}

/** The request could not be completed (DNS, refused, reset, cut mid-body…); `cause` holds the runtime's error. */
export class APIConnectionError extends JiguangError {
  /** Always `'APIConnectionError'`, also after minification. */
  override name = 'APIConnectionError';
  /** `cause` is the runtime's own error (a `TypeError` from fetch, Deno's `NotCapable`, …). */
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** An attempt exceeded its `timeout` (headers and body together). */
export class APITimeoutError extends APIConnectionError {
  /** Always `'APITimeoutError'`, also after minification. */
  override name = 'APITimeoutError';
  /** `cause` is the abort reason the timer gave, if any. */
  constructor(options?: { cause?: unknown }) {
    super('Request timed out.', options);
  }
}
/** The caller's `AbortSignal` fired: before sending, while waiting, or while the response arrived. */
export class APIUserAbortError extends JiguangError {
  /** Always `'APIUserAbortError'`, also after minification. */
  override name = 'APIUserAbortError';
  constructor() {
    super('Request was aborted.');
  }
}

/** One broken rule found by local validation. */
export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `body.audience.registration_id`. */
  path: string;
  /** The rule that was broken. */
  rule: string;
}

/** Raised locally, before anything is sent: `path` names the field, `rule` the rule it broke. */
export class RequestValidationError extends JiguangError {
  /** Always `'RequestValidationError'`, also after minification. */
  override name = 'RequestValidationError';
  /** Every issue found (the first one is {@link path}/{@link rule}). */
  readonly issues: readonly ValidationIssue[];
  /** Names the first broken rule; `issues` lists them all when there are several. */
  constructor(
    /** Dotted path of the offending field, e.g. `body.option.white_id`. */
    readonly path: string,
    /** The rule that was broken. */
    readonly rule: string,
    issues?: readonly ValidationIssue[],
  ) {
    super(bound(`${path}: ${rule}${issues && issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`));
    this.issues = issues ?? [{ path, rule }];
  }
}

const byStatus: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

type Body = {
  code?: unknown;
  message?: unknown;
  error?: { code?: unknown; message?: unknown };
  detail?: unknown;
  title?: unknown;
  validation?: { location?: unknown[]; message?: string }[];
};

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The vendor business code carried by a body, if any. */
export const codeOf = (body: unknown): number | undefined => {
  const b = body as Body | undefined;
  const c = b?.error?.code ?? b?.code;
  return typeof c === 'number' ? c : typeof c === 'string' && c && !isNaN(+c) ? +c : undefined;
};

/** Builds the right {@link APIError} subclass for a response body; `reason` overrides the body's own text. */
export const makeAPIError = (
  status: number,
  body: unknown,
  headers: Headers,
  service: string,
  operationId: string,
  reason?: string,
): APIError => {
  const b = (body && typeof body === 'object' ? body : {}) as Body;
  const code = codeOf(b);
  // Validating proxies (Prism) name each offending field: in a problem+json body, or in the
  // `sl-violations` header next to the spec's example error body.
  let violations = b.validation;
  try {
    violations ??= JSON.parse(headers.get('sl-violations') ?? 'null') ?? undefined;
  } catch {}
  const detail = Array.isArray(violations)
    ? violations.map((v) => `${(v.location ?? []).filter((l) => l !== 'request').join('.')}: ${v.message}`).join('; ')
    : undefined;
  const text =
    reason ??
    str(b.error?.message) ??
    str(b.message) ??
    str(b.detail) ??
    str(b.title) ??
    (typeof body === 'string' && body ? body : 'status code ' + status);
  const Ctor =
    status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))
      ? RateLimitError
      : status >= 500
        ? InternalServerError
        : (byStatus[status] ?? APIError);
  const message = `${status}${code !== undefined ? ` [${code}]` : ''} ${detail ? `invalid request: ${detail} (${text})` : text}`;
  return new Ctor(status, code, bound(message), body, headers, service, operationId);
};
