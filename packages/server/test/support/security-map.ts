import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * docs/security.md: every check of shared/security.md (§2, in its order) next to the test files that cite
 * its id. A test cites a check by naming its id anywhere in its text — the file's header comment, a
 * describe/test title or a comment at the assertion — so the map is only as true as the citations: cite an
 * id only where the test really verifies that check. Regenerate with `npm run docs:security`; the test
 * test/docs/security-map.test.ts fails when the committed file is stale or a check has neither a test nor
 * a reason below.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The checklist is shared by every project of the deployment, one level above the repo (CI mounts it there, read-only). */
export const CHECKLIST_PATH = join(REPO_ROOT, '..', 'shared', 'security.md');

/**
 * Why a check has no test yet. Exactly the untested checks are listed: a check that gains a test must leave
 * this map (the map test says so), and a new check without a test must enter it with its reason.
 */
export const UNTESTED_REASONS: Readonly<Record<string, string>> = {
  'OOB-07':
    'Not built: an app may offer SMS as its only factor, and factors carry no `restricted` flag (the V3 FactorDto has no field for it). A phone change is a reset plus a new binding, each needing a recent second factor (ENR-02, ENR-03).',
  'BIO-03':
    'No licensed data set here: `npm run bench:face` (bench/face-eval.ts) measures FMR/FNMR on the few public images available, with augmented captures; docs/face.md reports it and says the bundled model does not meet FMR ≤ 1/10,000. Never part of `npm test`.',
  'AZ-05':
    'Declined by decision: a step-up elevates the session in place (docs/mfa-sign-in.md, "Decision (AZ-05)"); the pre-MFA mfaToken of a sign-in dies on redemption (threats/mfa-token.reuse.test.ts).',
};

/** What a tested check still lacks, shown beside its tests (a partial check keeps its tests listed). */
export const PARTIAL_NOTES: Readonly<Record<string, string>> = {
  'TOTP-06': 'A value of the wrong JSON type (number, null, array) is refused by the schema before any comparison and is not counted: it cannot guess anything.',
  'RL-05': 'No endpoint clears a lock for the locked session: only the back-off running out or `tessera users unlock`.',
  'ENR-07': 'One factor per type instead of a cap of ten, so duplicate names cannot arise; a duplicate answers 409 (GenAuth 46031), not 422. A phone unique across accounts is issue 9 item 6.',
  'AZ-03': 'Answers are compared whole; timing is compared on the hasher (a burnt argon2id verification for unknown accounts), not over HTTP.',
  'BIO-01': 'The companion may be any other bound factor (OTP, SMS or EMAIL), not only a possession factor such as TOTP or a device key.',
  'BIO-04': 'Probe and enrolment photos are never stored (read, compared, dropped), except an upload (POST /api/v3/upload-face-photo): sealed, single use, deleted when used or after 5 minutes; there is no admin export to check.',
  'RL-07': 'Unknown users and users without MFA never reach a code check; their password answers are compared under AZ-03.',
};

export interface SecurityCheck {
  id: string;
  /** The first sentence of the check's requirement. */
  requirement: string;
}

const CHECK_ID = /\b(?:TOTP|RPL|RL|OOB|ENR|REC|BIO|AZ|KEY|DUR)-\d{2}\b/g;

/** The checks of §2 ("Testable requirement checklist"), in the order the checklist lists them. */
export function parseSecurityChecks(markdown: string): SecurityCheck[] {
  const start = markdown.search(/^## 2\./m);
  const end = markdown.search(/^## 3\./m);
  if (start < 0 || end < start) throw new Error('shared/security.md: section "## 2." (the checklist) not found');
  const checks: SecurityCheck[] = [];
  for (const line of markdown.slice(start, end).split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // A check row: | ID | Source | Requirement | How to test |
    if (cells.length < 5 || !/^[A-Z]+-\d{2}$/.test(cells[1]!)) continue;
    checks.push({ id: cells[1]!, requirement: firstSentence(cells[3]!) });
  }
  return checks;
}

function firstSentence(text: string): string {
  // A sentence ends at a full stop followed by a capital letter; "e.g. 13" does not end one.
  const match = /^.*?\.(?=\s+[A-Z`])/.exec(text);
  return (match ? match[0] : text).trim();
}

/** Every *.test.ts under packages/<pkg>/test, as paths relative to the repo root, sorted. */
export function listTestFiles(root: string = REPO_ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(relative(root, path).split('\\').join('/'));
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const testDir = join(root, 'packages', pkg.name, 'test');
    try {
      walk(testDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files.sort();
}

/** check id → the test files (repo-relative, sorted) whose text names it. */
export function findCitations(files: readonly string[], root: string = REPO_ROOT): Map<string, string[]> {
  const citations = new Map<string, string[]>();
  for (const file of files) {
    const ids = new Set(readFileSync(join(root, file), 'utf8').match(CHECK_ID) ?? []);
    for (const id of ids) citations.set(id, [...(citations.get(id) ?? []), file]);
  }
  return citations;
}

export interface SecurityMapInput {
  checks: readonly SecurityCheck[];
  citations: ReadonlyMap<string, readonly string[]>;
  untestedReasons?: Readonly<Record<string, string>>;
  partialNotes?: Readonly<Record<string, string>>;
}

/** The markdown of docs/security.md. */
export function renderSecurityMap({ checks, citations, untestedReasons = UNTESTED_REASONS, partialNotes = PARTIAL_NOTES }: SecurityMapInput): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const link = (file: string) => `[${file}](../${file})`;
  const tested = checks.filter((check) => (citations.get(check.id) ?? []).length > 0);
  const lines = [
    '# Security checks → tests',
    '',
    '<!-- Generated by `npm run docs:security` from ../shared/security.md and the test files; do not edit. -->',
    '',
    `Each of the ${checks.length} checks of the shared security checklist (§2 of \`shared/security.md\`; the CVE`,
    'rows of its §4 are references to these checks, not checks of their own), with the test files that cite its',
    `id. Tested: ${tested.length} of ${checks.length}; each check without a test says why.`,
    '',
    '| Check | Requirement | Tests |',
    '|---|---|---|',
  ];
  for (const check of checks) {
    const files = citations.get(check.id) ?? [];
    const note = files.length > 0 ? partialNotes[check.id] : (untestedReasons[check.id] ?? 'No test and no reason given.');
    const tests = [files.map(link).join('<br>'), note ? `${files.length > 0 ? '<br>' : ''}*${note}*` : ''].join('');
    lines.push(`| ${check.id} | ${cell(check.requirement)} | ${cell(tests)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The checks of the shared checklist at ../shared/security.md. */
export function readSecurityChecks(path: string = CHECKLIST_PATH): SecurityCheck[] {
  let markdown: string;
  try {
    markdown = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`the shared checklist is expected at ${path} (shared/security.md beside the repo)`, { cause: error });
  }
  return parseSecurityChecks(markdown);
}

/** Reads the checklist and the tests as they are now, and renders the map. */
export function generateSecurityMap(root: string = REPO_ROOT): string {
  return renderSecurityMap({ checks: readSecurityChecks(join(root, '..', 'shared', 'security.md')), citations: findCitations(listTestFiles(root), root) });
}
