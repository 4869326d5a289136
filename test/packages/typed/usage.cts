// The CommonJS view of the packed packages (resolved through the `require` condition to dist/index.d.cts),
// compiled by test/packages/types.test.ts with moduleResolution nodenext.
import jsmsPkg = require('@jiguang-ts/jsms');
import jpushPkg = require('@jiguang-ts/jpush');
import umsPkg = require('@jiguang-ts/ums');

export async function correctCjs(): Promise<unknown[]> {
  const jsms = new jsmsPkg.JSMS({ appKey: 'k', masterSecret: 's' });
  const sent: jsmsPkg.MsgIdResult = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
  const pushed: jpushPkg.PushResult = await new jpushPkg.JPush({ appKey: 'k', masterSecret: 's' }).push({
    body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } },
  });
  const e: unknown = new Error();
  const isCoreError: boolean = e instanceof umsPkg.JiguangError && e instanceof jsmsPkg.JiguangError;
  // @ts-expect-error TS2353 wrong field: `temp_para` does not exist on sendCode's body
  await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1, temp_para: {} } });
  return [sent.msg_id, pushed.msg_id, isCoreError];
}
