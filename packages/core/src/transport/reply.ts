import type { Received } from './attempt.js';
import { APIError, codeOf, makeAPIError } from '../errors/errors.js';
import { parseJSON } from './json.js';
import { redact } from './log.js';
import type { Operation } from './operation.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Turns a fully read response into the operation's result, or an {@link APIError}: a non-2xx status; a
 * JSMS/JPush error envelope `{"error":{"code":…}}` under HTTP 200; a business-code reply (UMS, JPush
 * plans/templates/quota) whose `code` is missing or not 0; a reply the API promised as JSON that is empty
 * or not JSON. `secrets` are scrubbed from error bodies (a proxy may echo the Authorization header).
 */
export const interpret = (op: Operation, service: string, { response, text }: Received, secrets: readonly string[]): unknown => {
  const { status, headers } = response;
  const fail = (body: unknown, reason?: string, processed = status >= 500): APIError => {
    const error = makeAPIError(status, body, headers, service, op.id, reason);
    error.mayHaveBeenProcessed = processed;
    return error;
  };
  if (!response.ok) {
    const clean = redact(text, secrets);
    let body: unknown = clean || undefined;
    try {
      body = clean ? parseJSON(clean, op.no) : undefined;
    } catch {}
    throw fail(body);
  }
  // From here on the server accepted the request: a failure to read its reply may hide a delivery.
  if (!text) {
    if (op.e && !op.b) return undefined;
    throw fail(undefined, 'the reply is empty, but the API always answers with a JSON body', true);
  }
  let body: unknown;
  try {
    body = parseJSON(text, op.no);
  } catch {
    if (op.e && !op.b) return undefined;
    throw fail(text, `the reply is not JSON: ${JSON.stringify(text.slice(0, 200))}`, true);
  }
  if (isObject(body) && isObject(body.error) && body.error.code !== undefined) throw fail(body, undefined, false);
  if (op.b) {
    const code = codeOf(body);
    if (code === undefined) throw fail(body, 'the reply carries no business code', true);
    if (code !== 0) throw fail(body, undefined, false);
  }
  return body;
};
