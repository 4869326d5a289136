// scripts/checks/imports.mjs (in `npm test`): madge reads each package's import graph; a circle fails the
// run, and so does an import against core's layers (features → transport → errors).
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, LAYERS } from '../../scripts/checks/imports.mjs';

const tree = (files: Record<string, string>) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imports-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
};

describe('scripts/checks/imports.mjs', () => {
  it('finds a circle, type-only imports included', async () => {
    const dir = tree({
      'a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'b.ts': "import type { C } from './c.js';\nexport const b = 1 as unknown as C;\n",
      'c.ts': "import { a } from './a.js';\nexport type C = ReturnType<typeof a>;\n",
    });
    const { problems } = await checkImports(dir, { layered: false });
    expect(problems).toEqual(['circle: a.ts → b.ts → c.ts → a.ts']);
  });

  it('finds a lower layer importing a higher one, and one feature importing another', async () => {
    const dir = tree({
      'errors/errors.ts': 'export class E extends Error {}\n',
      'transport/client.ts': "import { gate } from '../bulk/gate.js';\nexport const client = gate;\n",
      'bulk/gate.ts': "import { E } from '../errors/errors.js';\nexport const gate = E;\n",
      'pagination/pages.ts': "import { gate } from '../bulk/gate.js';\nexport const pages = gate;\n",
      'index.ts': "export * from './transport/client.js';\nexport * from './pagination/pages.js';\n",
    });
    const { problems } = await checkImports(dir, { layered: true });
    expect(problems.sort()).toEqual([
      'pagination/pages.ts → bulk/gate.ts: features do not import each other',
      'transport/client.ts → bulk/gate.ts: a lower layer imports a higher one',
    ]);
  });

  it('passes on every package of this repository, core layered', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    for (const pkg of ['core', 'jsms', 'jpush', 'ums', 'mock']) {
      const { files, problems } = await checkImports(path.join(root, 'packages', pkg, 'src'));
      expect(problems, pkg).toEqual([]);
      expect(files, pkg).toBeGreaterThan(0);
    }
  });
});

describe('ARCHITECTURE.md', () => {
  it('names every folder and file of packages/core/src, and the layers the import check enforces', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const doc = readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
    const src = path.join(root, 'packages', 'core', 'src');
    const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual(LAYERS.flat().sort());
    for (const folder of folders) {
      expect(doc, folder).toContain(`\`${folder}/\``);
      for (const file of readdirSync(path.join(src, folder))) expect(doc, `${folder}/${file}`).toContain(`\`${file}\``);
    }
  });
});
