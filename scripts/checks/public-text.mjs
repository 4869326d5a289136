// npm run lint:text — public text (specs, generated types and docs, the built site) cites sources as public
// links or plain words, never as the internal shorthand the specs were first written with: seed-document
// tags ("seed003"), source-file tags ("d2019:zh/…", "java:client/…", "go:api/…", "web:https://…"),
// confidence codes ("(I)", "(D; …)", "Source O") or paths outside this repository.
// Also imported by test/docs/public-text.test.ts, which runs it on the built HTML as part of npm test.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, services, walk } from '../lib.mjs';

/** `[pattern, what it is]`: each pattern finds one kind of internal tag. */
export const INTERNAL_TAGS = [
  [/\bseed\d{3}\b/gi, 'seed-document tag'],
  [/\bd2019\b/gi, '2019-docs tag'],
  [/\b(?:java|php|go|web):(?!\/\/)[\w.*…]/g, 'source-file tag'],
  [/\b(?:go|java) (?:[\w-]+\/)+[\w-]+\.(?:go|java)\b|\bjava [A-Z]\w+\.java\b/g, 'source-file tag'],
  [/\((?:S|D|O|I)(?:[;:,][^)]*)?\)/g, 'confidence code'],
  [/[;,—-] ?(?:S|D|O|I)\)/g, 'confidence code'],
  [/\bSources? (?:S|D|O|I)\b/g, 'confidence code'],
  [/\b(?:en|English) twin\b/g, 'reference-pack shorthand'],
  [/shared\/reference|API-INVENTORY|\bERRORS\.md|PUSH-PAYLOAD|\/work\//g, 'file outside this repository'],
  [/\bUMS-(?:0\d|W)\b/g, 'reference-pack section id'],
];

/** Every internal tag in `text`: `{ match, kind, line }`. */
export function findInternalTags(text) {
  const found = [];
  for (const [re, kind] of INTERNAL_TAGS) {
    for (const m of text.matchAll(re)) found.push({ match: m[0], kind, line: text.slice(0, m.index).split('\n').length });
  }
  return found.sort((a, b) => a.line - b.line);
}

/**
 * The public text of a built page: everything outside scripts and styles, plus the spec Redoc embeds
 * (`__redoc_definition`). Redoc's own minified bundle is left out.
 */
export function pageText(html) {
  const spec = html.match(/const __redoc_definition = (.*);\n/)?.[1] ?? '';
  const markup = html.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<style\b[\s\S]*?<\/style>/g, '');
  return `${markup}\n${spec}`;
}

/** The files whose text is public: sources (specs, docs, READMEs) and what is generated from them. */
export function publicFiles() {
  const rel = (dir, test) => walk(path.join(root, dir)).filter(test).map((f) => path.join(dir, f));
  return [
    ...rel('openapi', (f) => /\.(ya?ml|md)$/.test(f)),
    ...services.flatMap((svc) => rel(path.join('generated', svc), (f) => /\.(json|md|ts)$/.test(f))),
    ...rel('docs', (f) => f.endsWith('.md')),
    ...['README.md', 'CONTRIBUTING.md', ...services.map((s) => `packages/${s}/README.md`)].filter((f) => existsSync(path.join(root, f))),
  ];
}

/** `file:line: match (kind)` for every tag in the public files and, when built, the site's pages. */
export function check() {
  const problems = [];
  const scan = (file, text) => {
    for (const t of findInternalTags(text)) problems.push(`${file}:${t.line}: ${t.match} (${t.kind})`);
  };
  for (const f of publicFiles()) scan(f, readFileSync(path.join(root, f), 'utf8'));
  for (const f of rel(path.join('generated', 'docs'))) scan(f, pageText(readFileSync(path.join(root, f), 'utf8')));
  return problems;
}
const rel = (dir) => walk(path.join(root, dir)).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = check();
  if (problems.length) {
    console.error(`Internal source tags in public text — cite a public link or say it in plain words (openapi/README.md):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('public text: no internal source tags');
}
