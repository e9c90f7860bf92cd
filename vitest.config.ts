import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { SELECTED_DIALECTS } from './packages/server/test/support/test-dialects.js';

const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** The suites that drive a whole server and so run once per SQL database (TESSERA_TEST_DATABASE). */
const HTTP_SUITES = ['http', 'threats', 'mfa-sign-in', 'compat'].map((dir) => `packages/server/test/${dir}/**/*.test.ts`);

const sqlDialects = SELECTED_DIALECTS.filter((dialect) => dialect !== 'redis');
if (sqlDialects.length === 0) {
  throw new Error('TESSERA_TEST_DIALECTS must name sqlite or postgres: every server the tests start needs a SQL database');
}

/**
 * One project runs every file, its servers on the first selected SQL database; when both are selected, a
 * second runs the HTTP suites again on PostgreSQL. Both run in one vitest process, so they share its
 * workers and print one summary. An explicit TESSERA_TEST_DATABASE (e.g. `npm run test:postgres`) keeps
 * today's meaning: one pass, servers on that database.
 */
const explicitDatabase = process.env.TESSERA_TEST_DATABASE || undefined;
if (explicitDatabase !== undefined && !(sqlDialects as readonly string[]).includes(explicitDatabase)) {
  throw new Error(`TESSERA_TEST_DATABASE=${explicitDatabase} is not among TESSERA_TEST_DIALECTS=${SELECTED_DIALECTS.join(',')}`);
}
const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: { name: 'all', include: ['packages/*/test/**/*.test.ts'], env: { TESSERA_TEST_DATABASE: explicitDatabase ?? sqlDialects[0]! } },
  },
  ...(explicitDatabase === undefined && sqlDialects.length === 2
    ? [{ extends: true as const, test: { name: 'http-on-postgres', include: HTTP_SUITES, env: { TESSERA_TEST_DATABASE: 'postgres' } } }]
    : []),
];

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources, so no build step sits between an edit and a test run.
    alias: {
      '@tessera/contract': source('contract'),
      '@tessera/sdk': source('sdk'),
    },
  },
  test: {
    // No root `include`: projects extend the root and vitest concatenates arrays, so each project names its own.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects,
  },
});
