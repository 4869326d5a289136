/**
 * Reads an environment variable in Node, Bun and Deno; `undefined` elsewhere or without permission.
 * Deno: only variables already granted are read. The clients look up optional variables (group and
 * developer keys) on every construction, and asking for them would stop a program run from a terminal
 * at a permission prompt.
 */
export const env = (name: string): string | undefined => {
  const g = globalThis as {
    process?: { env?: Record<string, string> };
    Deno?: { env?: { get(n: string): string | undefined }; permissions?: { querySync?(d: { name: 'env'; variable: string }): { state: string } } };
  };
  try {
    if (g.Deno) return g.Deno.permissions?.querySync?.({ name: 'env', variable: name }).state === 'granted' ? g.Deno.env?.get(name) : undefined;
    return g.process?.env?.[name];
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
