import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './security-map.js';

/** One fenced code block of the README: its info string (`js`, `python`, `ts`…) and its text. */
export interface CodeBlock {
  lang: string;
  code: string;
}

/** The fenced code blocks under one `## ` heading of README.md, in order. */
export function readmeBlocks(heading: string): CodeBlock[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, lang, code]) => ({ lang: lang!, code: code! }));
}

/** Replaces every placeholder (a literal string) by its value; fails when one is absent, so the README cannot drift. */
export function fillIn(code: string, values: Readonly<Record<string, string>>): string {
  let filled = code;
  for (const [placeholder, value] of Object.entries(values)) {
    if (!filled.includes(placeholder)) throw new Error(`the README block no longer contains ${placeholder}:\n${code}`);
    filled = filled.replaceAll(placeholder, value);
  }
  return filled;
}
