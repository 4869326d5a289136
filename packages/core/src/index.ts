/**
 * `@jiguang-ts/core`: what the JSMS, JPush and UMS clients share — auth, transport on ky,
 * per-attempt timeouts, safe retries, rate limits, the error classes and verified callbacks.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './service.js';
export * from './webhooks.js';
