// The TypeScript code blocks of the user-facing Markdown (README.md, docs/*.md, packages/*/README.md) and
// what their fence says about them. The fence's info string is the contract (CONTRIBUTING.md, "Code
// blocks in the docs"): ```ts is a Node module, and words after the language say otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where a block is type-checked: tsc with @types/node, tsc without Node types, or `deno check`. */
export type Target = 'node' | 'worker' | 'browser' | 'deno';

export interface Block {
  /** Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  target: Target;
  /** Also executed against the mock (`run` in the fence). */
  run: boolean;
  /** Deliberately not a complete module (`fragment` in the fence): neither compiled nor run. */
  fragment: boolean;
  source: string;
  /** Fence words this check does not know (a typo must not silently exempt a block). */
  unknown: string[];
}

const TARGETS: readonly string[] = ['node', 'worker', 'browser', 'deno'];
const FLAGS: readonly string[] = ['run', 'fragment'];

/** The Markdown files whose TypeScript blocks are checked, relative to `root`. */
export const docFiles = (root: string): string[] => [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
  ...readdirSync(path.join(root, 'packages'))
    .sort()
    .map((p) => `packages/${p}/README.md`)
    .filter((f) => {
      try {
        readFileSync(path.join(root, f));
        return true;
      } catch {
        return false;
      }
    }),
];

/** Every ```ts / ```typescript block (indented ones too, e.g. inside a list) of the given files. */
export function docBlocks(root: string, files = docFiles(root)): Block[] {
  const blocks: Block[] = [];
  for (const file of files) {
    const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]!);
      if (!open) continue;
      const [, indent, fence, lang, rest] = open as unknown as [string, string, string, string, string];
      const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '');
      const close = end === -1 ? lines.length : end;
      if (lang === 'ts' || lang === 'typescript') {
        const words = rest.split(/[\s,]+/).filter(Boolean);
        const targets = words.filter((w) => TARGETS.includes(w));
        blocks.push({
          file,
          line: i + 1,
          target: (targets[0] ?? 'node') as Target,
          run: words.includes('run'),
          fragment: words.includes('fragment'),
          source: lines
            .slice(i + 1, close)
            .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
            .join('\n'),
          unknown: [...words.filter((w) => !TARGETS.includes(w) && !FLAGS.includes(w)), ...(targets.length > 1 ? targets.slice(1) : [])],
        });
      }
      i = close;
    }
  }
  return blocks;
}

/** A file name for a block: `README.md:52` → `README-52`. */
export const blockName = (b: Pick<Block, 'file' | 'line'>): string => `${b.file.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-${b.line}`;
