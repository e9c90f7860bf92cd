import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock, FaceMatcher } from '../domain/ports.js';
import { createBuiltinFaceMatcher } from './builtin-face-matcher.js';
import { createHttpFaceMatcher } from './http-face-matcher.js';
import { createPhotoSource } from './photo-source.js';

/**
 * The face matcher the configuration names: the external service when `faceMatcherUrl` is set (or
 * `faceMatcher: http`), else the built-in model, whose worker starts only on the first face request.
 */
export function createFaceMatcherFromConfig(config: Config, deps: { clock: Clock; logger: Logger }): FaceMatcher {
  const external = config.faceMatcher === 'http' || (config.faceMatcher === undefined && config.faceMatcherUrl !== undefined);
  if (external) {
    if (!config.faceMatcherUrl || !config.faceMatcherSecret) {
      throw new Error('invalid configuration: faceMatcher http needs faceMatcherUrl and faceMatcherSecret');
    }
    return createHttpFaceMatcher({ url: config.faceMatcherUrl, secret: config.faceMatcherSecret, timeoutMs: config.faceTimeoutMs, ...deps });
  }
  return createBuiltinFaceMatcher({
    matchThreshold: config.faceMatchThreshold,
    timeoutMs: config.faceTimeoutMs,
    maxQueued: config.faceMaxQueued,
    logger: deps.logger,
  });
}

export function createPhotoSourceFromConfig(config: Config) {
  return createPhotoSource({
    maxBytes: config.faceMaxPhotoBytes,
    allowedHosts: config.facePhotoHosts.split(',').map((host) => host.trim()).filter(Boolean),
    timeoutMs: config.faceTimeoutMs,
  });
}

/** The request body a photo-carrying route accepts: the photo as a data: URL (base64: 4/3) and the rest. */
export const photoBodyLimit = (config: Config) => Math.max(config.bodyLimitBytes, Math.ceil((config.faceMaxPhotoBytes * 4) / 3) + 16_384);
