// The `encryption` option of JPush: what an encryption returns, and (until the transport calls it
// itself) the fetch wrapper that applies it to `POST /v3/push` after the cid has been added.

/** What an encrypted push sends instead of the plain body. */
export interface EncryptedPush {
  /** Headers added to the request (`X-Encrypt-Type: SM2`). */
  headers: Record<string, string>;
  /** The body sent instead of the push: `{ audience, payload }`. */
  body: { audience: unknown; payload: string };
}

/**
 * Encrypts one push body (the object or its JSON text, `cid` included). Pass one as the `encryption`
 * option of `JPush`; `sm2Encryption()` from `@jiguang-ts/jpush/sm2` is the one JPush accepts.
 */
export type PushEncryption = (body: Record<string, unknown> | string) => EncryptedPush;

/**
 * Applies `encryption` to every `POST …/v3/push` that goes through `fetcher`. It works on the final
 * request, after the client added the cid, so the cid travels inside the ciphertext and a retry
 * re-sends the same push.
 * @internal
 */
export const encryptingFetch = (encryption: PushEncryption | undefined, fetcher: (request: Request) => Promise<Response> = (r) => fetch(r)) =>
  encryption
    ? async (request: Request): Promise<Response> => {
        if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/v3/push')) return fetcher(request);
        const { headers, body } = encryption(await request.text());
        const merged = new Headers(request.headers);
        merged.delete('content-length');
        for (const name in headers) merged.set(name, headers[name]!);
        return fetcher(new Request(request, { headers: merged, body: JSON.stringify(body) }));
      }
    : fetcher;
