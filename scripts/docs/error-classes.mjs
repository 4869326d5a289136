// Which SDK error class a reply becomes, asked of the SDK's own code: packages/core/src/errors/errors.ts
// (its status table and the rate-limit codes) is bundled on the fly and its `makeAPIError` called, so the
// reference pages and the samples cannot drift from what the client throws, and no second table exists.
// Works before `npm run build` (npm start builds the docs first).
import { buildSync } from 'esbuild';
import path from 'node:path';
import { root } from '../lib.mjs';

const { outputFiles } = buildSync({
  entryPoints: [path.join(root, 'packages', 'core', 'src', 'errors', 'errors.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'silent',
});
const errors = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);

/**
 * The class name the SDK rejects with for an HTTP status and an optional vendor business code
 * (`'PermissionDeniedError'`, `'RateLimitError'`, `'APIError'`, …).
 */
export const errorClassOf = (status, code) =>
  errors.makeAPIError(status, code === undefined ? {} : { error: { code } }, new Headers(), 'docs', 'docs').name;
