import type { Logger } from 'pino';
import { paths, type Config } from '../config.js';
import type { Clock, CodeChannel, CodeSender } from '../domain/ports.js';
import { createChannelRouter } from './channel-router.js';
import { createOutboxSender } from './outbox.js';
import { createSmsWebhookSender } from './sms-webhook-sender.js';
import { createSmtpSender } from './smtp-sender.js';
import { createTwilioSender } from './twilio-sender.js';

export type EmailProvider = 'outbox' | 'smtp';
export type SmsProvider = 'outbox' | 'webhook' | 'twilio';

export interface Delivery {
  sender: CodeSender;
  /** Which provider each channel goes to, for the delivery log. */
  providers: Record<CodeChannel, string>;
}

/**
 * Chooses each channel's provider (docs/delivery.md): TESSERA_EMAIL_DELIVERY / TESSERA_SMS_DELIVERY when
 * set; else TESSERA_DELIVERY=outbox for both; else inferred from which provider is configured; else the
 * outbox. Throws at boot, naming the variable, when the chosen provider is missing a setting.
 */
export function resolveProviders(config: Config): { email: EmailProvider; sms: SmsProvider } {
  const email: EmailProvider = config.emailDelivery ?? (config.delivery ?? (config.smtpUrl ? 'smtp' : 'outbox'));
  let sms: SmsProvider | undefined = config.smsDelivery ?? config.delivery;
  if (!sms) {
    if (config.smsWebhookUrl && config.smsTwilioAccountSid) {
      throw new Error('both TESSERA_SMS_WEBHOOK_URL and TESSERA_SMS_TWILIO_ACCOUNT_SID are set: choose one with TESSERA_SMS_DELIVERY');
    }
    sms = config.smsWebhookUrl ? 'webhook' : config.smsTwilioAccountSid ? 'twilio' : 'outbox';
  }
  if (email === 'smtp') requireSettings('TESSERA_EMAIL_DELIVERY=smtp', { TESSERA_SMTP_URL: config.smtpUrl, TESSERA_MAIL_FROM: config.mailFrom });
  if (sms === 'webhook') {
    requireSettings('TESSERA_SMS_DELIVERY=webhook', {
      TESSERA_SMS_WEBHOOK_URL: config.smsWebhookUrl,
      TESSERA_SMS_WEBHOOK_SECRET: config.smsWebhookSecret,
    });
  }
  if (sms === 'twilio') {
    requireSettings('TESSERA_SMS_DELIVERY=twilio', {
      TESSERA_SMS_TWILIO_ACCOUNT_SID: config.smsTwilioAccountSid,
      TESSERA_SMS_TWILIO_AUTH_TOKEN: config.smsTwilioAuthToken,
      TESSERA_SMS_TWILIO_FROM: config.smsTwilioFrom,
    });
  }
  return { email, sms };
}

/** Builds the channel router over the configured providers; one outbox serves every channel that uses it. */
export function createDeliveryFromConfig(config: Config, deps: { clock: Clock; logger: Logger }): Delivery {
  const chosen = resolveProviders(config);
  let outbox: CodeSender | undefined;
  const useOutbox = () => (outbox ??= createOutboxSender(paths.outboxFile(config), deps.logger, deps.clock));
  const timeoutMs = config.deliveryTimeoutMs;
  const email =
    chosen.email === 'smtp'
      ? createSmtpSender({ url: config.smtpUrl!, from: config.mailFrom!, timeoutMs, clock: deps.clock })
      : useOutbox();
  const sms =
    chosen.sms === 'webhook'
      ? createSmsWebhookSender({ url: config.smsWebhookUrl!, secret: config.smsWebhookSecret!, timeoutMs, clock: deps.clock })
      : chosen.sms === 'twilio'
        ? createTwilioSender({
            baseUrl: config.smsTwilioUrl,
            accountSid: config.smsTwilioAccountSid!,
            authToken: config.smsTwilioAuthToken!,
            from: config.smsTwilioFrom!,
            timeoutMs,
          })
        : useOutbox();
  return { sender: createChannelRouter({ email, sms }), providers: chosen };
}

function requireSettings(choice: string, settings: Record<string, string | undefined>): void {
  const missing = Object.entries(settings).filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0) throw new Error(`invalid configuration: ${choice} needs ${missing.join(' and ')}`);
}
