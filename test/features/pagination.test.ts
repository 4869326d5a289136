// Async iteration over paged and pull-style lists, through the built clients against a real local server:
// page-numbered lists stop at the last page (by total pages or by total items), pull-style JSMS reports are
// pulled until a reply is empty, and the first reply is never fetched twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, JPush, listSchedules } from '@jiguang-ts/jpush';
import { JSMS } from '@jiguang-ts/jsms';
import { faultServer, type FaultServer } from '../fault-server.js';

let srv: FaultServer;
beforeAll(async () => {
  srv = await faultServer({ status: 500, body: { error: { code: 1, message: 'unexpected call' } } });
});
afterAll(() => srv.close());
const jpush = () => new JPush({ appKey: 'a', masterSecret: 'b', baseUrl: srv.url, maxRetries: 0 });
const jsms = () => new JSMS({ appKey: 'a', masterSecret: 'b', baseUrl: srv.url, maxRetries: 0 });
const schedule = (id: string) => ({ schedule_id: id, name: id, enabled: true, trigger: { single: { time: '2030-01-01 00:00:00' } }, push: { platform: 'all', audience: 'all', notification: { alert: 'x' } } });
const urls = () => srv.seen.map((s) => s.url);

describe('page-numbered lists', () => {
  it('listSchedules: every schedule of every page, one call per page, stops at total_pages', async () => {
    srv.seen.length = 0;
    srv.script(
      { status: 200, body: { total_count: 5, total_pages: 3, page: 1, schedules: [schedule('a'), schedule('b')] } },
      { status: 200, body: { total_count: 5, total_pages: 3, page: 2, schedules: [schedule('c'), schedule('d')] } },
      { status: 200, body: { total_count: 5, total_pages: 3, page: 3, schedules: [schedule('e')] } },
    );
    const ids: string[] = [];
    for await (const s of jpush().listSchedules()) ids.push(s.schedule_id!);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(urls()).toEqual(['/v3/schedules', '/v3/schedules?page=2', '/v3/schedules?page=3']);
  });

  it('starts from the page asked for, and works as a standalone function', async () => {
    srv.seen.length = 0;
    srv.script({ status: 200, body: { total_count: 5, total_pages: 3, page: 3, schedules: [schedule('e')] } });
    const all = [];
    for await (const s of listSchedules(jpush(), { query: { page: 3 } })) all.push(s);
    expect(all).toHaveLength(1);
    expect(urls()).toEqual(['/v3/schedules?page=3']);
  });

  it('listTestDevices: by total items and page size; .pages() yields each reply', async () => {
    srv.seen.length = 0;
    const device = (n: number) => ({ device_name: `d${n}`, device_model: 'm', registration_id: `r${n}`, registration_time: '2024-05-01 09:30:00', create_time: '2024-05-01 09:30:00' });
    srv.script(
      { status: 200, body: { total: 5, page: 1, page_size: 2, detail: [device(1), device(2)] } },
      { status: 200, body: { total: 5, page: 2, page_size: 2, detail: [device(3), device(4)] } },
      { status: 200, body: { total: 5, page: 3, page_size: 2, detail: [device(5)] } },
    );
    const pages = [];
    for await (const page of jpush().listTestDevices({ query: { page_size: 2 } }).pages()) pages.push(page.page);
    expect(pages).toEqual([1, 2, 3]);
    expect(urls()).toEqual(['/v3/test/model/list?page_size=2', '/v3/test/model/list?page_size=2&page=2', '/v3/test/model/list?page_size=2&page=3']);
  });

  it('listPushPlans: items under data.detail; an empty page ends the list', async () => {
    srv.seen.length = 0;
    const plan = (n: string) => ({ name: n, description: n, push_count: 1, create_time: '2023-10-01 10:00:00', last_used_time: '2023-10-01 10:00:00', send_source: 0 });
    srv.script(
      { status: 200, body: { code: 0, message: 'success', data: { total: 9, page: 1, page_size: 2, detail: [plan('p1'), plan('p2')] } } },
      { status: 200, body: { code: 0, message: 'success', data: { total: 9, page: 2, page_size: 2, detail: [] } } },
    );
    const names = [];
    for await (const p of jpush().listPushPlans()) names.push(p.name);
    expect(names).toEqual(['p1', 'p2']);
    expect(srv.seen).toHaveLength(2);
  });

  it('listFiles is one page: iterating makes one call', async () => {
    srv.seen.length = 0;
    srv.script({ status: 200, body: { total_count: 2, files: [{ file_id: 'f1', type: 'alias', file_name: 'a.txt', create_time: 't', expire_time: 't' }, { file_id: 'f2', type: 'alias', file_name: 'b.txt', create_time: 't', expire_time: 't' }] } });
    const ids = [];
    for await (const f of jpush().listFiles()) ids.push(f.file_id);
    expect(ids).toEqual(['f1', 'f2']);
    expect(srv.seen).toHaveLength(1);
  });

  it('awaiting a paged call fetches only the first page', async () => {
    srv.seen.length = 0;
    srv.script({ status: 200, body: { total_count: 5, total_pages: 3, page: 1, schedules: [schedule('a')] } });
    const first = await jpush().listSchedules();
    expect(first.schedules).toHaveLength(1);
    expect(srv.seen).toHaveLength(1);
  });
});

describe('pull-style lists (JSMS reports and replies hand out each record once)', () => {
  it('getReports: pulls until a reply is empty', async () => {
    srv.seen.length = 0;
    const report = (id: string) => ({ msgId: id, phone: '13800138000', receiveTime: 1492150741392, status: 4001 });
    srv.script({ status: 200, body: [report('1'), report('2')] }, { status: 200, body: [report('3')] }, { status: 200, body: [] });
    const ids = [];
    for await (const r of jsms().getReports()) ids.push(r.msgId);
    expect(ids).toEqual(['1', '2', '3']);
    expect(urls()).toEqual(['/v1/report', '/v1/report', '/v1/report']);
  });

  it('getReplies: an error mid-way ends the iteration with the typed error', async () => {
    srv.seen.length = 0;
    srv.script({ status: 200, body: [{ phone: '13800138000', replyTime: 1, content: 'TD' }] }, { status: 403, body: { error: { code: 50041, message: 'no permission' } } });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const r of jsms().getReplies()) seen.push(r.content);
    })().catch((e) => e);
    expect(seen).toEqual(['TD']);
    expect(err).toBeInstanceOf(APIError);
    expect(err.code).toBe(50041);
  });
});
