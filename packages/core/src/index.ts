/**
 * `@jiguang-ts/core`: what the JSMS, JPush and UMS clients share — the client and its attempt loop
 * (per-attempt timeouts over headers and body, safe retries), auth, idempotency keys, errors, rate limits,
 * exact 64-bit IDs, opt-in validation, pagination, bulk sending and verified callbacks. Folders are layers: errors/ at the bottom, transport/ above it, one folder per feature on top (see ARCHITECTURE.md).
 * @packageDocumentation
 */
export * from './errors/errors.js';
export * from './errors/rate-limit.js';
export { type Operation } from './transport/operation.js';
export { type Credentials, basicAuth, requireCredentials } from './transport/auth.js';
export { env, isBrowser } from './transport/platform.js';
export { type Log, type Logger, type LogLevel } from './transport/log.js';
export { type Fetch } from './transport/attempt.js';
export { retryDelay } from './transport/retry.js';
export { KeyPool, type KeyPoolOptions, type KeySource } from './idempotency/key-pool.js';
export { parseJSON, stringifyBody } from './transport/json.js';
export {
  Client,
  call,
  operation,
  withMethods,
  type APIPromise,
  type CallOptions,
  type ClientOptions,
  type IdempotencyKeys,
  type PoolConfig,
  type RequestData,
  type RequestOptions,
  type ServiceConfig,
  type Validate,
  type WithResponse,
} from './transport/client.js';
export { check, validator, type Schema, type Schemas } from './validation/validate.js';
export { paged, paginate, type ItemOf, type ItemsAt, type PagePromise, type Pagination } from './pagination/pagination.js';
export { RateGate, type GateRelease } from './bulk/rate-gate.js';
export { sendBulk, type BulkOptions, type BulkPlan, type BulkProgress, type BulkReport, type BulkResult, type BulkStatus } from './bulk/bulk.js';
export * from './callbacks/webhooks.js';
