import type { Transporter } from 'nodemailer';
import type { Clock, CodeSender } from '../domain/ports.js';
import { renderCodeEmail } from './code-email.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 (STARTTLS whenever offered; `?requireTLS=true` insists) or smtps://…:465. */
  url: string;
  /** From header, e.g. `Tessera <no-reply@example.com>`. */
  from: string;
  /** Bound on connecting, on the greeting and on each silent stretch of the session. */
  timeoutMs: number;
  clock: Clock;
}

/**
 * Email codes over SMTP with nodemailer: one multipart/alternative message (text + HTML) per code.
 *
 * Retry: exactly one, and only when the message cannot have been accepted yet: the connection could not be
 * made (ECONNECTION) or the server answered a transient 4xx ("try again later"). A timeout or a dropped
 * session is not retried: the server may already hold the message, and a second email with another code
 * would only confuse. Permanent 5xx answers (bad recipient, bad credentials) are not retried either.
 */
export function createSmtpSender(options: SmtpOptions): CodeSender {
  // nodemailer (~3 MiB of heap) is loaded with the first email, not at boot.
  let transporter: Promise<Transporter> | undefined;
  const transportNow = (): Promise<Transporter> =>
    (transporter ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({
        url: options.url,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        logger: false,
      }),
    ));
  return {
    async send(message) {
      const email = renderCodeEmail(message);
      const mail = {
        from: options.from,
        to: message.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        date: new Date(options.clock.now()),
      };
      const transport = await transportNow();
      try {
        await transport.sendMail(mail);
      } catch (error) {
        if (!mayRetry(error)) throw describe(error);
        try {
          await transport.sendMail(mail);
        } catch (second) {
          throw describe(second, 'after one retry');
        }
      }
    },
  };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
}

function mayRetry(error: unknown): boolean {
  const { code, responseCode } = error as SmtpError;
  return code === 'ECONNECTION' || (responseCode !== undefined && responseCode >= 400 && responseCode < 500);
}

/** The reason as the delivery log keeps it: the error kind and SMTP reply code, never the URL's password. */
function describe(error: unknown, suffix?: string): Error {
  const { code, responseCode, command } = error as SmtpError;
  const parts = [
    'smtp',
    code ?? 'error',
    ...(responseCode ? [`reply ${responseCode}`] : []),
    ...(command ? [`at ${command.split(' ')[0]}`] : []),
    ...(suffix ? [suffix] : []),
  ];
  return new Error(parts.join(' '), { cause: error });
}
