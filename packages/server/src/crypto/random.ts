import { randomBytes, randomInt } from 'node:crypto';
import type { Random } from '../domain/ports.js';

/** node:crypto's CSPRNG behind the domain's Random port. */
export const cryptoRandom: Random = {
  bytes: (length) => randomBytes(length),
  int: (maxExclusive) => randomInt(maxExclusive),
};
