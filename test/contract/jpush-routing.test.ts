// Every JPush operation reaches its own host and path, in both regions, with the right key pair.
// The expected table is written here by hand from reference/API-INVENTORY.md ("Hosts at a glance",
// "Beijing region mapping"), independently of the spec, so a routing mistake in either shows up.
import { describe, expect, it } from 'vitest';
import { JPush } from '@jiguang-ts/jpush';
import { exampleCall, operations } from '../helpers.js';

const API = 'https://api.jpush.cn';
const DEVICE = 'https://device.jpush.cn';
const REPORT = 'https://report.jpush.cn';
const ADMIN = 'https://admin.jpush.cn';
const BJ = 'https://bjapi.push.jiguang.cn';

type Rule = { host: string; path: string; bjHost: string; bjPath: (p: string) => string; auth: 'app' | 'group' | 'dev' };
const same = (p: string) => p;
const family: Record<string, Omit<Rule, 'path'>> = {
  // Push API: Beijing keeps the path (documented for push/validate/cid; inferred for the rest of /v3/push…).
  push: { host: API, bjHost: BJ, bjPath: same, auth: 'app' },
  group: { host: API, bjHost: BJ, bjPath: same, auth: 'group' },
  schedule: { host: API, bjHost: BJ, bjPath: (p) => p.replace('/v3/schedules', '/v3/push/schedules'), auth: 'app' },
  // No documented Beijing mapping: the default host in both regions.
  apiOnly: { host: API, bjHost: API, bjPath: same, auth: 'app' },
  device: {
    host: DEVICE,
    bjHost: BJ,
    bjPath: (p) => p.replace('/v3/devices', '/v3/device').replace('/v3/aliases', '/v3/device/aliases').replace('/v3/tags', '/v3/device/tags'),
    auth: 'app',
  },
  testDevice: { host: DEVICE, bjHost: DEVICE, bjPath: same, auth: 'app' },
  report: { host: REPORT, bjHost: BJ, bjPath: (p) => p.replace('/v3/', '/v3/report/'), auth: 'app' },
  groupReport: { host: REPORT, bjHost: BJ, bjPath: (p) => p.replace('/v3/', '/v3/report/'), auth: 'group' },
  admin: { host: ADMIN, bjHost: ADMIN, bjPath: same, auth: 'dev' },
};
const expected: Record<string, [keyof typeof family, string]> = {
  push: ['push', 'POST /v3/push'],
  validatePush: ['push', 'POST /v3/push/validate'],
  getCidList: ['push', 'GET /v3/push/cid'],
  withdrawPush: ['push', 'DELETE /v3/push/{msg_id}'],
  getVendorQuota: ['push', 'GET /v3/push/quota'],
  pushByFile: ['push', 'POST /v3/push/file'],
  groupPush: ['group', 'POST /v3/grouppush'],
  groupPushByFile: ['group', 'POST /v3/grouppush/file'],
  batchPushByRegistrationId: ['push', 'POST /v3/push/batch/regid/single'],
  batchPushByAlias: ['push', 'POST /v3/push/batch/alias/single'],
  templatePush: ['push', 'POST /v3/push/template'],
  scheduleTemplatePush: ['push', 'POST /v3/push/template/schedule'],
  createSchedule: ['schedule', 'POST /v3/schedules'],
  listSchedules: ['schedule', 'GET /v3/schedules'],
  getSchedule: ['schedule', 'GET /v3/schedules/{schedule_id}'],
  getScheduleMsgIds: ['schedule', 'GET /v3/schedules/{schedule_id}/msg_ids'],
  updateSchedule: ['schedule', 'PUT /v3/schedules/{schedule_id}'],
  deleteSchedule: ['schedule', 'DELETE /v3/schedules/{schedule_id}'],
  createPushPlan: ['apiOnly', 'POST /v3/push_plan/create'],
  updatePushPlan: ['apiOnly', 'PUT /v3/push_plan/update'],
  listPushPlans: ['apiOnly', 'GET /v3/push_plan/list'],
  uploadFile: ['apiOnly', 'POST /v3/files/{file}'],
  listFiles: ['apiOnly', 'GET /v3/files'],
  getFile: ['apiOnly', 'GET /v3/files/{file}'],
  deleteFile: ['apiOnly', 'DELETE /v3/files/{file}'],
  addImageByUrl: ['apiOnly', 'POST /v3/images/byurls'],
  updateImageByUrl: ['apiOnly', 'PUT /v3/images/byurls/{media_id}'],
  addImageByFile: ['apiOnly', 'POST /v3/images/byfiles'],
  updateImageByFile: ['apiOnly', 'PUT /v3/images/byfiles/{media_id}'],
  getDevice: ['device', 'GET /v3/devices/{registration_id}'],
  setDevice: ['device', 'POST /v3/devices/{registration_id}'],
  getDevicesOnlineStatus: ['device', 'POST /v3/devices/status'],
  getAliasDevices: ['device', 'GET /v3/aliases/{alias}'],
  deleteAlias: ['device', 'DELETE /v3/aliases/{alias}'],
  removeAliasDevices: ['device', 'POST /v3/aliases/{alias}'],
  listTags: ['device', 'GET /v3/tags'],
  checkTagMembership: ['device', 'GET /v3/tags/{tag}/registration_ids/{registration_id}'],
  updateTagDevices: ['device', 'POST /v3/tags/{tag}'],
  deleteTag: ['device', 'DELETE /v3/tags/{tag}'],
  addTestDevice: ['testDevice', 'POST /v3/test/model/add'],
  updateTestDevice: ['testDevice', 'PUT /v3/test/model/update'],
  deleteTestDevice: ['testDevice', 'DELETE /v3/test/model/delete/{registration_id}'],
  listTestDevices: ['testDevice', 'GET /v3/test/model/list'],
  getReceived: ['report', 'GET /v3/received'],
  getReceivedDetail: ['report', 'GET /v3/received/detail'],
  getMessageStatus: ['report', 'POST /v3/status/message'],
  getMessages: ['report', 'GET /v3/messages'],
  getMessagesDetail: ['report', 'GET /v3/messages/detail'],
  getUserStats: ['report', 'GET /v3/users'],
  getGroupMessagesDetail: ['groupReport', 'GET /v3/group/messages/detail'],
  getGroupUserStats: ['groupReport', 'GET /v3/group/users'],
  createApp: ['admin', 'POST /v1/app'],
  deleteApp: ['admin', 'POST /v1/app/{appKey}/delete'],
  uploadApnsCertificate: ['admin', 'POST /v1/app/{appKey}/certificate'],
};

