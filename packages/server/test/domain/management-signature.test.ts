import { describe, expect, test } from 'vitest';
import { isTesseraError } from '../../src/domain/errors.js';
import { assertFreshTimestamp, MAX_CLOCK_SKEW_MS, stringToSign } from '../../src/domain/management/request-signature.js';

/** The server's reading of the Node ManagementClient's signature (spec §8), without a socket. */
const NOW = Date.UTC(2026, 10, 27, 20, 31, 52);

describe('string to sign', () => {
  test("spec §8's captured set-mfa-status request: headers sorted, accept/content-type/user-agent left out, top-level keys sorted", () => {
    const signed = stringToSign({
      method: 'post',
      path: '/api/v3/set-mfa-status',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': 'AuthingIdentityCloud',
        'x-authing-signature-version': '1.0',
        'x-authing-signature-nonce': 'abc',
        'x-authing-signature-method': 'HMAC-SHA1',
        'x-authing-sdk-version': 'authing-node-sdk:4.0.1',
        'x-authing-lang': ' zh-CN\t',
        date: 'Fri, 27 Nov 2026 20:31:52 GMT',
      },
      params: { userId: 'u1', mfaTriggerData: { mfaToken: 'x', applicationMfa: [] } },
    });
    expect(signed).toBe(
      'POST\ndate:Fri, 27 Nov 2026 20:31:52 GMT\nx-authing-lang:zh-CN\nx-authing-sdk-version:authing-node-sdk:4.0.1\n' +
        'x-authing-signature-method:HMAC-SHA1\nx-authing-signature-nonce:abc\nx-authing-signature-version:1.0\n' +
        '/api/v3/set-mfa-status?mfaTriggerData={"mfaToken":"x","applicationMfa":[]}&userId=u1',
    );
  });

  test.each([
    ['no parameters: the bare path', {}, '/p'],
    ['every parameter undefined: the path and a bare ?', { a: undefined }, '/p?'],
    ['null, numbers and booleans in JS string form, no URL-encoding', { b: null, a: 1.5, c: true, d: 'x y&z' }, '/p?a=1.5&b=null&c=true&d=x y&z'],
  ])('%s', (_name, params, resource) => {
    expect(stringToSign({ method: 'GET', path: '/p', headers: {}, params })).toBe(`GET\n${resource}`);
  });
});

describe('request time', () => {
  const codeOf = (headers: Record<string, string>) => {
    try {
      assertFreshTimestamp(headers, NOW);
      return 'ok';
    } catch (error) {
      return isTesseraError(error) ? error.code : 'other';
    }
  };
  test.each([
    ['an RFC 1123 date', { date: 'Fri, 27 Nov 2026 20:31:52 GMT' }, 'ok'],
    ['a millisecond x-authing-date (the C# SDK)', { 'x-authing-date': String(NOW) }, 'ok'],
    ['a millisecond epoch in date', { date: String(NOW - 1000) }, 'ok'],
    ['no date at all (1304)', {}, 'SIGNATURE_DATE_MISSING'],
    ['a date that is not a time (1303)', { date: 'soon' }, 'SIGNATURE_TIMESTAMP_INVALID'],
    ['15 minutes and 1 s late (1305)', { 'x-authing-date': String(NOW - MAX_CLOCK_SKEW_MS - 1000) }, 'SIGNATURE_CLOCK_SKEW'],
    ['15 minutes and 1 s early (1305)', { 'x-authing-date': String(NOW + MAX_CLOCK_SKEW_MS + 1000) }, 'SIGNATURE_CLOCK_SKEW'],
  ])('%s', (_name, headers, expected) => {
    expect(codeOf(headers)).toBe(expected);
  });
});
