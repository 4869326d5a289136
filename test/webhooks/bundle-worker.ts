// Bundles a test Worker from the BUILT packages as Wrangler would (esbuild, workerd conditions, no Node
// built-ins), for the workerd tests.
import path from 'node:path';
import { build } from 'esbuild';

/** The bundled script text of `test/webhooks/<file>` and the files that went into it. */
export const bundleWorker = async (file: string) => {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, file)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    // The repo's tsconfig.json maps @jiguang-ts/* to the sources; a user's project resolves node_modules.
    tsconfig: path.join(import.meta.dirname, '..', '..', 'tsconfig.build.json'),
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { script: out.outputFiles[0]!.text, inputs: Object.keys(out.metafile.inputs) };
};
