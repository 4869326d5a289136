import { JiguangError } from '../errors/errors.js';
import { credentialSource, isBrowser } from './platform.js';

/** Credentials per security scheme: `[username, password]`, `undefined` when not configured. */
export type Credentials = Record<string, readonly [string | undefined, string | undefined] | undefined>;

// btoa takes Latin-1 only: encode the UTF-8 bytes so non-ASCII keys survive.
const utf8Base64 = (s: string) => btoa(Array.from(new TextEncoder().encode(s), (b) => String.fromCharCode(b)).join(''));

/** `Basic base64(user:password)`, UTF-8-safe. */
export const basicAuth = (user: string, password: string): string => 'Basic ' + utf8Base64(`${user}:${password}`);

/**
 * Authorization header per configured scheme, and every secret string the client holds (passwords,
 * their base64 forms) so that logs and error texts can be scrubbed of them.
 */
export const authHeaders = (credentials: Credentials): { headers: Record<string, string>; secrets: string[] } => {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const scheme in credentials) {
    const c = credentials[scheme];
    if (!c?.[0] || !c[1]) continue;
    headers[scheme] = basicAuth(c[0], c[1]);
    secrets.push(c[1], headers[scheme].slice(6));
  }
  return { headers, secrets };
};

/**
 * Throws a {@link JiguangError} naming every missing credential and where else it can come from in this
 * runtime (the environment variables, Deno's `--allow-env`, or a proxy in a browser). A page in a browser
 * that sends through a proxy (`baseUrl`) needs none: the proxy holds them.
 */
export const requireCredentials = (service: string, values: Record<string, string | undefined>, envNames: string[], options: { baseUrl?: string } = {}): void => {
  if (options.baseUrl && isBrowser()) return;
  const missing = Object.keys(values).filter((k) => !values[k]);
  if (missing.length) throw new JiguangError(`${service}: missing ${missing.join(', ')}; ${credentialSource(envNames)}.`);
};

/**
 * The error of a call none of whose security schemes has credentials, in option names (`appKey and
 * masterSecret`), never the spec's scheme names; each option's variable is `<SERVICE>_<OPTION>`
 * (`masterSecret` → `JPUSH_MASTER_SECRET`).
 */
export const missingCredentials = (label: string, service: string, options: string[][]): JiguangError =>
  new JiguangError(
    `${label} needs ${options.map((o) => o.join(' and ')).join(', or ')}; ${credentialSource(
      options.flat().map((o) => `${service}_${o.replace(/[A-Z]/g, '_$&')}`.toUpperCase()),
    )}.`,
  );
