// Every client method and every standalone function carries the operation's summary and description as
// TSDoc in the built declarations, which is what an editor shows on hover.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '../helpers.js';

const root = path.resolve(import.meta.dirname, '../..');

describe.each(['jsms', 'jpush', 'ums'])('%s declarations', (svc) => {
  const dts = readFileSync(path.join(root, 'packages', svc, 'dist', 'index.d.ts'), 'utf8');
  const docBefore = (re: RegExp) => {
    const m = re.exec(dts);
    if (!m) return undefined;
    const before = dts.slice(0, m.index).trimEnd();
    if (!before.endsWith('*/')) return undefined;
    return before.slice(before.lastIndexOf('/**'));
  };

  it('has TSDoc from the spec on every method and standalone function', () => {
    const ops = operations(svc);
    expect(ops.length).toBeGreaterThan(0);
    for (const { id, op } of ops) {
      for (const [kind, re] of [
        ['method', new RegExp(`\\n\\t${id}\\(options\\??:`)],
        ['function', new RegExp(`\\nexport declare const ${id}: \\(client`)],
      ] as const) {
        const doc = docBefore(re);
        expect(doc, `${svc}.${id} (${kind}) has no TSDoc`).toBeDefined();
        expect(doc).toContain(op.summary.trim().split('\n')[0]);
        expect(doc).toContain(`Operation \`${id}\``);
      }
    }
  });
});
