/**
 * `@jiguang-ts/core`: what the JSMS, JPush and UMS clients share — auth, transport on ky,
 * per-attempt timeouts, safe retries, rate limits and the error classes.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './service.js';
