/**
 * One operation as derived from the OpenAPI document by `scripts/generate/manifest.mjs`
 * (short keys keep the shipped descriptors small).
 */
export interface Operation {
  /** The operationId. */
  readonly id: string;
  /** HTTP method. */
  readonly m: string;
  /** Path template (default region). */
  readonly p: string;
  /** Security scheme names, in the spec's order of preference. */
  readonly s: readonly string[];
  /** Body encoding: `json` or `form` (multipart); absent when the operation takes no body. */
  readonly f?: 'json' | 'form';
  /** The request body is required. */
  readonly rb?: 1;
  /** Retry safety stated by the spec (`x-jiguang-idempotent`): 1 = safe to repeat, 0 = never; absent = by method (POST unsafe). */
  readonly i?: 0 | 1;
  /** Body field that makes a repeat safe (`x-jiguang-idempotency-key`, JPush `cid`). */
  readonly k?: string;
  /** Which key pool fills that field when the caller leaves it out (`x-jiguang-idempotency-pool`). */
  readonly kp?: string;
  /** The reply carries a business `code` where 0 = success (`x-jiguang-business-code`). */
  readonly b?: 1;
  /** The success reply has no body. */
  readonly e?: 1;
  /** Request-body properties holding 64-bit IDs that the wire carries as JSON numbers. */
  readonly ni?: readonly string[];
  /** Response properties holding 64-bit IDs (handed out as decimal strings). */
  readonly no?: readonly string[];
  /** Hosts by region: `[default, beijing?]` (JPush path-level `servers`). */
  readonly h?: readonly string[];
  /** Path on the Beijing host when it differs (`x-jiguang-beijing-path`). */
  readonly bp?: string;
  /** How the operation's list comes in pages (`x-jiguang-pagination`). */
  readonly pg?: Pagination;
}

/** How an operation's list comes in pages (`x-jiguang-pagination` in the spec, short keys). */
export interface Pagination {
  /** Dotted path of the items array in a reply (`''`: the reply is the array). */
  readonly i: string;
  /** Query parameter with the 1-based page number. */
  readonly p?: string;
  /** Reply field with the number of pages. */
  readonly tp?: string;
  /** Reply field with the number of items in all pages. */
  readonly t?: string;
  /** Reply field with the page size (else the size of the first page). */
  readonly ps?: string;
  /** Pull style: the same call hands out new records each time, until an empty list. */
  readonly u?: 1;
}
