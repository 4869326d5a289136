// Compiled by `npm run typecheck` against the BUILT packages (dist/*.d.ts through package exports),
// the way a user's NodeNext project sees them. Type errors here fail the test command.
import { JSMS, PermissionDeniedError, jsmsErrorCode, type SendCodeData } from '@jiguang-ts/jsms';
import { JPush, RateLimitError } from '@jiguang-ts/jpush';
import { UMS, RequestValidationError } from '@jiguang-ts/ums';

export async function consumer() {
  const jsms = new JSMS({ appKey: 'k', masterSecret: 's', timeout: 5000 });
  const sent = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 }, maxRetries: 1 });
  const id: string | number = sent.msg_id;
  const body: SendCodeData['body'] = { mobile: '1', temp_id: 2 };
  // @ts-expect-error temp_id is required
  await jsms.sendCode({ body: { mobile: '13800138000' } });
  // @ts-expect-error voice_lang is 0 | 1 | 2
  await jsms.sendVoiceCode({ body: { mobile: '1', voice_lang: 7 } });
  const { data, response, rateLimit } = await jsms.getAppBalance().withResponse();
  const status: number = response.status;
  const remaining: number | undefined = rateLimit.remaining;

  const jpush = new JPush({ appKey: 'k', masterSecret: 's', region: 'beijing' });
  const pushed = await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } } });
  const msgId: string = pushed.msg_id;
  // @ts-expect-error region is 'default' | 'beijing'
  new JPush({ appKey: 'k', masterSecret: 's', region: 'shanghai' });

  const ums = new UMS({ channelKey: 'c', masterSecret: 's' });
  const r = await ums.sendTemplateMessage({ body: { template_id: 1, template_para: {}, aud_userid: ['u'] } });
  const code: number = r.code;

  try {
    await jsms.sendMessage({ body: { mobile: '1', temp_id: 1 } });
  } catch (e) {
    if (e instanceof PermissionDeniedError || e instanceof RateLimitError || e instanceof RequestValidationError) {
      const text: string | undefined = e instanceof PermissionDeniedError ? jsmsErrorCode[e.code ?? 0] : e.message;
      return [id, body, data, status, remaining, msgId, code, text];
    }
  }
  return [];
}
