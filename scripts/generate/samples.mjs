// Code samples for every operation, built from a bundled spec (generated/<svc>/openapi.json): the SDK call
// that sends the operation's first request example, with the client's construction, plus the same request
// as curl. scripts/docs/build.mjs puts them into the Redoc pages (x-codeSamples); test/docs/samples.test.ts
// type-checks every TypeScript sample against the built packages, so the docs cannot show a call that
// does not compile. Sends (the POSTs that deliver something) are shown inside a try/catch with the error
// classes the operation's documented responses become.
import { deref, int64Keys } from './manifest.mjs';
import { errorClasses } from '../docs/errors-in-reference.mjs';

export { deref };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

// Per service: the client class, and for each security scheme the constructor options (with the env
// variable a user would read them from) and the Basic-auth pair curl sends.
const CLIENTS = {
  jsms: {
    cls: 'JSMS',
    schemes: {
      AppKeyAuth: { options: [['appKey', 'JSMS_APP_KEY'], ['masterSecret', 'JSMS_MASTER_SECRET']], user: '$JSMS_APP_KEY:$JSMS_MASTER_SECRET' },
      // The constructor always wants the app pair; the dev pair is used only by getDevBalance.
      DevKeyAuth: {
        options: [['appKey', 'JSMS_APP_KEY'], ['masterSecret', 'JSMS_MASTER_SECRET'], ['devKey', 'JSMS_DEV_KEY'], ['devSecret', 'JSMS_DEV_SECRET']],
        user: '$JSMS_DEV_KEY:$JSMS_DEV_SECRET',
      },
    },
  },
  jpush: {
    cls: 'JPush',
    schemes: {
      AppKeyAuth: { options: [['appKey', 'JPUSH_APP_KEY'], ['masterSecret', 'JPUSH_MASTER_SECRET']], user: '$JPUSH_APP_KEY:$JPUSH_MASTER_SECRET' },
      GroupAuth: { options: [['groupKey', 'JPUSH_GROUP_KEY'], ['groupMasterSecret', 'JPUSH_GROUP_MASTER_SECRET']], user: 'group-$JPUSH_GROUP_KEY:$JPUSH_GROUP_MASTER_SECRET' },
      DevKeyAuth: { options: [['devKey', 'JPUSH_DEV_KEY'], ['devSecret', 'JPUSH_DEV_SECRET']], user: '$JPUSH_DEV_KEY:$JPUSH_DEV_SECRET' },
    },
  },
  ums: {
    cls: 'UMS',
    schemes: {
      ChannelKeyAuth: { options: [['channelKey', 'UMS_CHANNEL_KEY'], ['masterSecret', 'UMS_MASTER_SECRET']], user: '$UMS_CHANNEL_KEY:$UMS_MASTER_SECRET' },
      AccessKeyAuth: {
        options: [['channelKey', 'UMS_CHANNEL_KEY'], ['masterSecret', 'UMS_MASTER_SECRET'], ['accessKey', 'UMS_ACCESS_KEY']],
        user: '$UMS_ACCESS_KEY:$UMS_MASTER_SECRET',
      },
    },
  },
};

/** Every operation of a bundled spec, in document order: `{ id, method, path, op, params, servers, tag }`. */
export const operationsOf = (spec) =>
  Object.entries(spec.paths ?? {}).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      id: item[m].operationId,
      method: m.toUpperCase(),
      path: p,
      op: item[m],
      params: [...(item.parameters ?? []), ...(item[m].parameters ?? [])].map((x) => deref(spec, x)),
      servers: item[m].servers ?? item.servers ?? spec.servers ?? [],
      tag: item[m].tags?.[0],
    })),
  );

/** Redoc's anchor of an operation inside `<svc>.html` (`#/<tag slug>/<operationid>`). */
export const anchorOf = (o) => `#/${String(o.tag ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}/${o.id.toLowerCase()}`;

const firstExample = (spec, media) => {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  const ex = Object.values(media.examples ?? {})[0];
  return ex === undefined ? undefined : deref(spec, ex).value;
};
const paramValue = (spec, p) => {
  if (p.example !== undefined) return p.example;
  const ex = Object.values(p.examples ?? {})[0];
  if (ex !== undefined) return deref(spec, ex).value;
  const s = deref(spec, p.schema ?? {});
  return s.example ?? s.examples?.[0] ?? s.default ?? s.enum?.[0] ?? s.const;
};
const hasOwnExample = (p) => p.example !== undefined || p.examples !== undefined;

