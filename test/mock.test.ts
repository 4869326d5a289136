// @jiguang-ts/mock as a user runs it: the `jiguang-mock` bin from node_modules/@jiguang-ts/mock, called with
// the SDK and stopped with Ctrl-C (SIGINT); the programmatic startMock; and Node 20, which Prism refuses.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JSMS, UnprocessableEntityError, BadRequestError } from '@jiguang-ts/jsms';
import { UMS } from '@jiguang-ts/ums';
import { MockError, services, specPath, startMock } from '@jiguang-ts/mock';
import { freePort } from '../scripts/mock.mjs';
import { successExample } from './helpers.js';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'node_modules', '.bin', 'jiguang-mock');

/** The first `node` on PATH outside node_modules/.bin: the system Node 20 the tooling does not use. */
const systemNode = (): string => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (!dir.includes('node_modules') && existsSync(candidate)) return candidate;
  }
  throw new Error('no system node on PATH');
};

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts the bin with `node` and resolves with the URL it prints. */
const startBin = (node: string, args: string[]) =>
  new Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }>((resolve, reject) => {
    const child = spawn(node, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(child);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`jiguang-mock exited ${code}:\n${out}`)));
  });

describe('the jiguang-mock bin', () => {
  it('is the package bin, linked from node_modules/@jiguang-ts/mock', () => {
    expect(realpathSync(bin)).toBe(path.join(root, 'packages', 'mock', 'bin', 'jiguang-mock.js'));
    const pkg = JSON.parse(readFileSync(path.join(root, 'node_modules', '@jiguang-ts', 'mock', 'package.json'), 'utf8'));
    // Without a leading ./ : npm publish would otherwise rewrite it and warn ("auto-corrected").
    expect(pkg.bin).toEqual({ 'jiguang-mock': 'bin/jiguang-mock.js' });
  });

  it('starts JSMS on the given port, answers the SDK from the spec examples, validates requests, stops on Ctrl-C', async () => {
    const port = await freePort();
    const { child, url, exited } = await startBin(process.execPath, ['jsms', '--port', String(port)]);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const jsms = new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: url, maxRetries: 0 });
    const sent = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
    expect(sent).toEqual(successExample('jsms', 'sendCode').body);
    // Request validation is on: a body that breaks the spec is refused, naming the field.
    const err = await jsms.sendCode({ body: { mobile: '13800138000' } as never }).catch((e) => e);
    expect(err instanceof UnprocessableEntityError || err instanceof BadRequestError).toBe(true);
    expect(err.message).toMatch(/temp_id/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('says what is wrong with its arguments', () => {
    let failure: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(process.execPath, [bin, 'sms'], { stdio: 'pipe' });
    } catch (e) {
      failure = e as typeof failure;
    }
    expect(failure.status).toBe(2);
    expect(String(failure.stderr)).toMatch(/unknown service "sms"[\s\S]*usage: jiguang-mock <jsms\|jpush\|ums>/);
  });

  it('on Node 20 names the Node that Prism needs and exits 1', () => {
    const node = systemNode();
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' })).toMatch(/^v20\./);
    let failure: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(node, [bin, 'jpush'], { stdio: 'pipe' });
    } catch (e) {
      failure = e as typeof failure;
    }
    expect(failure.status).toBe(1);
    expect(String(failure.stderr)).toMatch(/Prism 5\.16\.0 .* needs Node ≥ 24\.18\.0, but this process runs Node 20\.\d+\.\d+/);
    expect(String(failure.stderr)).toMatch(/--node/);
  });

  it('on Node 20 runs Prism with the newer Node given by --node', async () => {
    const { child, url, exited } = await startBin(systemNode(), ['jsms', '--node', process.execPath]);
    const res = await fetch(url + '/v1/accounts/app', { headers: { authorization: 'Basic ' + btoa('k:s') } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(successExample('jsms', 'getAppBalance').body);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('startMock', () => {
  it('ships the three bundled specs, identical to generated/<svc>/openapi.json', () => {
    expect([...services]).toEqual(['jsms', 'jpush', 'ums']);
    for (const svc of services) {
      expect(specPath(svc)).toBe(path.join(root, 'packages', 'mock', 'specs', `${svc}.json`));
      expect(readFileSync(specPath(svc), 'utf8')).toBe(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));
    }
  });

  it('starts UMS on a free port for a test and stops it', async () => {
    const mock = await startMock('ums');
    try {
      const ums = new UMS({ channelKey: 'c', masterSecret: 's', baseUrl: mock.url, maxRetries: 0 });
      const res = await ums.sendTemplateMessage({ body: { template_id: 1, template_para: {}, aud_userid: ['u1'] } });
      expect(res.code).toBe(0);
    } finally {
      await mock.stop();
    }
    await expect(fetch(mock.url)).rejects.toThrow();
  });

  it('refuses an unknown service with a MockError', async () => {
    await expect(startMock('sms' as never)).rejects.toThrow(MockError);
  });
});
