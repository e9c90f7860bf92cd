import { describe, expect, test } from 'vitest';
import { configFromEnv, loadConfig } from '../../src/config.js';
import { resolveProviders } from '../../src/delivery/delivery-from-config.js';

/** Which provider each channel uses, and the caps, from TESSERA_* variables (docs/delivery.md). */
const configOf = (env: Record<string, string>) => loadConfig(configFromEnv(env));

describe('provider choice', () => {
  test('with nothing configured, both channels use the outbox', () => {
    expect(resolveProviders(configOf({}))).toEqual({ email: 'outbox', sms: 'outbox' });
  });

  test('a configured SMTP URL, webhook URL or Twilio account selects that provider', () => {
    expect(resolveProviders(configOf({ TESSERA_SMTP_URL: 'smtp://mail.example.com:587', TESSERA_MAIL_FROM: 'a@example.com' })).email).toBe('smtp');
    expect(resolveProviders(configOf({ TESSERA_SMS_WEBHOOK_URL: 'https://sms.example.com/hook', TESSERA_SMS_WEBHOOK_SECRET: 's'.repeat(32) })).sms).toBe('webhook');
    expect(
      resolveProviders(
        configOf({ TESSERA_SMS_TWILIO_ACCOUNT_SID: 'AC1', TESSERA_SMS_TWILIO_AUTH_TOKEN: 'token', TESSERA_SMS_TWILIO_FROM: '+15005550006' }),
      ).sms,
    ).toBe('twilio');
  });

  test('TESSERA_DELIVERY=outbox keeps every code in the outbox even with providers configured', () => {
    const config = configOf({ TESSERA_DELIVERY: 'outbox', TESSERA_SMTP_URL: 'smtp://mail.example.com', TESSERA_SMS_WEBHOOK_URL: 'https://sms.example.com' });
    expect(resolveProviders(config)).toEqual({ email: 'outbox', sms: 'outbox' });
  });

  test('a per-channel choice overrides TESSERA_DELIVERY', () => {
    const config = configOf({ TESSERA_DELIVERY: 'outbox', TESSERA_EMAIL_DELIVERY: 'smtp', TESSERA_SMTP_URL: 'smtp://m.example.com', TESSERA_MAIL_FROM: 'a@example.com' });
    expect(resolveProviders(config)).toEqual({ email: 'smtp', sms: 'outbox' });
  });

  test('a chosen provider missing a setting fails at boot, naming the variable', () => {
    expect(() => resolveProviders(configOf({ TESSERA_SMS_WEBHOOK_URL: 'https://sms.example.com' }))).toThrow(/TESSERA_SMS_WEBHOOK_SECRET/);
    expect(() => resolveProviders(configOf({ TESSERA_SMTP_URL: 'smtp://mail.example.com' }))).toThrow(/TESSERA_MAIL_FROM/);
    expect(() => resolveProviders(configOf({ TESSERA_SMS_DELIVERY: 'twilio' }))).toThrow(/TESSERA_SMS_TWILIO_ACCOUNT_SID/);
  });

  test('both SMS providers configured without a choice is refused', () => {
    const env = {
      TESSERA_SMS_WEBHOOK_URL: 'https://sms.example.com',
      TESSERA_SMS_WEBHOOK_SECRET: 's'.repeat(32),
      TESSERA_SMS_TWILIO_ACCOUNT_SID: 'AC1',
    };
    expect(() => resolveProviders(configOf(env))).toThrow(/TESSERA_SMS_DELIVERY/);
    expect(resolveProviders(configOf({ ...env, TESSERA_SMS_DELIVERY: 'webhook' })).sms).toBe('webhook');
  });
});

describe('send caps', () => {
  test('default to 10 per hour and 20 per day per destination and user, 50 SMS per IP per hour, 1,000 SMS per day', () => {
    expect(loadConfig({})).toMatchObject({ sendIntervalSeconds: 60, maxSendsPerHour: 10, maxSendsPerDay: 20, maxSmsPerIpPerHour: 50, smsDailyBudget: 1000 });
  });

  test('are read from the environment', () => {
    const config = configOf({ TESSERA_MAX_SENDS_PER_HOUR: '5', TESSERA_MAX_SENDS_PER_DAY: '8', TESSERA_MAX_SMS_PER_IP_PER_HOUR: '20', TESSERA_SMS_DAILY_BUDGET: '300' });
    expect(config).toMatchObject({ maxSendsPerHour: 5, maxSendsPerDay: 8, maxSmsPerIpPerHour: 20, smsDailyBudget: 300 });
  });

  test.each([
    ['TESSERA_MAX_SENDS_PER_HOUR', '0'],
    ['TESSERA_MAX_SENDS_PER_HOUR', '101'],
    ['TESSERA_MAX_SENDS_PER_DAY', '1001'],
    ['TESSERA_SMS_DAILY_BUDGET', '-1'],
    ['TESSERA_DELIVERY_TIMEOUT_MS', '50'],
    ['TESSERA_SMS_WEBHOOK_SECRET', 'short'],
  ])('%s=%s is out of bounds and refused', (name, value) => {
    expect(() => configOf({ [name]: value })).toThrow(/invalid configuration/);
  });
});