/** A file part of a multipart body: where the sample reads it from. */
const fileName = (field, media) => {
  const type = media.encoding?.[field]?.contentType ?? '';
  if (/image/.test(type) || /image|_file$/i.test(field)) return `${field}.png`;
  if (/certificate/i.test(field)) return `${field}.p12`;
  if (field === 'filename') return 'registration_id.txt';
  return field === 'file' ? 'attachment.pdf' : `${field}.bin`;
};

/**
 * The request an operation's first example describes: path and query values (required query parameters
 * and those with an example of their own), the JSON body, or the multipart fields with their files.
 */
export function exampleRequest(spec, o) {
  const req = { path: {}, query: {} };
  for (const p of o.params) {
    if (p.in === 'path' || (p.in === 'query' && (p.required || hasOwnExample(p)))) req[p.in][p.name] = paramValue(spec, p);
  }
  const content = deref(spec, o.op.requestBody)?.content ?? {};
  if (content['application/json']) req.json = firstExample(spec, content['application/json']);
  const media = content['multipart/form-data'];
  if (media) {
    const schema = deref(spec, media.schema);
    const example = firstExample(spec, media) ?? {};
    req.form = [];
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      const ds = deref(spec, s);
      const isFile = Boolean(ds.contentMediaType || ds.format === 'binary' || media.encoding?.[k]?.contentType);
      // With an example, send exactly its fields; without one, the required fields and every file part.
      if (Object.keys(example).length ? example[k] === undefined : !(schema.required ?? []).includes(k) && !isFile) continue;
      req.form.push(isFile ? { name: k, file: fileName(k, media) } : { name: k, value: example[k] ?? paramValue(spec, { schema: ds }) });
    }
  }
  return req;
}

const idsAsStrings = (v, keys) =>
  Array.isArray(v)
    ? v.map((x) => idsAsStrings(x, keys))
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keys.includes(k) && typeof x === 'number' ? String(x) : idsAsStrings(x, keys)]))
      : v;

