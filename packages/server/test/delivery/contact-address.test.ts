import { describe, expect, test } from 'vitest';
import { parseEmail, parsePhoneNumber } from '../../src/domain/contact/contact-address.js';
import { maskE164, maskEmail, maskPhoneNumber } from '../../src/domain/contact/masking.js';

/** Destinations are normalised before anything is counted or sent: E.164 phones, validated emails. */
describe('phone numbers', () => {
  test('a national number without a country code defaults to +86 (GenAuth FactorProfile)', () => {
    expect(parsePhoneNumber('13800138000')).toEqual({ e164: '+8613800138000', phoneNumber: '13800138000', phoneCountryCode: '+86' });
  });

  test('an explicit country code is honoured, with or without its plus sign', () => {
    expect(parsePhoneNumber('2025550143', '+1').e164).toBe('+12025550143');
    expect(parsePhoneNumber('2025550143', '1').e164).toBe('+12025550143');
  });

  test('spaces, dashes and parentheses are ignored, so one number always counts as one destination', () => {
    expect(parsePhoneNumber('138-0013 8000').e164).toBe('+8613800138000');
    expect(parsePhoneNumber('(202) 555-0143', '+1').e164).toBe('+12025550143');
  });

  test.each([['123'], ['1380013800'], ['12345678901'], ['abcdefghijk']])('%s is not a valid +86 number', (input) => {
    expect(() => parsePhoneNumber(input)).toThrow(expect.objectContaining({ code: 'INVALID_PHONE_NUMBER' }));
  });

  test('a malformed country code is refused', () => {
    expect(() => parsePhoneNumber('13800138000', 'abc')).toThrow(expect.objectContaining({ code: 'INVALID_PHONE_NUMBER' }));
  });
});

describe('email addresses', () => {
  test('the domain is lower-cased and the local part kept as typed', () => {
    expect(parseEmail('  Codes@Example.COM ')).toBe('Codes@example.com');
  });

  test.each([['no-at-sign'], ['a@b'], ['two@@example.com'], ['spaces in@example.com'], [`${'a'.repeat(250)}@example.com`]])(
    '%s is refused',
    (input) => {
      expect(() => parseEmail(input)).toThrow(expect.objectContaining({ code: 'INVALID_EMAIL' }));
    },
  );
});

describe('one masking rule, wherever an address is shown (a 1635 answer, the delivery log)', () => {
  test.each([
    ['13800138000', '138****8000'],
    ['2025550143', '202***0143'],
    ['123', '***'],
  ])('the national number %s is shown as %s', (national, masked) => {
    expect(maskPhoneNumber(national)).toBe(masked);
  });

  test.each([
    ['+8613800138000', '+86138****8000'],
    ['+12025550143', '+1202***0143'],
  ])('the E.164 number %s keeps its country code: %s', (e164, masked) => {
    expect(maskE164(e164)).toBe(masked);
  });

  test.each([
    ['codes@example.com', 'c***@example.com'],
    ['ab@example.com', 'a***@example.com'],
  ])('the address %s is shown as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
