// A local Jiguang-like server that enforces a rate window and counts deliveries per recipient, for the
// bulk-sending tests and `npm run bench`. It answers JPush push (`POST /v3/push`, audience registration_id or
// alias), batch single push (`POST /v3/push/batch/{regid,alias}/single`), cids (`GET /v3/push/cid`),
// JSMS `POST /v1/messages/batch` and UMS `POST /v1/sent` / `POST /v1/template/sent`.
//
// - Rate window: `limit` calls per `windowMs`, one window for every client that calls it (several senders
//   sharing one app's quota); every reply carries X-Rate-Limit-Limit/Remaining/Reset (Reset in seconds with
//   millisecond precision, or `wholeSeconds: true` for whole seconds rounded up, as JPush sends it); a call
//   beyond the limit gets 429 and counts as over-limit.
// - `refuseFirst: n`: the first n calls are refused with 429 as if others had spent the window.
// - Idempotency as JPush does it: a repeated cid is answered with the first result and delivers nothing.
// - Faults (`faults: { serverErrorAfter, serverErrorBefore, resetAfter, resetBefore }`, probabilities per
//   call, from a seeded generator): a 500 or a connection reset, after or before the deliveries happen.
import { createServer } from 'node:http';

export async function startRateServer({ limit = 20, windowMs = 1000, faults = {}, seed = 1, cidCost = false, wholeSeconds = false, refuseFirst = 0 } = {}) {
  const delivered = new Map(); // recipient → deliveries
  const firstResult = new Map(); // cid → reply body
  // perWindow: calls admitted in each window since the first call (index = window number).
  const stats = { repeatedKeys: 0, calls: 0, overLimit: 0, overLimitAfterFirstWindow: 0, faults: 0, cidCalls: 0, firstCallAt: 0, lastCallAt: 0, perWindow: [] };
  let firstWindowStart = 0;
  let windowStart = 0;
  let used = 0;
  let cid = 0;
  let msg = 1e16;
  let state = seed >>> 0 || 1;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const deliver = (ids) => ids.forEach((id) => delivered.set(id, (delivered.get(id) ?? 0) + 1));

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const now = Date.now();
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/v3/push/cid') {
        // cids are not rate-limited here unless asked (JPush counts them against push quota).
        stats.cidCalls++;
        const count = Number(url.searchParams.get('count') ?? 1);
        return json(res, 200, { cidlist: Array.from({ length: count }, () => `appkey-${++cid}`) }, {});
      }
      if (now >= windowStart + windowMs) {
        windowStart = windowStart === 0 ? now : windowStart + Math.floor((now - windowStart) / windowMs) * windowMs;
        used = 0;
      }
      stats.calls++;
      if (!stats.firstCallAt) stats.firstCallAt = now;
      stats.lastCallAt = now;
      const headers = () => ({
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, limit - used)),
        'X-Rate-Limit-Reset': wholeSeconds ? String(Math.ceil((windowStart + windowMs - Date.now()) / 1000)) : ((windowStart + windowMs - Date.now()) / 1000).toFixed(3),
      });
      // refuseFirst: the first calls find the window already spent (by senders this server does not see).
      if (used >= limit || stats.calls <= refuseFirst) {
        stats.overLimit++;
        if (now >= stats.firstCallAt + windowMs) stats.overLimitAfterFirstWindow++;
        return json(res, 429, { error: { code: 2002, message: 'Rate limit exceeded' } }, headers());
      }
      used++;
      firstWindowStart ||= windowStart;
      const w = Math.floor((windowStart - firstWindowStart) / windowMs);
      stats.perWindow[w] = (stats.perWindow[w] ?? 0) + 1;
      let body;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return json(res, 400, { error: { code: 1003, message: 'bad json' } }, headers());
      }
      const fault = pick(faults, random);
      if (fault) stats.faults++;
      if (fault === 'serverErrorBefore') return json(res, 500, { error: { code: 1000, message: 'injected before delivery' } }, headers());
      if (fault === 'resetBefore') return req.socket.destroy();
      const reply = handle(url.pathname, body);
      if (!reply) return json(res, 404, { error: { code: 404, message: 'not here' } }, headers());
      if (fault === 'serverErrorAfter') return json(res, 500, { error: { code: 1000, message: 'injected after delivery' } }, headers());
      if (fault === 'resetAfter') return req.socket.destroy();
      json(res, 200, reply, headers());
    });
  });

  const handle = (path, body) => {
    if (path === '/v3/push') {
      const key = body.cid;
      if (key && firstResult.has(key)) {
        stats.repeatedKeys++;
        return firstResult.get(key);
      }
      deliver([...(body.audience?.registration_id ?? []), ...(body.audience?.alias ?? [])]);
      const reply = { sendno: '0', msg_id: String(++msg) };
      if (key) firstResult.set(key, reply);
      return reply;
    }
    if (path === '/v3/push/batch/regid/single' || path === '/v3/push/batch/alias/single') {
      const out = {};
      for (const [key, item] of Object.entries(body.pushlist ?? {})) {
        if (!firstResult.has(key)) {
          deliver([item.target]);
          firstResult.set(key, { msg_id: String(++msg) });
        }
        out[key] = firstResult.get(key);
      }
      return out;
    }
    if (path === '/v1/messages/batch') {
      const recipients = (body.recipients ?? []).map((r) => {
        if (!/^1\d{10}$/.test(r.mobile)) return { mobile: r.mobile, error_code: '50006', error_message: 'invalid mobile' };
        deliver([r.mobile]);
        return { mobile: r.mobile, msg_id: String(++msg) };
      });
      return { success_count: recipients.filter((r) => r.msg_id).length, failure_count: recipients.filter((r) => r.error_code).length, recipients };
    }
    if (path === '/v1/sent' || path === '/v1/template/sent') {
      deliver(body.aud_userid ?? []);
      return { code: 0, message: 'success', msgid: `v:${++msg}` };
    }
    return undefined;
  };

  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /**
     * Calls per second the run achieved in its full windows (all but the last, which a finite run rarely
     * fills), against `limit / windowMs`: 1 = every full window used to the limit.
     */
    utilisation: () => {
      const full = stats.perWindow.slice(0, -1).map((n) => n ?? 0);
      return full.length ? full.reduce((a, n) => a + n, 0) / (full.length * limit) : NaN;
    },
    delivered,
    stats,
    /** Recipients delivered more than once. */
    duplicates: () => [...delivered.values()].filter((n) => n > 1).length,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
  };
}

const pick = (faults, random) => {
  let x = random();
  for (const [name, p] of Object.entries(faults)) {
    if (x < p) return name;
    x -= p;
  }
  return undefined;
};

const json = (res, status, body, headers) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};