const IDENT = /^[A-Za-z_$][\w$]*$/;
const str = (s) => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
/** A JSON value as a TypeScript literal (unquoted keys where possible, single-quoted strings). */
export function tsLiteral(value, indent = '') {
  const inner = indent + '  ';
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new Error(`example number ${value} exceeds 2^53: write it as a string in the spec`);
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    const flat = `[${value.map((v) => tsLiteral(v)).join(', ')}]`;
    if (!flat.includes('\n') && flat.length + indent.length <= 64) return flat;
    return `[\n${value.map((v) => inner + tsLiteral(v, inner)).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (!entries.length) return '{}';
  const parts = entries.map(([k, v]) => `${IDENT.test(k) ? k : str(k)}: ${tsLiteral(v, inner)}`);
  const flat = `{ ${parts.join(', ')} }`;
  if (!flat.includes('\n') && flat.length + indent.length <= 64) return flat;
  return `{\n${parts.map((p) => inner + p).join(',\n')},\n${indent}}`;
}

const schemeOf = (spec, o) => Object.keys((o.op.security ?? spec.security ?? [{}])[0] ?? {})[0];
const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** The TypeScript sample of one operation: import, client construction, the call with the first example. */
export function tsSample(svc, spec, o) {
  const { cls, schemes } = CLIENTS[svc];
  const scheme = schemes[schemeOf(spec, o)];
  if (!scheme) throw new Error(`${svc}.${o.id}: no client options known for security scheme ${schemeOf(spec, o)}`);
  const req = exampleRequest(spec, o);
  // The SDK types 64-bit IDs as decimal strings (it writes the exact JSON number where the API wants one).
  const ids = int64Keys(spec, deref(spec, o.op.requestBody)?.content?.['application/json']?.schema);
  if (req.json !== undefined && ids.length) req.json = idsAsStrings(req.json, ids);
  const args = [];
  if (Object.keys(req.path).length) args.push(['path', req.path]);
  if (Object.keys(req.query).length) args.push(['query', req.query]);
  if (req.json !== undefined) args.push(['body', req.json]);
  const lines = [`import { ${cls} } from '@jiguang-ts/${svc}';`];
  let body = '';
  if (req.form) {
    lines.unshift(`import { openAsBlob } from 'node:fs';`);
    const fields = req.form.map((f) => `    ${IDENT.test(f.name) ? f.name : str(f.name)}: ${f.file ? `await openAsBlob(${str(`./${f.file}`)})` : tsLiteral(f.value, '    ')},`);
    body = `  body: {\n${fields.join('\n')}\n  },\n`;
  }
  const opts = scheme.options.map(([k, env]) => `  ${k}: process.env.${env},`).join('\n');
  const call = args.map(([k, v]) => `  ${k}: ${tsLiteral(v, '  ')},\n`).join('') + body;
  const invoke = [call ? `const result = await ${svc}.${o.id}({\n${call}});` : `const result = await ${svc}.${o.id}();`, 'console.log(result);'];
  lines.push('', `const ${svc} = new ${cls}({\n${opts}\n});`, '');
  if (!isSend(o)) return [...lines, ...invoke].join('\n') + '\n';
  const handled = catchClasses(spec, o);
  lines[lines.findIndex((l) => l.startsWith(`import { ${cls} }`))] = `import { ${[cls, ...handled, 'APIError', 'JiguangError'].join(', ')} } from '@jiguang-ts/${svc}';`;
  const branches = handled.map((c) => `  ${BRANCH[c]}`);
  lines.push(
    'try {',
    ...invoke.join('\n').split('\n').map((l) => `  ${l}`),
    '} catch (err) {',
    ...branches.map((b, i) => (i ? b.replace(/^  if/, '  else if') : b)),
    `  ${branches.length ? 'else if' : 'if'} (err instanceof APIError) console.error(err.name, err.status, err.code, err.message);`,
    '  // A timeout or a connection lost after sending: it may have gone out, so check before sending again.',
    "  else if (err instanceof JiguangError && err.mayHaveBeenProcessed) console.error('outcome unknown:', err.message);",
    '  else throw err;',
    '}',
  );
  return lines.join('\n') + '\n';
}

/** The operations that deliver something (a push, an SMS, a message): their samples show error handling. */
export const isSend = (o) => o.method === 'POST' && /^(send|(group|batch|template|scheduleTemplate)?[pP]ush(?!Plan)|create(Batch)?Schedule$)/.test(o.id);

// One line per class a send's sample singles out, in this order; everything else falls to APIError.
const BRANCH = {
  RateLimitError: "if (err instanceof RateLimitError) console.error('rate limited; the window resets in', err.rateLimit.reset, 's');",
  PermissionDeniedError: "if (err instanceof PermissionDeniedError) console.error('refused:', err.code, err.message);",
  BadRequestError: "if (err instanceof BadRequestError) console.error('invalid request:', err.code, err.message);",
};

/** The classes of BRANCH that the operation's documented responses (statuses and their codes) become. */
const catchClasses = (spec, o) => {
  const found = new Set();
  for (const status of Object.keys(o.op.responses ?? {})) {
    const e = errorClasses(spec, o, status);
    if (!e.ok) found.add(e.base);
    for (const c of Object.values(e.byCode)) found.add(c);
  }
  const order = Object.keys(BRANCH).filter((c) => found.has(c));
  // At most one of the 4xx refusals: the one a send most often meets (403 for JSMS, else 400).
  return order.filter((c, i) => c === 'RateLimitError' || order.findIndex((x) => x !== 'RateLimitError') === i);
};

/** The same request as curl, against the operation's (default-region) host. */
export function curlSample(svc, spec, o) {
  const scheme = CLIENTS[svc].schemes[schemeOf(spec, o)];
  const req = exampleRequest(spec, o);
  const host = (o.servers[0]?.url ?? '').replace(/\/$/, '');
  const path = o.path.replace(/\{([^}]+)\}/g, (_, k) => encodeURIComponent(String(req.path[k])));
  const query = Object.entries(req.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
  const lines = [`curl -X ${o.method} ${shellQuote(host + path + (query ? `?${query}` : ''))}`, `  -u "${scheme.user}"`];
  if (req.json !== undefined) lines.push(`  -H 'Content-Type: application/json'`, `  -d ${shellQuote(JSON.stringify(req.json, null, 2))}`);
  for (const f of req.form ?? []) lines.push(`  -F ${shellQuote(`${f.name}=${f.file ? `@${f.file}` : typeof f.value === 'object' ? JSON.stringify(f.value) : f.value}`)}`);
  return lines.join(' \\\n') + '\n';
}

/** `{ [operationId]: [{ lang, label, source }] }` for every operation of a bundled spec. */
export const codeSamples = (svc, spec) =>
  Object.fromEntries(
    operationsOf(spec).map((o) => [
      o.id,
      [
        { lang: 'typescript', label: 'TypeScript', source: tsSample(svc, spec, o) },
        { lang: 'bash', label: 'curl', source: curlSample(svc, spec, o) },
      ],
    ]),
  );