const users = { app: 'app-key', group: 'group-group-key', dev: 'dev-key' };

describe('JPush host/region routing', () => {
  it('the table covers exactly the 54 operations of the spec', () => {
    expect(Object.keys(expected).sort()).toEqual(operations('jpush').map((o) => o.id).sort());
    expect(Object.keys(expected)).toHaveLength(54);
  });

  for (const region of ['default', 'beijing'] as const) {
    for (const [id, [fam, route]] of Object.entries(expected)) {
      it(`${region}: ${id}`, async () => {
        const seen: Request[] = [];
        const jpush = new JPush({
          appKey: 'app-key',
          masterSecret: 'ms',
          groupKey: 'group-key',
          groupMasterSecret: 'gs',
          devKey: 'dev-key',
          devSecret: 'ds',
          region,
          maxRetries: 0,
          // `code: 0` satisfies the business-code operations (plans, templates, quota, admin); the others ignore it.
          fetch: async (input, init) => (seen.push(new Request(input, init)), new Response('{"code":0}', { status: 200, headers: { 'content-type': 'application/json' } })),
        });
        const args = exampleCall('jpush', id);
        await (jpush as unknown as Record<string, (o: object) => Promise<unknown>>)[id]!(args);
        expect(seen).toHaveLength(1);
        const rule = family[fam]!;
        const [method, template] = route.split(' ') as [string, string];
        const path = template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(args.path[name])));
        const url = new URL(seen[0]!.url);
        expect(seen[0]!.method).toBe(method);
        expect(url.origin + url.pathname).toBe(region === 'default' ? rule.host + path : rule.bjHost + rule.bjPath(path));
        expect(atob(seen[0]!.headers.get('authorization')!.slice(6)).split(':')[0]).toBe(users[rule.auth]);
      });
    }
  }

  it('baseUrl (a proxy or mock) replaces every host but keeps the region path', async () => {
    const seen: string[] = [];
    const jpush = new JPush({
      appKey: 'a',
      masterSecret: 'm',
      region: 'beijing',
      baseUrl: 'https://proxy.internal',
      fetch: async (input) => (seen.push(String(input)), new Response('{"code":0}', { status: 200 })),
    });
    await jpush.getDevice({ path: { registration_id: 'rid' } });
    await jpush.listSchedules();
    expect(seen).toEqual(['https://proxy.internal/v3/device/rid', 'https://proxy.internal/v3/push/schedules']);
  });
});
