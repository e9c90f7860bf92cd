import { describe } from 'vitest';
import { missingDialects, SELECTED_DIALECTS, type TestDialect } from './test-dialects.js';

/**
 * A describe block that needs real servers (PostgreSQL, Redis). When TESSERA_TEST_DIALECTS leaves one of
 * them out, the block is reported as skipped with the reason in its title, and — since none of its tests
 * run — neither its hooks nor the file's open a connection.
 */
export function describeNeeding(needs: TestDialect[], title: string, body: () => void): void {
  const missing = missingDialects(...needs);
  if (missing.length === 0) describe(title, body);
  else describe.skip(`${title} (needs ${missing.join(' and ')}; TESSERA_TEST_DIALECTS=${SELECTED_DIALECTS.join(',')})`, body);
}
