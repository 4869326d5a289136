/**
 * `@jiguang-ts/core`: what the JSMS, JPush and UMS clients share — the client and its attempt loop
 * (per-attempt timeouts over headers and body, safe retries), auth, idempotency keys, errors, rate limits,
 * exact 64-bit IDs, opt-in validation, pagination, bulk sending and verified callbacks. One file per concern.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './rate-limit.js';
export { type Operation } from './operation.js';
export { type Credentials, basicAuth, requireCredentials } from './auth.js';
export { env, isBrowser } from './platform.js';
export { type Logger, type LogLevel } from './log.js';
export { type Fetch } from './attempt.js';
export { retryDelay } from './retry.js';
export { KeyPool, type KeyPoolOptions, type KeySource } from './idempotency.js';
export { parseJSON, stringifyBody } from './json.js';
export {
  Client,
  call,
  operation,
  type APIPromise,
  type CallOptions,
  type ClientOptions,
  type PoolConfig,
  type RequestOptions,
  type ServiceConfig,
  type Validate,
  type WithResponse,
} from './client.js';
export { check, validator, type Schema, type Schemas } from './validate.js';
export { paged, paginate, type ItemsAt, type PagePromise, type Pagination } from './pagination.js';
export { RateGate } from './throttle.js';
export { sendBulk, type BulkOptions, type BulkPlan, type BulkProgress, type BulkReport, type BulkResult, type BulkStatus } from './bulk.js';
export * from './webhooks.js';
