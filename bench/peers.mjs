// The clients compared by `npm run bench`: every one sends the same POST /v3/push with Basic auth and
// parses the JSON reply. Each peer is a snippet (see bundles.mjs) built for a base URL; without one it
// targets the real host (bundle sizes). Adding a peer = adding an entry here.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../scripts/lib.mjs';
import { APP_KEY, JPUSH_HOST, MASTER_SECRET, PUSH_BODY, missingStandaloneExports, sdkSnippet } from './bundles.mjs';

/** Installed version of a package (nested path for dependencies of dependencies). */
export const version = (name, under = '') => JSON.parse(readFileSync(path.join(root, under, 'node_modules', name, 'package.json'), 'utf8')).version;

const body = JSON.stringify(PUSH_BODY);
const credentials = JSON.stringify({ appKey: APP_KEY, masterSecret: MASTER_SECRET });
const auth = `const auth = 'Basic ' + btoa('${APP_KEY}:${MASTER_SECRET}');`;
const here = (file) => pathToFileURL(path.join(root, 'bench', file)).href;

/**
 * @typedef {object} Peer
 * @property {string} id
 * @property {string} label
 * @property {'browser' | 'node'} platform  esbuild platform of its bundle (`node` for Node-only clients)
 * @property {(url?: string) => { imports: string, setup: string, call: string }} snippet
 * @property {() => Promise<string | null>} [unavailable]  why it cannot run (null when it can)
 * @property {string} [note]  how it was driven, for the report
 */

/** @type {Peer[]} */
export const peers = [
  {
    id: 'sdk',
    label: 'jiguang-ts `JPush.push` (class)',
    platform: 'browser',
    snippet: (url) => sdkSnippet('jpush', { url }),
    note: 'the built package with default options, as a user gets it: retries on (maxRetries 2; a push asks the client\'s cid pool, which GET /v3/push/cid fills 10 at a time), rate-limit headers parsed',
  },
  {
    id: 'standalone',
    label: 'jiguang-ts `push(createJPushClient())` (standalone)',
    platform: 'browser',
    snippet: (url) => sdkSnippet('jpush', { url, standalone: true }),
    unavailable: async () => {
      const missing = await missingStandaloneExports('jpush');
      return missing.length ? `n/a (not exported: @jiguang-ts/jpush has no ${missing.join(', ')})` : null;
    },
    note: 'measured when the built @jiguang-ts/jpush exports createJPushClient and push',
  },
  {
    id: 'ky',
    label: `ky ${version('ky')} (plain)`,
    platform: 'browser',
    snippet: (url = JPUSH_HOST) => ({
      imports: `import ky from 'ky';`,
      setup: auth,
      call: `ky.post('${url}/v3/push', { json: ${body}, headers: { Authorization: auth }, retry: 0 }).json()`,
    }),
    note: "`ky.post(url, { json, headers, retry: 0 }).json()`: the ky major hey-api's ky client supports, retries off",
  },
  {
    id: 'fetch',
    label: 'raw `fetch`',
    platform: 'browser',
    snippet: (url = JPUSH_HOST) => ({
      imports: '',
      setup: auth,
      call: `fetch('${url}/v3/push', { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify(${body}) }).then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })`,
    }),
    note: 'the floor: one `fetch`, status check, `response.json()`',
  },
  {
    id: 'openapi-fetch',
    label: `openapi-fetch ${version('openapi-fetch')}`,
    platform: 'browser',
    snippet: (url = JPUSH_HOST) => ({
      imports: `import createClient from 'openapi-fetch';`,
      setup: `${auth}\n/** @type {import('openapi-fetch').Client<import('./scripts/bench/openapi-fetch-paths.js').paths>} */\nconst api = createClient({ baseUrl: '${url}', headers: { Authorization: auth } });`,
      call: `api.POST('/v3/push', { body: ${body} }).then(({ data, error }) => { if (error) throw new Error(JSON.stringify(error)); return data; })`,
    }),
    note: '`client.POST(\'/v3/push\', { body })`, typed by a one-path `paths` interface (bench/openapi-fetch-paths.d.ts)',
  },
  {
    id: 'jpush-async',
    label: `jpush-async ${version('jpush-async')} (official, node:http)`,
    platform: 'node',
    snippet: (url) => ({
      imports: `import jpushAsync from 'jpush-async';`,
      // `proxy` replaces the whole request URL (lib/JPush/Request2.js); isDebug defaults to true and
      // would print every body.
      setup: `const client = jpushAsync.JPushAsync.buildClient({ ...${credentials}, isDebug: false${url ? `, proxy: '${url}/v3/push'` : ''} });`,
      call: `client.sendPush(${body})`,
    }),
    note: "`client.sendPush(body)` with `isDebug: false`; its `proxy` option (which replaces the whole request URL) points it at the local server; Node's keep-alive global agent; Node only, so bundled with `--platform=node`",
  },
  {
    id: 'jpush-sdk',
    label: `jpush-sdk ${version('jpush-sdk')} (on request ${version('request', 'node_modules/jpush-sdk')})`,
    platform: 'node',
    snippet: (url) => ({
      imports: `import JPush from 'jpush-sdk';${url ? `\nimport { redirectHttps } from '${here('redirect-https.mjs')}';` : ''}`,
      setup: `${url ? `redirectHttps('api.jpush.cn', '${url}');\n` : ''}const client = JPush.buildClient(${credentials});`,
      call: `new Promise((resolve, reject) => client.sendPush(JSON.stringify(${body}), (e, r) => (e ? reject(e) : resolve(r))))`,
    }),
    note: '`client.sendPush(json, callback)`; it hard-codes https://api.jpush.cn, so in its process only `https.request` for that host is rerouted to `http.request` on the local server (keep-alive global agent, no TLS: see bench/redirect-https.mjs); Node only, so bundled with `--platform=node`',
  },
];

// BENCH_BASELINE=<a checkout of an earlier commit, after `npm ci && npm run build`> adds that build of the
// SDK as one more peer, so that "before" and "after" are measured side by side in one run.
const baseline = process.env.BENCH_BASELINE && path.resolve(process.env.BENCH_BASELINE);
if (baseline) {
  const commit = execFileSync('git', ['-C', baseline, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  // An absolute path (not a file: URL) resolves both in Node and in esbuild.
  const dist = path.join(baseline, 'packages', 'jpush', 'dist', 'index.js');
  peers.splice(1, 0, {
    id: 'sdk-baseline',
    label: `jiguang-ts \`JPush.push\` (class) at ${commit}, before`,
    platform: 'browser',
    snippet: (url) => ({
      imports: `import { JPush as BaselineJPush } from '${dist}';`,
      setup: `const baselineClient = new BaselineJPush(${JSON.stringify(url ? { appKey: APP_KEY, masterSecret: MASTER_SECRET, baseUrl: url } : { appKey: APP_KEY, masterSecret: MASTER_SECRET })});`,
      call: `baselineClient.push({ body: ${body} })`,
    }),
    note: `the same call through the build of commit ${commit} (BENCH_BASELINE), for a before/after comparison in one run`,
  });
}

/** Peers that can run now, and the reason for each that cannot. */
export async function availablePeers() {
  const ok = [];
  const skipped = {};
  for (const p of peers) {
    const why = p.unavailable ? await p.unavailable() : null;
    if (why) skipped[p.id] = why;
    else ok.push(p);
  }
  return { ok, skipped };
}
