// Writes one run's block into docs/BENCHMARKS.md. Each configuration (models × workers × threads) has its own
// marked block inside the screen-bench section, so the runs of the table live side by side and a rerun of
// one configuration replaces only its own block.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const SECTION_START = '<!-- screen-bench:start -->';
const SECTION_END = '<!-- screen-bench:end -->';

export function writeRunBlock(file: string, id: string, lines: string[]): void {
  if (!existsSync(file)) return;
  const start = `<!-- screen-bench:run:${id}:start -->`;
  const end = `<!-- screen-bench:run:${id}:end -->`;
  const block = [start, ...lines, end].join('\n');
  const doc = readFileSync(file, 'utf8');
  let updated: string;
  const at = doc.indexOf(start);
  if (at >= 0 && doc.indexOf(end, at) > at) {
    updated = doc.slice(0, at) + block + doc.slice(doc.indexOf(end, at) + end.length);
  } else if (doc.includes(SECTION_END)) {
    updated = doc.replace(SECTION_END, `${block}\n\n${SECTION_END}`);
  } else {
    updated = `${doc.trimEnd()}\n\n${SECTION_START}\n## Screening service end to end (\`npm run bench:screen\`)\n\n${block}\n\n${SECTION_END}\n`;
  }
  writeFileSync(file, updated);
}
