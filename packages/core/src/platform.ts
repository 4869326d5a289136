/** Reads an environment variable in Node, Bun and Deno; `undefined` elsewhere or without permission. */
export const env = (name: string): string | undefined => {
  const g = globalThis as { process?: { env?: Record<string, string> }; Deno?: { env?: { get(n: string): string | undefined } } };
  try {
    return g.process?.env?.[name] ?? g.Deno?.env?.get(name);
  } catch {
    return undefined;
  }
};

/**
 * A page in a browser (not a Worker, Deno, Bun or an edge runtime: those have no `document`).
 * Deno 1.x had a `window`, so `document` is what tells.
 */
export const isBrowser = (): boolean =>
  typeof (globalThis as { window?: unknown }).window !== 'undefined' &&
  typeof (globalThis as { document?: unknown }).document !== 'undefined' &&
  typeof navigator !== 'undefined';
