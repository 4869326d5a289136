import type { Received } from './attempt.js';
import { APIError, codeOf, makeAPIError } from '../errors/errors.js';
import { parseJSON } from './json.js';
import type { Redact } from './log.js';
import type { Operation } from './operation.js';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Turns a fully read response into the operation's result, or an {@link APIError}: a non-2xx status; a
 * JSMS/JPush error envelope `{"error":{"code":…}}` under HTTP 200; a business-code reply (UMS, JPush
 * plans/templates/quota) whose `code` is missing or not 0; a reply the API promised as JSON that is empty
 * or not JSON; a reply larger than the cap. Credentials are scrubbed from error bodies and texts (a proxy
 * may echo the Authorization header) after parsing, so that the body keeps its shape and its message.
 */
export const interpret = (op: Operation, service: string, { response, text, tooLarge }: Received, redact: Redact): unknown => {
  const { status, headers } = response;
  const fail = (body: unknown, reason?: string, processed = status >= 500): APIError => {
    let clean = body;
    if (redact(text) !== text) {
      try {
        // Every string value scrubbed; keys, numbers and the shape stay as they are.
        clean = JSON.parse(JSON.stringify(body), (_, v) => (typeof v === 'string' ? redact(v) : v));
      } catch {
        // Nested too deep to walk: the scrubbed raw text instead.
        clean = redact(text);
      }
    }
    const error = makeAPIError(status, clean, headers, service, op.id, reason);
    error.mayHaveBeenProcessed = processed;
    return error;
  };
  // A 2xx (or 5xx) reply that was too large to read: the server may well have acted.
  if (tooLarge !== undefined) throw fail(undefined, `reply too large: over maxResponseBytes (${tooLarge} bytes), not read`, response.ok || status >= 500);
  let body: unknown;
  let json = true;
  try {
    body = text ? parseJSON(text, op.no) : undefined;
  } catch {
    body = text;
    json = false;
  }
  if (!response.ok) throw fail(body);
  // From here on the server accepted the request: a failure to read its reply may hide a delivery.
  if (!text) {
    if (op.e && !op.b) return undefined;
    throw fail(undefined, 'the reply is empty, but the API always answers with a JSON body', true);
  }
  if (!json) {
    if (op.e && !op.b) return undefined;
    throw fail(body, `the reply is not JSON: ${JSON.stringify(redact(text).slice(0, 200))}`, true);
  }
  if (isObject(body) && isObject(body.error) && body.error.code !== undefined) throw fail(body, undefined, false);
  if (op.b) {
    const code = codeOf(body);
    if (code === undefined) throw fail(body, 'the reply carries no business code', true);
    if (code !== 0) throw fail(body, undefined, false);
  }
  return body;
};
