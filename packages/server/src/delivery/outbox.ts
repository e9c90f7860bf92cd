import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { isNotice, type Clock, type CodeSender } from '../domain/ports.js';
import { renderCodeText } from './code-message.js';

/**
 * The development provider: each code is appended as one JSON line to a file (and logged without the
 * code). Documented, and the default until SMTP or an SMS vendor is configured.
 */
export function createOutboxSender(path: string, logger: Logger, clock: Clock): CodeSender {
  let directoryReady: Promise<unknown> | undefined;
  return {
    async send(message) {
      directoryReady ??= mkdir(dirname(path), { recursive: true });
      await directoryReady;
      const line = {
        channel: message.channel,
        to: message.to,
        // A security notice carries no code.
        code: isNotice(message) ? null : message.code,
        purpose: isNotice(message) ? 'security-notice' : message.purpose,
        ...(isNotice(message) ? { event: message.event } : {}),
        text: renderCodeText(message),
        createdAt: new Date(clock.now()).toISOString(),
      };
      await appendFile(path, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      logger.info({ channel: message.channel, to: message.to, purpose: line.purpose }, 'message written to outbox');
    },
  };
}
