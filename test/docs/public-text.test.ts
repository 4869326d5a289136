// Public text — the specs, everything generated from them, the docs sources and the built site — cites
// sources as public links or plain words, never the internal shorthand (scripts/checks/public-text.mjs).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, findInternalTags, pageText } from '../../scripts/checks/public-text.mjs';
import { services } from '../../scripts/lib.mjs';

const root = path.resolve(import.meta.dirname, '../..');

describe('public text', () => {
  it('no internal source tag in the specs, generated files, docs sources or the built pages', () => {
    for (const svc of services) {
      expect(existsSync(path.join(root, 'generated', 'docs', `${svc}.html`)), 'generated/docs: run npm run docs').toBe(true);
    }
    expect(check()).toEqual([]);
  });

  it('the checker recognises each kind of tag the specs once carried', () => {
    const tagged = [
      'Every endpoint lives on `https://api.sms.jpush.cn` (seed003); all paths start with `/v1/`.',
      'this spec follows (d2019:zh/jsms/server/rest_jsms_api_account.md).',
      'Sources: d2019 rest_api_v3_push.md (sendno, time_to_live)',
      '(java:client/PushClient.java, java:bean/push/other/SM2Push.java)',
      'Source: go:api/jpush/device/v3_list_test_devices.go (I). Example adapted.',
      'Sources: web:https://docs.jiguang.cn/jpush/server/push/rest_api_v3_file (D),',
      'Source: d2019:zh/jpush/server/push/rest_api_v3_report.md (D; the example has a trailing comma)',
      'HarmonyOS notification (added 2024). Source O (java HmosNotification.java), I.',
      'Personalised-copy backup title (undocumented; I).',
      'also carry `ts`, the execution time in ms — I); older schedules',
      'Action button. Source I (go notification/android.go).',
      'Sources: d2019:zh/jsms/server/rest_api_jsms_sign.md, en twin.',
      'See `shared/reference/API-INVENTORY.md` Part 3.',
      'Source: docs.jiguang.cn retract page (UMS-05).',
      'Source: ERRORS.md §3.1 (2019 docs, seeds, SDK sources).',
    ];
    for (const text of tagged) expect(findInternalTags(text), text).not.toEqual([]);
    const clean = [
      'Sources: [2019 JSMS send API docs](https://github.com/jpush/jpush-docs/blob/master/zh/jsms/server/rest_api_jsms.md), [JSMS REST API overview](https://docs.jiguang.cn/en/jsms/server/rest_api_summary).',
      'Source: [community Go SDK `v3_set_device.go`](https://github.com/cavlabs/jiguang-sdk-go/blob/main/api/jpush/device/v3_set_device.go) (inferred).',
      'From the [official Java SDK `Callback.java`](https://github.com/jpush/jiguang-sdk-java/blob/master/jiguang-sdk/src/main/java/cn/jiguang/sdk/bean/push/callback/Callback.java).',
      'Two messages (2019 docs); iOS (ios), Android (android), tag OR (union).',
    ];
    for (const text of clean) expect(findInternalTags(text), text).toEqual([]);
  });

  it('reads the text of a built page without Redoc’s own script, but with the spec it embeds', () => {
    const html = `<html><body><p>Hello</p><script>var a=f(I);go:x</script><script>const __redoc_definition = {"d":"seed001"};\nhydrate()</script></body></html>`;
    const text = pageText(html);
    expect(findInternalTags(text).map((t: { match: string }) => t.match)).toEqual(['seed001']);
  });
});
