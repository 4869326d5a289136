// What a hostile sender costs a callback endpoint, measured on BUILT packages (a checkout's packages/*/dist):
//   node bench/callbacks-unbounded.mjs [checkout]     (default: this checkout; pass another to compare)
// 1. web:    an unsigned 256 MB POST (Content-Length set, as servers pass it on) through
//            jsmsWebhooks(...).handle(request): status, bytes the SDK pulled from the body, peak memory growth.
// 2. node:   the same POST from another process through nodeHandler on a real node:http server: status,
//            bytes the server read from the socket, peak memory growth.
// 3. replay: one signed JSMS callback, then the same nonce/timestamp/signature with other data: how many
//            times onEvent ran.
// Each scenario runs in a fresh process; memory is sampled every 5 ms (RSS and V8 heap, peak minus start).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SIZE = 256 * 1024 * 1024;
const CHUNK = 64 * 1024;
const APP = { appKey: 'bench-app-key', masterSecret: 'bench-master-secret' };
const here = import.meta.filename;
const [mode, arg] = process.argv.slice(2);

const load = (checkout, pkg, entry = 'index') => import(pathToFileURL(path.join(checkout, 'packages', pkg, 'dist', `${entry}.js`)).href);

/** Peak RSS and heap growth while `work` runs. */
const sampled = async (work) => {
  globalThis.gc?.();
  const start = process.memoryUsage();
  const peak = { rss: start.rss, heapUsed: start.heapUsed };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  }, 5);
  try {
    const result = await work();
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    return { ...result, rssGrowth: peak.rss - start.rss, heapGrowth: peak.heapUsed - start.heapUsed };
  } finally {
    clearInterval(timer);
  }
};

const scenarios = {
  web: (checkout) => webPost(checkout, true),
  'web, no length': (checkout) => webPost(checkout, false),
  node: (checkout) => nodePost(checkout, false),
  'node, chunked': (checkout) => nodePost(checkout, true),
  replay,
};

async function webPost(checkout, withLength) {
    const { jsmsWebhooks } = await load(checkout, 'jsms');
    const hooks = jsmsWebhooks(APP);
    return sampled(async () => {
      let pulled = 0;
      const chunk = new Uint8Array(CHUNK).fill(0x61);
      const body = new ReadableStream({
        pull(c) {
          if (pulled >= SIZE) return c.close();
          pulled += CHUNK;
          c.enqueue(chunk.slice());
        },
      }, { highWaterMark: 0 });
      const request = new Request('https://callbacks.example/jsms', {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(withLength && { 'content-length': String(SIZE) }) },
      });
      const res = await hooks.handle(request, () => undefined);
      return { status: res.status, bytesRead: pulled };
    });
}

async function nodePost(checkout, chunked) {
    const { jsmsWebhooks } = await load(checkout, 'jsms');
    const { nodeHandler } = await load(checkout, 'jsms', 'node');
    const hooks = jsmsWebhooks(APP);
    let socket;
    const server = createServer(nodeHandler((r) => hooks.handle(r, () => undefined), { onError: () => undefined }));
    server.on('connection', (s) => (socket = s));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const result = await sampled(async () => {
      const client = spawn(process.execPath, [here, 'flood', `${server.address().port}:${chunked}`], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      client.stdout.on('data', (d) => (out += d));
      await new Promise((r) => client.on('exit', r));
      const { status, sent } = JSON.parse(out);
      return { status, bytesRead: socket?.bytesRead ?? 0, clientSent: sent };
    });
    server.close();
    server.closeAllConnections?.();
    return result;
}

async function replay(checkout) {
    const { jsmsWebhooks } = await load(checkout, 'jsms');
    const hooks = jsmsWebhooks(APP);
    const nonce = '-7659972084945889195';
    const timestamp = String(Date.now());
    const signature = createHash('sha1').update(`appKey=${APP.appKey}&appMasterSecret=${APP.masterSecret}&nonce=${nonce}&timestamp=${timestamp}`).digest('hex');
    const phones = [];
    const statuses = [];
    for (const phone of ['15822889320', '13900000000']) {
      const data = JSON.stringify({ msgId: '1652496', phone, receiveTime: Date.now(), status: 4001 });
      const body = new URLSearchParams({ nonce, timestamp, signature, type: 'SMS_REPORT', data }).toString();
      const res = await hooks.handle(
        new Request('https://callbacks.example/jsms', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        (e) => void phones.push(e.data.phone),
      );
      statuses.push(res.status);
    }
    return { statuses, onEventCalls: phones.length, phones };
}

/** The client of the node scenario: announces 256 MB and keeps sending until done or cut off. */
const flood = (target) =>
  new Promise((resolve) => {
    const [port, chunked] = target.split(':');
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let sent = 0;
    const data = Buffer.alloc(CHUNK, 0x61);
    const chunk = chunked === 'true' ? Buffer.concat([Buffer.from(CHUNK.toString(16) + '\r\n'), data, Buffer.from('\r\n')]) : data;
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), sent }));
    const pump = () => {
      while (!socket.destroyed && sent < SIZE) {
        sent += CHUNK;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end(chunked === 'true' ? '0\r\n\r\n' : undefined);
    };
    const framing = chunked === 'true' ? 'Transfer-Encoding: chunked' : `Content-Length: ${SIZE}`;
    socket.write(`POST /jsms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n${framing}\r\n\r\n`, pump);
  });

const mb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} B`);

if (mode === 'flood') {
  process.stdout.write(JSON.stringify(await flood(arg)));
} else if (mode === 'run') {
  const [name, checkout] = arg.split('::');
  process.stdout.write(JSON.stringify(await scenarios[name](checkout)));
} else {
  const checkout = path.resolve(mode ?? path.join(import.meta.dirname, '..'));
  const results = {};
  for (const name of Object.keys(scenarios)) {
    const child = spawnSync(process.execPath, ['--expose-gc', here, 'run', `${name}::${checkout}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    results[name] = JSON.parse(child.stdout);
  }
  console.log(`callbacks under attack — ${checkout}`);
  console.log(`| case | status | bytes read by the SDK | peak RSS growth | peak heap growth |`);
  console.log(`|---|---|---|---|---|`);
  const rows = { web: 'handle(), Content-Length 256 MB', 'web, no length': 'handle(), streamed without a length', node: 'nodeHandler, Content-Length 256 MB', 'node, chunked': 'nodeHandler, chunked' };
  for (const [name, label] of Object.entries(rows)) {
    const r = results[name];
    const read = name.startsWith('node') ? `${mb(r.bytesRead)} from the socket (client sent ${mb(r.clientSent)})` : mb(r.bytesRead);
    console.log(`| unsigned 256 MB POST, ${label} | ${r.status} | ${read} | ${mb(r.rssGrowth)} | ${mb(r.heapGrowth)} |`);
  }
  const r = results.replay;
  console.log(`| signed callback replayed with other data | ${r.statuses.join(', ')} | onEvent ran ${r.onEventCalls}× (${r.phones.join(', ')}) | | |`);
  console.log(JSON.stringify(results));
}
