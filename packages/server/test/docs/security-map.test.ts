/**
 * docs/security.md maps every check of the shared checklist to the tests that cite it (issue 9: each check
 * has a test, or a stated reason why not). This suite keeps the map honest: the committed file is what the
 * generator makes of the checklist and the tests today, a check without a test cannot slip in unexplained,
 * and a test cannot cite an id the checklist does not have.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  PARTIAL_NOTES,
  REPO_ROOT,
  UNTESTED_REASONS,
  findCitations,
  generateSecurityMap,
  listTestFiles,
  parseSecurityChecks,
  readSecurityChecks,
  renderSecurityMap,
} from '../support/security-map.js';

const checks = readSecurityChecks();
const citations = findCitations(listTestFiles());
const testedIds = checks.map((check) => check.id).filter((id) => (citations.get(id) ?? []).length > 0);
const untestedIds = checks.map((check) => check.id).filter((id) => !testedIds.includes(id));

describe('security map (docs/security.md)', () => {
  test('the committed docs/security.md is fresh (regenerate with `npm run docs:security`)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'security.md'), 'utf8')).toBe(generateSecurityMap());
  });

  test('the checklist is read whole: unique ids, each with a requirement', () => {
    const ids = checks.map((check) => check.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of checks) expect(check.requirement, check.id).toMatch(/\S/);
  });

  test('every check without a test has a reason, and only those do', () => {
    expect(untestedIds.filter((id) => !(id in UNTESTED_REASONS)), 'untested checks missing from UNTESTED_REASONS').toEqual([]);
    expect(Object.keys(UNTESTED_REASONS).filter((id) => !untestedIds.includes(id)), 'now tested (or unknown): remove from UNTESTED_REASONS').toEqual([]);
  });

  test('partial notes sit only on tested checks', () => {
    expect(Object.keys(PARTIAL_NOTES).filter((id) => !testedIds.includes(id))).toEqual([]);
  });

  test('tests cite only ids the checklist has', () => {
    const known = new Set(checks.map((check) => check.id));
    expect([...citations.keys()].filter((id) => !known.has(id))).toEqual([]);
  });
});

describe('security map generator', () => {
  const checklist = [
    '## 1. Vectors',
    '| ZZZ-01 | not a check: outside section 2 | x | y |',
    '## 2. Testable requirement checklist',
    '| ID | Source | Requirement | How to test (BB) |',
    '|---|---|---|---|',
    '| ABC-01 | RFC | Each code has ≥64 bits, e.g. 13 base32 chars = 65 bits. Codes are hashed. | inspect |',
    '| ABC-02 | RFC | period=30, digits=6 by default. The URI matches. | parse |',
    '| ABC-03 | RFC | One sentence only | x |',
    '## 3. How others test',
    '| ZZZ-02 | not a check either | x | y |',
  ].join('\n');

  test('reads only §2 rows, in order, keeping the first sentence of each requirement', () => {
    expect(parseSecurityChecks(checklist)).toEqual([
      { id: 'ABC-01', requirement: 'Each code has ≥64 bits, e.g. 13 base32 chars = 65 bits.' },
      { id: 'ABC-02', requirement: 'period=30, digits=6 by default.' },
      { id: 'ABC-03', requirement: 'One sentence only' },
    ]);
  });

  test('lists the citing tests as links, and the reason where there are none', () => {
    const markdown = renderSecurityMap({
      checks: parseSecurityChecks(checklist),
      citations: new Map([['ABC-01', ['packages/server/test/threats/a.test.ts', 'packages/server/test/http/b.test.ts']]]),
      untestedReasons: { 'ABC-02': 'Not built yet.' },
      partialNotes: { 'ABC-01': 'Half done.' },
    });
    expect(markdown).toContain(
      '| ABC-01 | Each code has ≥64 bits, e.g. 13 base32 chars = 65 bits. | [packages/server/test/threats/a.test.ts](../packages/server/test/threats/a.test.ts)<br>[packages/server/test/http/b.test.ts](../packages/server/test/http/b.test.ts)<br>*Half done.* |',
    );
    expect(markdown).toContain('| ABC-02 | period=30, digits=6 by default. | *Not built yet.* |');
    expect(markdown).toContain('| ABC-03 | One sentence only | *No test and no reason given.* |');
    expect(markdown).toContain('Tested: 1 of 3;');
  });
});
