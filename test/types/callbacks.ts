// Compiled by `npm run typecheck` against the BUILT packages: callbacks, the node adapter, SM2 and the mock
// as a user's NodeNext project sees them (package exports → dist/*.d.ts).
import { JSMS, MAX_CALLBACK_BYTES, WebhookVerificationError, dedupeRecords, jsmsWebhooks, memoryReplayStore, type JsmsCallbackEvent, type JSMSWebhooks, type ReplayStore } from '@jiguang-ts/jsms';
import { UMS, umsWebhooks, type StatusCallbackRecord } from '@jiguang-ts/ums';
import { JPush, jpushWebhooks, type JPushReceipt, type PushEncryption } from '@jiguang-ts/jpush';
import { JPUSH_SM2_PUBLIC_KEY, encryptPushBody, sm2Encryption } from '@jiguang-ts/jpush/sm2';
import { nodeHandler, toWebRequest, sendWebResponse } from '@jiguang-ts/jsms/node';
import { nodeHandler as umsNodeHandler } from '@jiguang-ts/ums/node';
import { startMock, type MockServer } from '@jiguang-ts/mock';

export async function callbacks(request: Request) {
  const jsms = new JSMS({ appKey: 'k', masterSecret: 's' });
  const hooks: JSMSWebhooks = jsms.webhooks;
  const event: JsmsCallbackEvent = await hooks.unwrap(request);
  if (event.type === 'SMS_REPORT') {
    const status: number = event.data.status;
    const phone: string = event.data.phone;
  } else if (event.type === 'SMS_TEMPLATE') {
    const id: number = event.data.tempId;
    // @ts-expect-error a template result has no phone
    event.data.phone;
  }
  const res: Response = await jsmsWebhooks({ appKey: 'k', masterSecret: 's', tolerance: 60_000 }).handle(request, (e) => {
    const nonce: string = e.nonce;
  });
  const records: StatusCallbackRecord[] = await new UMS({ channelKey: 'c', masterSecret: 's' }).webhooks.unwrap(request);
  const t: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 = records[0]!.type;
  await umsWebhooks({ channelKey: 'c', masterSecret: 's' }).handle(request, (rs) => rs.map((r) => r.msgid));
  const receipts: JPushReceipt[] = await new JPush({ appKey: 'k', masterSecret: 's' }).webhooks.unwrap(request);
  await jpushWebhooks().handle(request, () => undefined);
  try {
    await hooks.unwrap(request);
  } catch (e) {
    if (e instanceof WebhookVerificationError) {
      const status: number = e.status;
      const reason: 'method' | 'handshake' | 'auth' | 'signature' | 'timestamp' | 'missing' | 'malformed' | 'size' | 'contentType' = e.reason;
    }
  }
  // @ts-expect-error onEvent gets events, not a Request
  await hooks.handle(request, (e: Request) => e);
}

export function limitsAndReplays() {
  const store: ReplayStore = memoryReplayStore({ maxEntries: 10 });
  const shared: ReplayStore = { claim: async (key: string, ttlMs: number) => key.length + ttlMs > 0, release: async () => 1 };
  jsmsWebhooks({ appKey: 'k', masterSecret: 's', maxBodyBytes: 2 * MAX_CALLBACK_BYTES, replayStore: shared });
  jsmsWebhooks({ appKey: 'k', masterSecret: 's', replayStore: false, tolerance: 60_000 });
  umsWebhooks({ channelKey: 'c', masterSecret: 's', dedupe: dedupeRecords() });
  jpushWebhooks({ dedupe: dedupeRecords(store, 60_000), maxBodyBytes: 10_000 });
  // @ts-expect-error dedupe takes dedupeRecords(store), not a store
  umsWebhooks({ dedupe: store });
  // @ts-expect-error replayStore is a store, or false to turn it off
  jsmsWebhooks({ replayStore: true });
  // @ts-expect-error maxBodyBytes is a number of bytes
  jpushWebhooks({ maxBodyBytes: '1mb' });
  return nodeHandler(async () => new Response(null), { maxBodyBytes: 65_536, onError: () => undefined });
}

export async function streamedRequest(req: Parameters<typeof toWebRequest>[0]) {
  const request: Request = await toWebRequest(req, { maxBodyBytes: 4096 });
  return request;
}

export function adapters() {
  const handler = nodeHandler((request) => new JSMS({ appKey: 'k', masterSecret: 's' }).webhooks.handle(request, () => {}));
  const other = umsNodeHandler(async () => new Response('ok'), { onError: (e) => void e });
  const build: (req: Parameters<typeof toWebRequest>[0]) => Promise<Request> = toWebRequest;
  const send: typeof sendWebResponse = sendWebResponse;
  return { handler, other, build, send };
}

export async function sm2() {
  const encryption: PushEncryption = sm2Encryption({ publicKey: JPUSH_SM2_PUBLIC_KEY });
  const jpush = new JPush({ appKey: 'k', masterSecret: 's', encryption });
  const { headers, body } = encryptPushBody({ platform: 'all', audience: 'all' });
  const payload: string = body.payload;
  const h: Record<string, string> = headers;
  // @ts-expect-error encryption is a function, not a flag
  new JPush({ appKey: 'k', masterSecret: 's', encryption: true });
  return jpush;
}

export async function mock() {
  const m: MockServer = await startMock('jsms', { port: 4010 });
  // @ts-expect-error only jsms, jpush and ums have mocks
  await startMock('sms');
  await m.stop();
}
