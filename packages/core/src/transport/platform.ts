type DenoLike = {
  env?: { get(n: string): string | undefined };
  permissions?: { querySync?(d: { name: 'env'; variable: string }): { state: string } };
};
const deno = () => (globalThis as { Deno?: DenoLike }).Deno;

/**
 * Reads an environment variable in Node, Bun and Deno; `undefined` elsewhere or without permission.
 * Deno: only variables already granted are read. The clients look up optional variables (group and
 * developer keys) on every construction, and asking for them would stop a program run from a terminal
 * at a permission prompt.
 */
export const env = (name: string): string | undefined => {
  const g = globalThis as { process?: { env?: Record<string, string> } };
  const d = deno();
  try {
    if (d) return d.permissions?.querySync?.({ name: 'env', variable: name }).state === 'granted' ? d.env?.get(name) : undefined;
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

/**
 * How to supply missing credentials in this runtime, for the end of a message. A page has no environment
 * (its way is a backend proxy); Deno reads variables only with `--allow-env`, so telling a Deno user just
 * to set them, when they may well be set already, would send them looking in the wrong place.
 */
export const credentialSource = (envNames: string[]): string =>
  isBrowser()
    ? 'in a browser, use a proxy that adds them (baseUrl)'
    : `pass them as options or set ${envNames.join(' and ')}${deno() ? ` and let Deno read them: deno run --allow-env=${envNames}` : ''}`;

/**
 * What to check when a request failed before any answer, for the failures a runtime reports without
 * saying why: a page's fetch fails the same for a CORS refusal and an unreachable proxy; Deno refuses a
 * host missing from `--allow-net` with `NotCapable` (`PermissionDenied` before Deno 2).
 */
export const connectionHint = (cause: unknown, url: string): string =>
  /^(NotCapable|PermissionDenied)$/.test((cause as Error | undefined)?.name ?? '')
    ? ` Deno needs --allow-net=${new URL(url).host}.`
    : isBrowser()
      ? ' Check CORS and your proxy.'
      : '';
