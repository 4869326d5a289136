// Server mode `jpush`: answers like the JPush push API, as fast as node:http allows, so that the client
// is what the per-call figures measure. POST /v3/push → the documented success body with X-Rate-Limit-*
// headers; GET (or POST) /v3/push/cid → `count` fresh cids for the SDK's cid pool; anything else → 404.
import { randomUUID } from 'node:crypto';

/** The push reply every client must parse; msg_id is a string here, so every client sees the same value. */
export const PUSH_REPLY = { sendno: '0', msg_id: '54043195528782545' };
/** True when `body` is the parsed {@link PUSH_REPLY}. */
export const isPushReply = (body) => body != null && String(body.msg_id) === PUSH_REPLY.msg_id;

const RATE = { 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '599', 'X-Rate-Limit-Reset': '60' };

export function createMode() {
  // pushCid: pushes whose body carried a cid (the SDK's retry-safety key).
  const counts = { push: 0, pushCid: 0, cid: 0, other: 0 };
  const push = Buffer.from(JSON.stringify(PUSH_REPLY));
  const pushHeaders = { 'Content-Type': 'application/json', 'Content-Length': String(push.length), ...RATE };
  const reply = (res, status, text) =>
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...RATE }).end(text);
  return {
    handle(req, res) {
      // Read the whole request before answering, as a real server does; the body is only searched for a cid.
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const [path, query = ''] = req.url.split('?');
        if (path === '/v3/push' && req.method === 'POST') {
          counts.push++;
          if (body.includes('"cid":')) counts.pushCid++;
          res.writeHead(200, pushHeaders).end(push);
        } else if (path === '/v3/push/cid') {
          counts.cid++;
          const count = Math.min(Math.max(Number(new URLSearchParams(query).get('count')) || 1, 1), 1000);
          reply(res, 200, JSON.stringify({ cidlist: Array.from({ length: count }, () => `a0b1c2d3e4f5a6b7c8d9e0f1-${randomUUID()}`) }));
        } else {
          counts.other++;
          reply(res, 404, JSON.stringify({ error: { code: 1011, message: `no route for ${req.method} ${path}` } }));
        }
      });
    },
    stats: () => ({ ...counts }),
  };
}
