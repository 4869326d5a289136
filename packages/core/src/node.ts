/**
 * `@jiguang-ts/core/node` (also `@jiguang-ts/jsms/node`, `@jiguang-ts/jpush/node`, `@jiguang-ts/ums/node`):
 * runs a Web-standard handler such as `client.webhooks.handle` under `node:http` or Express.
 * Kept out of the main entry so browser and edge bundles never see it; it imports no Node built-in
 * (the request and response are described by the few members it uses).
 * @packageDocumentation
 */
export * from './callbacks/node.js';
