/**
 * `@jiguang-ts/jpush/node`: the `node:http` / Express adapter for callbacks, e.g.
 * `http.createServer(nodeHandler((request) => client.webhooks.handle(request, onEvent)))`.
 * Kept apart from the main entry so browser and edge bundles never include it.
 * @packageDocumentation
 */
export * from '@jiguang-ts/core/node';
