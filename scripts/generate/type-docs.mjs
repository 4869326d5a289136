// Documents the types hey-api writes without a comment (types.gen.ts), so that every export of the
// packages carries documentation (JSR's `deno doc --lint` and editors' hovers): the per-operation types
// (`SendCodeData`, `…Responses`, `…Response`, `…Errors`, `…Error`), the `Webhooks` union, and schemas the
// spec gives no description, which are named by their use (the request or success body of an operation).
import { readFileSync, writeFileSync } from 'node:fs';
import { CLASS } from './manifest.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const pascal = (s) => s[0].toUpperCase() + s.slice(1);
const PER_OPERATION = {
  Data: (id) => `What \`${id}\` takes: its \`body\`, \`path\`, \`query\` and \`headers\` (\`url\` is the path template).`,
  Responses: (id) => `The success bodies of \`${id}\`, by HTTP status.`,
  Response: (id) => `The success body of \`${id}\`.`,
  Errors: (id) => `The documented error bodies of \`${id}\`, by HTTP status (thrown as \`APIError\` subclasses).`,
  Error: (id) => `Any documented error body of \`${id}\` (see \`err.body\` of the \`APIError\`).`,
};

/** Adds a JSDoc comment above every undocumented `export type` of `file`. */
export function documentTypes(file, spec, svc) {
  const ops = new Map();
  const uses = new Map();
  const use = (ref, text) => {
    const name = ref?.startsWith('#/components/schemas/') ? ref.slice(21) : undefined;
    if (name && !uses.has(name)) uses.set(name, text);
  };
  for (const item of Object.values(spec.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op?.operationId) continue;
      ops.set(pascal(op.operationId), op.operationId);
      for (const media of Object.values(op.requestBody?.content ?? {})) use(media.schema?.$ref, `The request body of \`${op.operationId}\`.`);
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        if (!/^2/.test(status)) continue;
        for (const media of Object.values(res.content ?? {})) use(media.schema?.$ref, `The success body of \`${op.operationId}\`.`);
      }
    }
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  const out = [];
  for (const line of lines) {
    const name = /^export type (\w+)\b/.exec(line)?.[1];
    const prev = out.findLast((l) => l.trim() !== '');
    if (name && !prev?.trim().endsWith('*/')) {
      const suffix = Object.keys(PER_OPERATION).find((s) => name.endsWith(s) && ops.has(name.slice(0, -s.length)));
      const doc =
        name === 'ClientOptions'
          ? 'The default base URL of the API (hey-api\'s client options; the SDK\'s own are `ClientOptions` of @jiguang-ts/core).'
          : name === 'Webhooks'
            ? `Every callback (webhook) request the ${CLASS[svc]} API documents.`
            : suffix
              ? PER_OPERATION[suffix](ops.get(name.slice(0, -suffix.length)))
              : (uses.get(name) ?? `\`${name}\` of the ${CLASS[svc]} API.`);
      out.push('/**', ` * ${doc}`, ' */');
    }
    out.push(line);
  }
  writeFileSync(file, out.join('\n'));
}
