import { ERROR_CATALOG, type ErrorCode } from './error-catalog.js';
import { OAUTH_ERRORS, type OAuthErrorCode } from './oauth-errors.js';

/**
 * docs/errors.md, rendered from the catalog so the two cannot drift (a test checks the committed file is
 * fresh; regenerate with `npm run docs:errors`).
 */
export function renderErrorCatalogMarkdown(): string {
  const rows = (Object.keys(ERROR_CATALOG) as ErrorCode[]).map((code) => {
    const entry = ERROR_CATALOG[code];
    return `| \`${code}\` | ${entry.statusCode} | ${entry.apiCode} | ${entry.message['en-US']} | ${entry.message['zh-CN']} |`;
  });
  return [
    '# Error catalog',
    '',
    'Generated from `packages/contract/src/error-catalog.ts` by `npm run docs:errors`; do not edit by hand.',
    '',
    'Every failure is answered in the V3 envelope `{statusCode, message, apiCode, requestId}`. On `/api/*` routes the',
    'HTTP status is always 200 and `statusCode` carries the outcome (GenAuth’s convention: the official Node SDK',
    'loses the body of a real 4xx); elsewhere the HTTP status equals `statusCode`. `apiCode` reuses GenAuth’s code',
    'where one exists (2011, 2020, 2333, 6001, 6003, …) and otherwise comes from Tessera’s 46xxx range.',
    '`{name}` placeholders are filled per request; `x-authing-lang: en-US` selects English, anything else Chinese.',
    '',
    '| code | statusCode | apiCode | message (en-US) | message (zh-CN) |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## The standard endpoints (`/oidc/*`)',
    '',
    'Generated from `packages/contract/src/oauth-errors.ts`. These follow RFC 6749 §5.2 (and RFC 7009, RFC 6750, OIDC',
    'RP-Initiated Logout): `{error, error_description}` with a real HTTP status, no envelope (docs/oidc.md).',
    '',
    '| error | HTTP status | meaning |',
    '|---|---|---|',
    ...(Object.keys(OAUTH_ERRORS) as OAuthErrorCode[]).map((code) => `| \`${code}\` | ${OAUTH_ERRORS[code].httpStatus} | ${OAUTH_ERRORS[code].description} |`),
    '',
  ].join('\n');
}
