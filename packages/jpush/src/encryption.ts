// The `encryption` option of JPush: what an encryption returns. The client applies it to `push` bodies
// after the cid has been added and before the body is written (core's `transform` hook).

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
