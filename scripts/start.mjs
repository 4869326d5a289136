// The main job's last step (npm start runs generate, docs and build first): start the Prism mocks,
// send example calls through the BUILT packages, print what came back, say where the docs are, stop.
// Needs no credentials (placeholders: the mock checks only that Basic auth is present) and no network
// beyond 127.0.0.1.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { root, services } from './lib.mjs';
import { startMock } from './mock.mjs';

const mocks = {};
const show = (label, value) => console.log(`  ${label}\n    → ${JSON.stringify(value)}`);
try {
  for (const svc of services) mocks[svc] = await startMock(svc);
  const common = { masterSecret: 'demo-master-secret', maxRetries: 0, logLevel: 'warn' };

  if (mocks.jsms) {
    const { JSMS, APIError } = await import('@jiguang-ts/jsms');
    const jsms = new JSMS({ ...common, appKey: 'demo-app-key', baseUrl: mocks.jsms.url });
    console.log(`\nJSMS via @jiguang-ts/jsms against Prism at ${mocks.jsms.url}`);
    const sent = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
    show('sendCode({ mobile: "13800138000", temp_id: 1 })', sent);
    show(`verifyCode(msg_id ${sent.msg_id}, "123456")`, await jsms.verifyCode({ path: { msg_id: String(sent.msg_id) }, body: { code: '123456' } }));
    const { data, rateLimit, response } = await jsms.getAppBalance().withResponse();
    show(`getAppBalance() [HTTP ${response.status}]`, { data, rateLimit });
    try {
      await jsms.sendVoiceCode({ body: { mobile: '13800138000', code: '12ab' } });
    } catch (e) {
      if (!(e instanceof APIError)) throw e;
      show('sendVoiceCode({ code: "12ab" }) rejected as expected', { error: e.name, status: e.status, message: e.message });
    }
  }
  if (mocks.jpush) {
    const { JPush } = await import('@jiguang-ts/jpush');
    const jpush = new JPush({ ...common, appKey: 'demo-app-key', baseUrl: mocks.jpush.url, maxRetries: 1 });
    console.log(`\nJPush via @jiguang-ts/jpush against Prism at ${mocks.jpush.url}`);
    const { data, rateLimit } = await jpush
      .push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hello from jiguang-ts' } } })
      .withResponse();
    show('push({ platform: "all", audience: "all", notification: { alert } })  (auto cid → retry-safe)', { data, rateLimit });
    show('getDevice("160a3797c80f8d3bd55")', await jpush.getDevice({ path: { registration_id: '160a3797c80f8d3bd55' } }));
  }
  if (mocks.ums) {
    const { UMS } = await import('@jiguang-ts/ums');
    const ums = new UMS({ ...common, channelKey: 'demo-channel-key', baseUrl: mocks.ums.url });
    console.log(`\nUMS via @jiguang-ts/ums against Prism at ${mocks.ums.url}`);
    show(
      'sendTemplateMessage({ template_id, template_para, aud_userid })',
      await ums.sendTemplateMessage({ body: { template_id: 1001, template_para: { name: 'Ada' }, aud_userid: ['user_1'] } }),
    );
  }
  const docs = path.join(root, 'generated', 'docs', 'index.html');
  console.log(`\nAPI reference (offline Redoc): ${existsSync(docs) ? docs : '(run npm run docs)'}`);
  for (const svc of services) console.log(`  ${svc}: ${path.join(root, 'generated', 'docs', svc + '.html')}`);
} finally {
  await Promise.all(Object.values(mocks).map((m) => m.stop()));
}
console.log('\nmocks stopped; done.');
