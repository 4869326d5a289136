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

/** Base class of every error this SDK throws. */
export class JiguangError extends Error {
  override name = 'JiguangError';
}

/**
 * The server answered with an error: a non-2xx status, or a business `code ≠ 0` under HTTP 200
 * (UMS, JPush quota/template/plan endpoints). Subclasses narrow it by status.
 */
export class APIError extends JiguangError {
  override name = 'APIError';
  constructor(
    /** HTTP status (200 for business-code errors). */
    readonly status: number,
    /** The vendor's business code (`error.code` or top-level `code`), when the body has one. */
    readonly code: number | undefined,
    message: string,
    /** The parsed response body (JSON when possible, else text). */
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
export class BadRequestError extends APIError { override name = 'BadRequestError'; }
/** HTTP 401: the key pair was missing or wrong. */
export class AuthenticationError extends APIError { override name = 'AuthenticationError'; }
/** HTTP 403: understood but refused (blacklist, VIP-only, business rule such as JSMS 50013). */
export class PermissionDeniedError extends APIError { override name = 'PermissionDeniedError'; }
/** HTTP 404. */
export class NotFoundError extends APIError { override name = 'NotFoundError'; }
/** HTTP 422: the request broke the schema (reported by mocks and validating proxies). */
export class UnprocessableEntityError extends APIError { override name = 'UnprocessableEntityError'; }
/** HTTP 429, or a vendor rate code under any status (JPush 2002, UMS 1015029/1015030, JSMS 50009/50201). */
export class RateLimitError extends APIError { override name = 'RateLimitError'; }
/** HTTP ≥ 500. */
export class InternalServerError extends APIError { override name = 'InternalServerError'; }

/** The request could not be completed (DNS, refused, reset…); `cause` holds the runtime's error. */
export class APIConnectionError extends JiguangError {
  override name = 'APIConnectionError';
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** An attempt exceeded its `timeout`. */
export class APITimeoutError extends APIConnectionError {
  override name = 'APITimeoutError';
  constructor(options?: { cause?: unknown }) {
    super('Request timed out.', options);
  }
}
/** The caller's `AbortSignal` fired. */
export class APIUserAbortError extends JiguangError {
  override name = 'APIUserAbortError';
  constructor() {
    super('Request was aborted.');
  }
}
/** Raised locally, before anything is sent: `path` names the field, `rule` the rule it broke. */
export class RequestValidationError extends JiguangError {
  override name = 'RequestValidationError';
  constructor(
    /** Dotted path of the offending field, e.g. `body.option.white_id`. */
    readonly path: string,
    /** The rule that was broken. */
    readonly rule: string,
  ) {
    super(`${path}: ${rule}`);
  }
}

/** Vendor codes that mean "slow down", whatever the HTTP status. */
export const RATE_LIMIT_CODES = new Set([2002, 1015029, 1015030, 50009, 50201]);
/** Rate codes whose window is short enough that waiting and retrying makes sense. */
export const RETRYABLE_RATE_CODES = new Set([2002, 1015030, 50201]);

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

/** The vendor business code carried by a body, if any. */
export const codeOf = (body: unknown): number | undefined => {
  const b = body as Body | undefined;
  const c = b?.error?.code ?? b?.code;
  return typeof c === 'number' ? c : typeof c === 'string' && c && !isNaN(+c) ? +c : undefined;
};

/** Builds the right APIError subclass for a response body. */
export const makeAPIError = (
  status: number,
  body: unknown,
  headers: Headers,
  service: string,
  operationId: string,
): APIError => {
  const b = (body && typeof body === 'object' ? body : {}) as Body;
  const code = codeOf(b);
  // Validating proxies (Prism) name each offending field: in a problem+json body, or in the
  // `sl-violations` header next to the spec's example error body.
  let violations = b.validation;
  try {
    violations ??= JSON.parse(headers.get('sl-violations') ?? 'null') ?? undefined;
  } catch {}
  const detail = violations?.length
    ? violations.map((v) => `${(v.location ?? []).filter((l) => l !== 'request').join('.')}: ${v.message}`).join('; ')
    : undefined;
  const text =
    (b.error?.message as string) ??
    (b.message as string) ??
    (b.detail as string) ??
    (b.title as string) ??
    (typeof body === 'string' && body ? body.slice(0, 200) : 'status code ' + status);
  const Ctor =
    status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))
      ? RateLimitError
      : status >= 500
        ? InternalServerError
        : (byStatus[status] ?? APIError);
  const message = `${status}${code !== undefined ? ` [${code}]` : ''} ${detail ? `invalid request: ${detail} (${text})` : text}`;
  return new Ctor(status, code, message, body, headers, service, operationId);
};
