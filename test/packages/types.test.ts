// Type tests against the packed packages: typed/usage.ts (and the CommonJS typed/usage.cts) compiled in
// the consumer project with moduleResolution nodenext and bundler, library checks on. Correct calls must
// compile; each misuse line is an `@ts-expect-error TSnnnn` (an unused directive is itself an error), and
// a second compile with the directives removed must fail on exactly those lines with exactly those codes.
// The package READMEs' first TypeScript examples compile too.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { packed, root, type Packed } from '../packed.js';

const TSC = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const typed = path.join(import.meta.dirname, 'typed');
const DIRECTIVE = /\/\/ @ts-expect-error (TS\d+) /;

let pack: Packed;
let dir: string;
beforeAll(async () => {
  pack = await packed();
  dir = path.join(pack.dir, 'typecheck');
  rmSync(dir, { recursive: true, force: true });
  cpSync(typed, dir, { recursive: true });
});

const MODES = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', files: ['usage.ts', 'usage.cts'] },
  bundler: { module: 'preserve', moduleResolution: 'bundler', files: ['usage.ts'] },
} as const;

/** Compiles `files` (relative to `base`) in the consumer; returns tsc's exit code and output. */
const tsc = async (base: string, mode: keyof typeof MODES, files: readonly string[]) => {
  const { module, moduleResolution } = MODES[mode];
  const config = path.join(base, `tsconfig.${mode}.json`);
  // Our declaration files are checked too (skipLibCheck off); TypeScript's own lib files are not ours to check.
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module,
    moduleResolution,
    strict: true,
    noEmit: true,
    types: [],
    skipLibCheck: false,
    skipDefaultLibCheck: true,
  };
  writeFileSync(config, JSON.stringify({ compilerOptions, files }));
  const run = promisify(execFile)(process.execPath, [TSC, '-p', config, '--pretty', 'false', '--listFiles'], { cwd: base });
  const { stdout, code } = await run.then(
    (r) => ({ stdout: r.stdout, code: 0 }),
    (e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }),
  );
  const lines = stdout.split('\n').filter(Boolean);
  const diagnostics = lines.filter((l) => /\(\d+,\d+\): error TS\d+/.test(l));
  const listed = lines.filter((l) => l.startsWith('/'));
  return { code, diagnostics, listed };
};

/** `file:line TSnnnn` for every line that follows an `@ts-expect-error TSnnnn` directive. */
const expected = (files: readonly string[]) =>
  files.flatMap((f) =>
    readFileSync(path.join(typed, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const m = DIRECTIVE.exec(line);
        return m ? [`${f}:${i + 2} ${m[1]}`] : [];
      }),
  );

/** The first TypeScript example of each package README, as a file of the consumer (nodenext run). */
const readmeExamples = () =>
  pack.packages.map((p) => {
    const block = /```ts\n([^]*?)```/.exec(readFileSync(path.join(p.installed, 'README.md'), 'utf8'))![1]!;
    const file = `readme-${p.dir}.ts`;
    // The examples read credentials from process.env; the consumer has no @types/node.
    writeFileSync(path.join(dir, file), `declare const process: { env: Record<string, string | undefined> };\n${block}\nexport {};\n`);
    return file;
  });

describe.each(Object.keys(MODES) as (keyof typeof MODES)[])('types of the packed packages, moduleResolution %s', (mode) => {
  it(`correct calls compile, every @ts-expect-error is used, types come from the tarballs${mode === 'nodenext' ? ', README examples compile' : ''}`, async () => {
    const files = [...MODES[mode].files, ...(mode === 'nodenext' ? readmeExamples() : [])];
    const r = await tsc(dir, mode, files);
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
    const ours = r.listed.filter((f) => f.includes('/@jiguang-ts/'));
    for (const f of ours) expect(f.startsWith(path.join(pack.dir, 'node_modules') + path.sep)).toBe(true);
    expect(r.listed.filter((f) => f.startsWith(root + path.sep) && !f.includes('/node_modules/typescript/lib/'))).toEqual([]);
    const dts = ours.map((f) => f.replace(/^.*\/@jiguang-ts\//, '')).sort();
    expect(dts).toEqual(
      mode === 'nodenext'
        ? ['core/dist/index.d.cts', 'core/dist/index.d.ts', 'jpush/dist/index.d.cts', 'jpush/dist/index.d.ts', 'jsms/dist/index.d.cts', 'jsms/dist/index.d.ts', 'mock/dist/index.d.ts', 'ums/dist/index.d.cts', 'ums/dist/index.d.ts']
        : ['core/dist/index.d.ts', 'jpush/dist/index.d.ts', 'jsms/dist/index.d.ts', 'ums/dist/index.d.ts'],
    );
  });
});

// Run once (nodenext, ESM and CJS files): the codes do not depend on the resolution mode, and the bundler
// run above already fails if a misuse line stops erroring there.
it('each misuse fails on its own line with its own error code (directives removed)', async () => {
  const { files } = MODES.nodenext;
  const stripped = path.join(dir, 'stripped');
  mkdirSync(stripped, { recursive: true });
  for (const f of files) {
    writeFileSync(path.join(stripped, f), readFileSync(path.join(typed, f), 'utf8').replace(/\/\/ @ts-expect-error /g, '// (directive removed) '));
  }
  const r = await tsc(stripped, 'nodenext', files);
  const actual = r.diagnostics.map((d) => {
    const [, file, line, code] = /^(.+?)\((\d+),\d+\): error (TS\d+)/.exec(d)!;
    return `${path.basename(file!)}:${line} ${code}`;
  });
  expect(actual.sort()).toEqual(expected(files).sort());
  expect(actual.length).toBeGreaterThanOrEqual(8);
});
