// The repo's Prism mocks come from @jiguang-ts/mock (the package users install), serving this checkout's
// generated/<svc>/openapi.json so they never lag behind the specs. Needs the package built (npm run build).
// As a library: `const m = await startMock('jsms'); m.url; await m.stop();`
// As a command: `node scripts/mock.mjs jsms [port]` runs until Ctrl-C.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './lib.mjs';

let mock;
try {
  mock = await import('@jiguang-ts/mock');
} catch (e) {
  throw new Error(`@jiguang-ts/mock is not built (${e.message}): run npm run build`);
}

/** A free TCP port on 127.0.0.1. */
export const freePort = mock.freePort;

/**
 * Starts Prism for one service's bundled spec in generated/<svc>/openapi.json (request validation on).
 * @returns {Promise<import('@jiguang-ts/mock').MockServer>}
 */
export const startMock = (svc, options = {}) => mock.startMock(svc, { spec: path.join(root, 'generated', svc, 'openapi.json'), ...options });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [svc = 'jsms', port] = process.argv.slice(2);
  process.exitCode = await mock.main([svc, ...(port ? ['--port', port] : [])]);
}
