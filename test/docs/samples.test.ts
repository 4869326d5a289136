// The TypeScript samples the reference pages show (scripts/generate/samples.mjs → x-codeSamples) are compiled with
// tsc against the BUILT packages, resolved through the workspace's node_modules like a user's NodeNext
// project would: a sample that calls a method that does not exist, or passes the wrong shape, fails here.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeSamples, operationsOf } from '../../scripts/generate/samples.mjs';
import { services } from '../../scripts/lib.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'test', '.samples');
const spec = (svc: string) => JSON.parse(readFileSync(path.join(root, 'generated', svc, 'openapi.json'), 'utf8'));
const CLIENT: Record<string, string> = { jsms: 'JSMS', jpush: 'JPush', ums: 'UMS' };

// Proves the check has teeth: each line below must be a type error, or tsc reports an unused directive.
const CONTROL = `import { JSMS } from '@jiguang-ts/jsms';
import { JPush } from '@jiguang-ts/jpush';

const jsms = new JSMS({ appKey: 'k', masterSecret: 's' });
// @ts-expect-error JSMS has no such method
await jsms.sendPush();
// @ts-expect-error temp_id is a number
await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 'one' } });
// @ts-expect-error path parameters are required
await new JPush({ appKey: 'k', masterSecret: 's' }).getSchedule({});
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    types: ['node'],
    skipLibCheck: false,
  },
  include: ['**/*.ts'],
};

describe('TypeScript samples', () => {
  it('every operation has one, calling its method, and all compile against packages/*/dist', () => {
    for (const svc of services) {
      expect(existsSync(path.join(root, 'packages', svc, 'dist', 'index.d.ts')), `packages/${svc}/dist: run npm run build`).toBe(true);
    }
    rmSync(dir, { recursive: true, force: true });
    let count = 0;
    for (const svc of services) {
      mkdirSync(path.join(dir, svc), { recursive: true });
      const s = spec(svc);
      const samples = codeSamples(svc, s);
      for (const o of operationsOf(s)) {
        const ts = samples[o.id]!.find((x: { label: string }) => x.label === 'TypeScript')!;
        expect(ts.source, `${svc}.${o.id}`).toContain(`from '@jiguang-ts/${svc}'`);
        expect(ts.source, `${svc}.${o.id}`).toContain(`new ${CLIENT[svc]}(`);
        expect(ts.source, `${svc}.${o.id}`).toMatch(new RegExp(`await ${svc}\\.${o.id}\\(`));
        expect(samples[o.id]!.find((x: { label: string }) => x.label === 'curl')!.source).toMatch(new RegExp(`^curl -X ${o.method} `));
        writeFileSync(path.join(dir, svc, `${o.id}.ts`), ts.source);
        count++;
      }
    }
    writeFileSync(path.join(dir, 'control.ts'), CONTROL);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    console.log(`type-checking ${count} TypeScript samples (+ 1 control file) against the built packages`);
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], {
        cwd: root,
        encoding: 'utf8',
      });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output, 'tsc diagnostics').toBe('');
    expect(count).toBe(services.reduce((n: number, svc: string) => n + operationsOf(spec(svc)).length, 0));
  }, 120_000);

  it('the built reference pages carry exactly these samples', () => {
    for (const svc of services) {
      const html = readFileSync(path.join(root, 'generated', 'docs', `${svc}.html`), 'utf8');
      const embedded = JSON.parse(html.match(/const __redoc_definition = (.*);\n/)![1]!);
      const expected = codeSamples(svc, spec(svc));
      for (const o of operationsOf(embedded)) {
        expect(o.op['x-codeSamples'], `${svc}.${o.id}`).toEqual(expected[o.id]);
        expect(o.op.summary, `${svc}.${o.id}`).toMatch(new RegExp(` · ${o.id}$`));
      }
      expect(operationsOf(embedded).length).toBe(Object.keys(expected).length);
    }
  });
});
