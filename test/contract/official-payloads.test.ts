// The push schemas against what the official Node clients really send: payloads built with the builders
// of `jpush-async` and `jpush-sdk` (npm) — every platform, audience, notification, message and option
// setter, including their random `sendno` up to 2^32 − 2 — must pass the SDK's local validation and the
// Prism mock's request validation. (Their legacy SMS setter is the one exception, see below.)
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { JPush, jpushValidators } from '@jiguang-ts/jpush';
import { mockUrl } from '../helpers.js';

const require = createRequire(import.meta.url);
const KEY = 'a'.repeat(24);
const SECRET = 'b'.repeat(24);

type Builder = Record<string, any>;
const clients: [string, Builder, (p: any) => unknown][] = [
  ['jpush-async', require('jpush-async').JPushAsync, (p) => p.toJSON()],
  ['jpush-sdk', require('jpush-sdk'), (p) => JSON.parse(p.toJSON())],
];

/** Payloads built the way the official clients' READMEs and tests build them, using every setter. */
const payloads = (J: Builder): [string, (c: any) => any][] => [
  ['all platforms, all audience, alert only', (c) => c.push().setPlatform(J.ALL).setAudience(J.ALL).setNotification('Hi, JPush')],
  [
    'per-platform notifications with every argument',
    (c) =>
      c
        .push()
        .setPlatform('ios', 'android', 'winphone')
        .setAudience(J.tag('555', '666'), J.alias('666,555'))
        .setNotification(
          'Hi, JPush',
          J.ios('ios alert', 'happy', 5, true, { k: 'v' }, 'category', true),
          J.android('android alert', 'title', 1, { k: 'v' }, 1, 'msg', 1, 'big text', 7, 'channel'),
          J.winphone('winphone alert', 'title', '/page.xaml', { k: 'v' }),
        ),
  ],
  ['android inbox and big picture styles', (c) => c.push().setPlatform('android').setAudience(J.registration_id('1a0018970aa2b0bd4e0')).setNotification(J.android('a', 't', 1, null, 2, 'promo', 2, { line: 'x' })).setMessage('m')],
  ['tag_and audience, message with every argument', (c) => c.push().setPlatform(J.ALL).setAudience(J.tag_and('vip', 'bj')).setMessage('msg content', 'title', 'text', { k: 'v' })],
  ['options with every argument', (c) => c.push().setPlatform(J.ALL).setAudience(J.ALL).setNotification('x').setOptions(4294967294, 60, null, false, 10, 'collapse')],
  ['options with only time_to_live (random sendno)', (c) => c.push().setPlatform(J.ALL).setAudience(J.ALL).setNotification('x').setOptions(null, 86400)],
];

describe('payloads built by the official Node clients', () => {
  for (const [name, J, json] of clients) {
    const client = J.buildClient({ appKey: KEY, masterSecret: SECRET, isDebug: false });
    for (const [label, build] of payloads(J)) {
      let payload: Builder;
      try {
        payload = build(client);
      } catch {
        continue; // a setter this client does not have (jpush-sdk has no tag_not/segment/sms)
      }
      it(`${name}: ${label}`, async () => {
        const body = json(payload);
        expect(() => jpushValidators('push', { body })).not.toThrow();
        expect(() => jpushValidators('validatePush', { body })).not.toThrow();
        // The mock validates the same body against the spec.
        const jpush = new JPush({ appKey: KEY, masterSecret: SECRET, baseUrl: mockUrl('jpush'), maxRetries: 0, validate: jpushValidators });
        await expect(jpush.validatePush({ body: body as never })).resolves.toBeDefined();
      });
    }
  }

  it('jpush-async: segment and abtest audiences', () => {
    const J = clients[0]![1];
    const c = J.buildClient({ appKey: KEY, masterSecret: SECRET, isDebug: false });
    const body = c.push().setPlatform(J.ALL).setAudience(J.segment('s1'), J.abtest('t1')).setNotification('x').toJSON();
    expect(() => jpushValidators('push', { body })).not.toThrow();
  });

  it("jpush-async's setSmsMessage builds the pre-2018 SMS form, which the API refuses: named before sending", () => {
    // `{ content, delay_time }`: JPush has required an approved JSMS template (`temp_id`) since March 2018,
    // so this payload fails at the server; local validation says which field is missing.
    const J = clients[0]![1];
    const c = J.buildClient({ appKey: KEY, masterSecret: SECRET, isDebug: false });
    const body = c.push().setPlatform(J.ALL).setAudience(J.ALL).setNotification('x').setSmsMessage('sms text', 60).toJSON();
    expect(() => jpushValidators('push', { body })).toThrow(/body\.sms_message\.temp_id: is required/);
  });

  it('random sendno values reach 2^32 − 2 and are accepted', () => {
    const J = clients[0]![1];
    const c = J.buildClient({ appKey: KEY, masterSecret: SECRET, isDebug: false });
    const sendnos = Array.from({ length: 200 }, () => c.push().setPlatform(J.ALL).setAudience(J.ALL).setNotification('x').toJSON().options.sendno);
    expect(Math.max(...sendnos)).toBeGreaterThan(2 ** 31);
    for (const sendno of sendnos) expect(() => jpushValidators('push', { body: { platform: 'all', audience: 'all', notification: { alert: 'x' }, options: { sendno } } })).not.toThrow();
  });
});
