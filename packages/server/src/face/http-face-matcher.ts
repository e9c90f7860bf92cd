import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { TesseraError } from '../domain/errors.js';
import type { Clock, FaceComparison, FaceMatcher, FaceReading } from '../domain/ports.js';
import { signWebhook, WEBHOOK_HEADERS } from '../delivery/sms-webhook-sender.js';

export interface HttpFaceMatcherOptions {
  url: string;
  /** Shared with the service; signs every request like the SMS webhook (docs/face.md). */
  secret: string;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** The service's answer: how many faces, and the template (read) or the decision (compare). */
interface ServiceAnswer {
  faces?: unknown;
  template?: unknown;
  match?: unknown;
}

/**
 * A FaceMatcher that asks an external comparison service (for teams that run a certified one): POST JSON
 * `{operation: "read"|"compare", image, template?}` (base64), signed with HMAC-SHA256 over
 * `<timestamp>.<body>` in `x-tessera-signature`. The service answers `{faces: 0|1|2…, template?, match?}`.
 * Its template is opaque to Tessera, which seals it like its own. Anything else — a timeout, a non-2xx, an
 * answer of the wrong shape — is FACE_MATCHER_UNAVAILABLE (503), never a match.
 */
export function createHttpFaceMatcher(options: HttpFaceMatcherOptions): FaceMatcher {
  async function post(payload: Record<string, string>): Promise<ServiceAnswer> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(options.clock.now() / 1000));
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: signWebhook(options.secret, timestamp, body),
          [WEBHOOK_HEADERS.deliveryId]: randomUUID(),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as ServiceAnswer;
    } catch (error) {
      // The reason only: never the body, which holds the image.
      options.logger.warn({ reason: (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message.slice(0, 100) }, 'face comparison service failed');
      throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
    }
  }

  function facesOf(answer: ServiceAnswer): 0 | 1 | 'several' {
    if (answer.faces === 0 || answer.faces === 1) return answer.faces;
    if (typeof answer.faces === 'number' && answer.faces > 1) return 'several';
    throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
  }

  return {
    async read(image): Promise<FaceReading> {
      const answer = await post({ operation: 'read', image: image.toString('base64') });
      const faces = facesOf(answer);
      if (faces !== 1) return { faces };
      if (typeof answer.template !== 'string' || answer.template.length === 0) throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
      return { faces: 1, template: Buffer.from(answer.template, 'base64') };
    },
    async compare(image, template): Promise<FaceComparison> {
      const answer = await post({ operation: 'compare', image: image.toString('base64'), template: template.toString('base64') });
      const faces = facesOf(answer);
      if (faces !== 1) return { faces };
      if (typeof answer.match !== 'boolean') throw new TesseraError('FACE_MATCHER_UNAVAILABLE');
      return { faces: 1, match: answer.match };
    },
    close: async () => {},
  };
}
