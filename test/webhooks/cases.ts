// Callback requests built the way Jiguang documents them — JSMS signatures computed here with
// node:crypto (independently of the SDK's Web Crypto code), Basic credentials base64'd with Buffer —
// and what a receiver must answer. Run against a node:http server (node.test.ts) and workerd (workerd.test.ts).
import { createHash } from 'node:crypto';

export const JSMS_APP = { appKey: 'jsms-app-key-7f3a', masterSecret: 'jsms-Master-Sëcret-91c2' };
export const UMS_CHANNEL = { channelKey: 'ums-channel-key-44d0', masterSecret: 'ums-Master-Sëcret-0b7e' };
export const JPUSH_APP = { appKey: 'jpush-app-key-a9e1', masterSecret: 'jpush-Master-Sëcret-5d3f' };
/** Every value no refused response, error message or log may contain. */
export const SECRETS = [JSMS_APP, UMS_CHANNEL, JPUSH_APP].flatMap((c) => {
  const user = 'appKey' in c ? c.appKey : c.channelKey;
  return [c.masterSecret, Buffer.from(`${user}:${c.masterSecret}`).toString('base64')];
});

export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/jsms?echostr=…`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface Case {
  name: string;
  request: () => WireRequest;
  status: number;
  /** Exact response body, when it matters (handshake echo). */
  text?: string;
  /** What onEvent must have received (nothing for a refused request). */
  events: unknown[];
}

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');
export const jsmsSignature = (nonce: string, timestamp: string, app = JSMS_APP) =>
  sha1(`appKey=${app.appKey}&appMasterSecret=${app.masterSecret}&nonce=${nonce}&timestamp=${timestamp}`);

// A negative nonce beyond 2^53, as Java's Random.nextLong() produces.
export const NONCE = '-7659972084945889195';
/** A fresh random Java-long nonce (every callback Jiguang sends has its own; the handlers refuse a repeat). */
export const randomNonce = () => '-' + String(BigInt(2 ** 53) + BigInt(Math.floor(Math.random() * 2 ** 53)) * 1000n + BigInt(Math.floor(Math.random() * 1000)));
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' };

interface FormOptions {
  timestamp?: number;
  nonce?: string;
  signature?: string;
  omit?: string[];
  app?: typeof JSMS_APP;
}
/** A JSMS callback form, signed for `timestamp` (default now, epoch ms). */
export const jsmsForm = (type: string, data: string, o: FormOptions = {}): WireRequest => {
  const timestamp = String(o.timestamp ?? Date.now());
  const nonce = o.nonce ?? randomNonce();
  const fields: Record<string, string> = { nonce, timestamp, signature: o.signature ?? jsmsSignature(nonce, timestamp, o.app), type, data };
  for (const f of o.omit ?? []) delete fields[f];
  return { method: 'POST', path: '/jsms', headers: FORM, body: new URLSearchParams(fields).toString() };
};

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
const UMS_AUTH = { authorization: basic(UMS_CHANNEL.channelKey, UMS_CHANNEL.masterSecret) };
const JPUSH_AUTH = { authorization: basic(JPUSH_APP.appKey, JPUSH_APP.masterSecret) };
const JSON_TYPE = { 'content-type': 'application/json' };

// The documented `data` of each JSMS type (docs' curl samples and console test data).
export const JSMS_DATA = {
  SMS_REPORT: { msgId: '1652496', phone: '15822889320', receiveTime: 1492150741392, status: 4001 },
  SMS_REPLY: { content: 'TD 退订', phone: '13720481024', replyTime: 1492150740292 },
  SMS_TEMPLATE: { tempId: 57496, status: 2, refuseReason: '内容不合规 & too long' },
  SMS_SIGN: { signId: 123, status: 1, refuseReason: null },
} as const;

// One record of each of the 9 UMS statuses.
export const UMS_RECORDS = Array.from({ length: 9 }, (_, type) => ({
  type,
  channelkey: UMS_CHANNEL.channelKey,
  msgid: '1828256757',
  userid: 'user-' + type,
  sender: 1,
  app_platform: 0,
  app_sender: 0,
  sent_time: 1700000000 + type,
  ...([1, 3, 5, 8].includes(type) ? { error: { code: 1000 + type, message: 'failed' } } : {}),
  params: { order: 'A-1' },
}));
const RECEIPT = { msg_id: '18100876565963840', registration_id: '1a0018970a4e4d5b0fe', type: 2, params: { campaign: 'x' } };

const minutes = (n: number) => n * 60_000;

export const cases: Case[] = [
  // JSMS
  { name: 'jsms: URL check echoes echostr', request: () => ({ method: 'GET', path: '/jsms?echostr=a8Zk3pQx' }), status: 200, text: 'a8Zk3pQx', events: [] },
  { name: 'jsms: URL check without echostr', request: () => ({ method: 'GET', path: '/jsms' }), status: 400, events: [] },
  ...Object.entries(JSMS_DATA).map(([type, data]) => ({
    name: `jsms: ${type} with a good signature`,
    request: () => jsmsForm(type, JSON.stringify(data)),
    status: 200,
    events: [{ type, data }],
  })),
  { name: 'jsms: bad signature', request: () => jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { signature: 'f'.repeat(40) }), status: 401, events: [] },
  {
    name: 'jsms: signed with another master secret',
    request: () => jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { app: { ...JSMS_APP, masterSecret: 'other' } }),
    status: 401,
    events: [],
  },
  { name: 'jsms: missing signature', request: () => jsmsForm('SMS_REPLY', JSON.stringify(JSMS_DATA.SMS_REPLY), { omit: ['signature'] }), status: 400, events: [] },
  { name: 'jsms: missing data and type', request: () => jsmsForm('SMS_REPLY', '{}', { omit: ['data', 'type'] }), status: 400, events: [] },
  { name: 'jsms: missing timestamp', request: () => jsmsForm('SMS_REPLY', '{}', { omit: ['timestamp'] }), status: 400, events: [] },
  { name: 'jsms: empty body', request: () => ({ method: 'POST', path: '/jsms', headers: FORM, body: '' }), status: 400, events: [] },
  {
    name: 'jsms: stale timestamp (10 min old, correctly signed) is a replay',
    request: () => jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { timestamp: Date.now() - minutes(10) }),
    status: 401,
    events: [],
  },
  {
    name: 'jsms: timestamp in seconds instead of ms is refused as stale',
    request: () => jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { timestamp: Math.floor(Date.now() / 1000) }),
    status: 401,
    events: [],
  },
  {
    name: 'jsms: future timestamp (10 min ahead, correctly signed)',
    request: () => jsmsForm('SMS_REPORT', JSON.stringify(JSMS_DATA.SMS_REPORT), { timestamp: Date.now() + minutes(10) }),
    status: 401,
    events: [],
  },
  {
    name: 'jsms: 4 min old is inside the default 5 min window',
    request: () => jsmsForm('SMS_SIGN', JSON.stringify(JSMS_DATA.SMS_SIGN), { timestamp: Date.now() - minutes(4) }),
    status: 200,
    events: [{ type: 'SMS_SIGN', data: JSMS_DATA.SMS_SIGN }],
  },
  { name: 'jsms: malformed JSON data', request: () => jsmsForm('SMS_REPORT', '{"msgId":"1652496",'), status: 400, events: [] },
  { name: 'jsms: data that is JSON but not an object', request: () => jsmsForm('SMS_REPLY', '[1,2]'), status: 400, events: [] },
  { name: 'jsms: unknown type', request: () => jsmsForm('SMS_VOICE', '{}'), status: 400, events: [] },
  { name: 'jsms: non-numeric nonce', request: () => jsmsForm('SMS_REPLY', '{}', { nonce: 'abc' }), status: 400, events: [] },
  { name: 'jsms: PUT is not a callback', request: () => ({ method: 'PUT', path: '/jsms', body: 'x' }), status: 405, events: [] },

  // UMS
  { name: 'ums: URL check with the channel credentials', request: () => ({ method: 'GET', path: '/ums?echostr=571fd1bfaadc4919a652d56d13925e0f', headers: UMS_AUTH }), status: 200, text: '571fd1bfaadc4919a652d56d13925e0f', events: [] },
  { name: 'ums: URL check without credentials', request: () => ({ method: 'GET', path: '/ums?echostr=571fd1bf' }), status: 401, events: [] },
  { name: 'ums: 9 status records', request: () => ({ method: 'POST', path: '/ums', headers: { ...UMS_AUTH, ...JSON_TYPE }, body: JSON.stringify(UMS_RECORDS) }), status: 200, events: [UMS_RECORDS] },
  {
    name: 'ums: wrong Basic credentials',
    request: () => ({ method: 'POST', path: '/ums', headers: { authorization: basic(UMS_CHANNEL.channelKey, 'wrong'), ...JSON_TYPE }, body: JSON.stringify(UMS_RECORDS) }),
    status: 401,
    events: [],
  },
  {
    name: 'ums: JPush credentials are not UMS credentials',
    request: () => ({ method: 'POST', path: '/ums', headers: { ...JPUSH_AUTH, ...JSON_TYPE }, body: JSON.stringify(UMS_RECORDS) }),
    status: 401,
    events: [],
  },
  { name: 'ums: no Authorization', request: () => ({ method: 'POST', path: '/ums', headers: JSON_TYPE, body: JSON.stringify(UMS_RECORDS) }), status: 401, events: [] },
  { name: 'ums: Authorization that is not base64', request: () => ({ method: 'POST', path: '/ums', headers: { authorization: 'Basic %%%', ...JSON_TYPE }, body: '[]' }), status: 401, events: [] },
  { name: 'ums: malformed JSON', request: () => ({ method: 'POST', path: '/ums', headers: { ...UMS_AUTH, ...JSON_TYPE }, body: '[{"type":4,' }), status: 400, events: [] },
  { name: 'ums: JSON that is not records', request: () => ({ method: 'POST', path: '/ums', headers: { ...UMS_AUTH, ...JSON_TYPE }, body: '[1,"x"]' }), status: 400, events: [] },

  // JPush
  { name: 'jpush: one receipt object', request: () => ({ method: 'POST', path: '/jpush', headers: { ...JPUSH_AUTH, ...JSON_TYPE }, body: JSON.stringify(RECEIPT) }), status: 200, events: [[RECEIPT]] },
  { name: 'jpush: an array of receipts', request: () => ({ method: 'POST', path: '/jpush', headers: { ...JPUSH_AUTH, ...JSON_TYPE }, body: JSON.stringify([RECEIPT, RECEIPT]) }), status: 200, events: [[RECEIPT, RECEIPT]] },
  { name: 'jpush: wrong Basic credentials', request: () => ({ method: 'POST', path: '/jpush', headers: { ...UMS_AUTH, ...JSON_TYPE }, body: JSON.stringify(RECEIPT) }), status: 401, events: [] },
  { name: 'jpush: no Authorization', request: () => ({ method: 'POST', path: '/jpush', headers: JSON_TYPE, body: JSON.stringify(RECEIPT) }), status: 401, events: [] },
  { name: 'jpush: malformed JSON', request: () => ({ method: 'POST', path: '/jpush', headers: { ...JPUSH_AUTH, ...JSON_TYPE }, body: '{' }), status: 400, events: [] },
];

/** Sends one case to `base` with fetch and returns status and body text. */
export const send = async (base: string, r: WireRequest) => {
  const res = await fetch(base + r.path, { method: r.method, headers: r.headers, body: r.body });
  return { status: res.status, text: await res.text(), headers: res.headers };
};

/** JSMS events carry the signing timestamp and a random nonce; compare everything else. */
export const comparable = (events: unknown[]) =>
  events.map((e) =>
    e && typeof e === 'object' && 'timestamp' in e ? (({ timestamp, nonce, ...rest }) => (expectNumber(timestamp), expectNonce(nonce), rest))(e as { timestamp: unknown; nonce: unknown }) : e,
  );
const expectNonce = (n: unknown) => {
  if (typeof n !== 'string' || !/^-\d{16,19}$/.test(n)) throw new Error(`event nonce ${String(n)} is not a Java long beyond 2^53, as text`);
};
const expectNumber = (t: unknown) => {
  if (typeof t !== 'number' || Math.abs(Date.now() - t) > minutes(6)) throw new Error(`event timestamp ${String(t)} is not a recent epoch-ms number`);
};
