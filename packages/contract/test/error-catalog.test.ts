import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ERROR_CATALOG, renderErrorCatalogMarkdown, renderErrorMessage, resolveLanguage, type ErrorCode } from '@tessera/contract';

const codes = Object.keys(ERROR_CATALOG) as ErrorCode[];

describe('error catalog', () => {
  test('every apiCode names exactly one failure', () => {
    const apiCodes = codes.map((code) => ERROR_CATALOG[code].apiCode);
    expect(new Set(apiCodes).size).toBe(apiCodes.length);
  });

  test('every statusCode is one of GenAuth’s classes (spec §9)', () => {
    const classes = [400, 401, 402, 403, 404, 409, 413, 422, 429, 499, 500, 501, 502, 503, 601, 602, 603];
    for (const code of codes) expect(classes).toContain(ERROR_CATALOG[code].statusCode);
  });

  test('every message exists in both languages with the same placeholders', () => {
    for (const code of codes) {
      const { message } = ERROR_CATALOG[code];
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(message['en-US'].length).toBeGreaterThan(0);
      expect(placeholders(message['zh-CN'])).toEqual(placeholders(message['en-US']));
    }
  });

  test('placeholders are filled from params', () => {
    expect(renderErrorMessage('SEND_TOO_FREQUENT', 'en-US', { retryAfterSeconds: 42 })).toContain('retry in 42 s');
  });

  test('x-authing-lang picks en-US only when asked, zh-CN otherwise (spec §10)', () => {
    expect(resolveLanguage('en-US')).toBe('en-US');
    expect(resolveLanguage('EN-us')).toBe('en-US');
    expect(resolveLanguage('ja-JP')).toBe('zh-CN');
    expect(resolveLanguage('')).toBe('zh-CN');
    expect(resolveLanguage(undefined)).toBe('zh-CN');
  });

  test('the committed docs/errors.md is fresh (regenerate with `npm run docs:errors`)', () => {
    expect(readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')).toBe(renderErrorCatalogMarkdown());
  });
});
