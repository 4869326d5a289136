// The built SDK on the machine's own Node 20 (the tooling runs on Node 24 from node_modules):
// ESM import and CommonJS require of @jiguang-ts/jsms, one real call to the Prism mock each.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mockUrl, successExample } from '../helpers.js';

/** The first `node` on PATH outside node_modules/.bin, i.e. the system Node the tooling does not use. */
const systemNode = (): string => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const bin = path.join(dir, 'node');
    if (!dir.includes('node_modules') && existsSync(bin)) return bin;
  }
  throw new Error('no system node on PATH');
};

describe('built SDK on the system Node', () => {
  const node = systemNode();
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();

  it('is Node 20', () => {
    expect(version).toMatch(/^v20\./);
  });

  for (const file of ['smoke.mjs', 'smoke.cjs']) {
    it(`${file}: sends a code and gets a typed error`, () => {
      const out = execFileSync(node, [path.join(import.meta.dirname, file), mockUrl('jsms')], { encoding: 'utf8', cwd: import.meta.dirname });
      const result = JSON.parse(out.trim().split('\n').at(-1)!);
      expect(result).toEqual({
        node: version,
        format: file.endsWith('mjs') ? 'esm' : 'cjs',
        msg_id: successExample('jsms', 'sendCode').body.msg_id,
        error: 'BadRequestError',
      });
    });
  }
});
