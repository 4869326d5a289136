// Type tests against the packed packages (test/packages/types.test.ts compiles this file in the consumer
// project with moduleResolution nodenext and bundler; the runtime matrix runs `deno check` on it).
// Correct calls must compile; each misuse carries `@ts-expect-error TSnnnn`, and the test also compiles
// the file with the directives removed to see that exactly those lines fail, with exactly those codes.
import {
  JSMS,
  APIError,
  AuthenticationError,
  JiguangError,
  type MsgIdResult,
  type SendCodeRequest,
} from '@jiguang-ts/jsms';
import { JPush, type PushPayload, type PushResult } from '@jiguang-ts/jpush';
import { UMS, type SendMessageRequest, type UmsCodeMessage } from '@jiguang-ts/ums';

export async function correct(): Promise<unknown[]> {
  const jsms = new JSMS({ appKey: 'k', masterSecret: 's', timeout: 5_000, maxRetries: 1 });
  const sent: MsgIdResult = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 }, timeout: 300 });
  const id: string | number = sent.msg_id;
  const body: SendCodeRequest = { mobile: '13800138000', temp_id: 1, sign_id: 2 };
  const { data, response, rateLimit } = await jsms.sendCode({ body }).withResponse();
  const status: number = response.status;
  const remaining: number | undefined = rateLimit.remaining;

  const jpush = new JPush({ appKey: 'k', masterSecret: 's', region: 'beijing' });
  const payload: PushPayload = { platform: ['android', 'ios'], audience: { tag: ['vip'] }, notification: { alert: 'Hi' } };
  const pushed: PushResult = await jpush.push({ body: payload, maxRetries: 2, signal: AbortSignal.timeout(1_000) });
  const msgId: string = pushed.msg_id;
  const cids: string[] = (await jpush.getCidList({ query: { count: 3, type: 'push' } })).cidlist;

  const ums = new UMS({ channelKey: 'c', masterSecret: 's', dangerouslyAllowBrowser: false });
  const toUsers: SendMessageRequest = { aud_userid: ['u1'], msg_app: [{ platform: 'all', notification: { alert: 'Hi' } }] };
  const toPhones: SendMessageRequest = { aud_sms: [{ data: ['13800138000'] }], msg_sms: [{ sign_id: 1, temp_id: 1 }] };
  const r: UmsCodeMessage = await ums.sendMessage({ body: toUsers });

  try {
    await ums.sendMessage({ body: toPhones, headers: { Prefer: 'code=401' } });
  } catch (e) {
    if (e instanceof AuthenticationError) return [e.status, e.code, e.body];
    if (e instanceof APIError || e instanceof JiguangError) return [e.message];
  }
  return [id, data, status, remaining, msgId, cids, r.code];
}

export async function misuse(jsms: JSMS, jpush: JPush, ums: UMS): Promise<void> {
  // @ts-expect-error TS2353 wrong field: `temp_para` does not exist on sendCode's body
  await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1, temp_para: {} } });
  // @ts-expect-error TS2322 wrong enum value: `windows` is no JPush platform
  await jpush.push({ body: { platform: 'windows', audience: 'all', notification: { alert: 'Hi' } } });
  // @ts-expect-error TS2741 missing required field: `temp_id`
  await jsms.sendCode({ body: { mobile: '13800138000' } });
  // @ts-expect-error TS2554 missing required argument: sendCode needs a body
  await jsms.sendCode();
  // @ts-expect-error TS2322 wrong result type: a push msg_id is a string (it can exceed 2^53)
  const asNumber: number = (await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } })).msg_id;
  // @ts-expect-error TS2322 wrong client option: region is 'default' | 'beijing'
  new JPush({ appKey: 'k', masterSecret: 's', region: 'shanghai' });
  // @ts-expect-error TS2322 wrong per-call option type: timeout is in milliseconds (a number)
  await jsms.getAppBalance({ timeout: '300' });

  // @ts-expect-error TS2322 mixed UMS audiences: user `aud_userid` with channel `aud_sms` in one message
  await ums.sendMessage({ body: { aud_userid: ['u1'], aud_sms: [{ data: ['13800138000'] }], msg_sms: [{ sign_id: 1, temp_id: 1 }] } });
  void asNumber;
}
