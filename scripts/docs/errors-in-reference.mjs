// The SDK's error handling, written into a docs-only copy of a bundled spec: each documented response
// says which error class the client rejects with (from scripts/docs/error-classes.mjs, i.e. core's own
// mapping), including the vendor codes that map elsewhere (rate codes → RateLimitError) and business
// errors under HTTP 200; the page's introduction links to the guide. The committed spec stays as written.
import { deref } from '../generate/manifest.mjs';
import { errorClassOf } from './error-classes.mjs';

export const GUIDE_ERRORS = 'guide.html#errors-and-retries';

/** Non-zero vendor codes in a response's examples (`{"error":{"code"}}` or a top-level `code`). */
export function exampleCodes(spec, response) {
  const codes = new Set();
  for (const media of Object.values(response.content ?? {})) {
    const values = [media.example, ...Object.values(media.examples ?? {}).map((e) => deref(spec, e).value)];
    for (const v of values) {
      const c = v?.error?.code ?? v?.code;
      const n = typeof c === 'string' && c.trim() && !isNaN(+c) ? +c : c;
      if (typeof n === 'number' && n !== 0) codes.add(n);
    }
  }
  return [...codes].sort((a, b) => a - b);
}

/** `{ status, classes }` of one response: the class per status, and `{ code: class }` where a code differs. */
export function errorClasses(spec, o, status) {
  const response = deref(spec, o.op.responses[status]);
  const n = Number(status);
  const codes = exampleCodes(spec, response);
  const ok = n >= 200 && n < 300;
  const base = ok ? 'APIError' : errorClassOf(n);
  const byCode = Object.fromEntries(codes.map((c) => [c, errorClassOf(n, c)]).filter(([, cls]) => cls !== base));
  return { response, ok, base, codes, byCode, businessCodes: ok && (codes.length > 0 || o.op['x-jiguang-business-code'] === true) };
}

const list = (byCode) => {
  const groups = {};
  for (const [code, cls] of Object.entries(byCode)) (groups[cls] ??= []).push(code);
  return Object.entries(groups).map(([cls, codes]) => `\`${cls}\` for code${codes.length > 1 ? 's' : ''} ${codes.join(', ')}`).join('; ');
};

/** The sentence a response gets, or undefined for a plain success. */
export function errorNote(spec, o, status) {
  const e = errorClasses(spec, o, status);
  const extra = Object.keys(e.byCode).length ? ` (${list(e.byCode)})` : '';
  if (e.ok) {
    if (!e.businessCodes) return undefined;
    return `**SDK:** a \`code\` other than 0 in this reply rejects with \`APIError\`${extra}, never a success. [Error handling](${GUIDE_ERRORS})`;
  }
  return `**SDK:** rejects with \`${e.base}\`${extra}; \`err.status\` is ${status}, \`err.code\` the vendor code. [Error handling](${GUIDE_ERRORS})`;
}

/** Adds the notes to every operation's responses (copies, so shared components stay untouched) and the guide link. */
export function addErrorHandling(spec, ops) {
  for (const o of ops) {
    for (const status of Object.keys(o.op.responses ?? {})) {
      const note = errorNote(spec, o, status);
      if (!note) continue;
      const response = deref(spec, o.op.responses[status]);
      o.op.responses[status] = { ...response, description: `${(response.description ?? '').trim()}\n\n${note}` };
    }
  }
  spec.info.description =
    `Calling this API from TypeScript: the [jiguang-ts guide](guide.html) (install, credentials, runtimes, ` +
    `[errors and retries](${GUIDE_ERRORS}), pagination, bulk sending, callbacks). Each operation below shows the ` +
    `SDK call, and each error response the SDK error class it becomes.\n\n${spec.info.description ?? ''}`;
}
