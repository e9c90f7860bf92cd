import { TesseraError } from '../../errors.js';
import type { FaceMatcher, FactorRepository, PhotoOwner, PhotoSource, RotatingSecretBox } from '../../ports.js';
import { FAILED } from '../../verification/verdict.js';
import type { FactorMethod } from '../factor-method.js';
import type { FaceAttempts } from './face-attempts.js';

export interface FaceMethodDeps {
  matcher: FaceMatcher;
  photos: PhotoSource;
  secretBox: RotatingSecretBox;
  attempts: FaceAttempts;
  factors: FactorRepository;
}

/** RFC 8176 has `face` for facial recognition. */
const FACE_AMR = 'face';

/**
 * FACE: a photo compared with the face template bound at enrollment (docs/face.md). Only the template
 * is kept, sealed with the keyring and bound to the factor id; the photos are read, compared and dropped
 * (BIO-04). Face is a convenience factor: it proves aal1 (BIO-01: password + face never reaches aal2), may
 * only be bound next to another factor, and has its own failure limits (BIO-02, face-attempts.ts).
 */
export function createFaceMethod(deps: FaceMethodDeps): FactorMethod {
  /** The one template of a photo, or a clear refusal (no face, several faces). */
  async function templateOf(photo: string, owner: PhotoOwner): Promise<Buffer> {
    const reading = await deps.matcher.read(await deps.photos.load(photo, owner));
    if (reading.faces === 0) throw new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'no face found' });
    if (reading.faces === 'several') throw new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'more than one face' });
    return reading.template;
  }

  return {
    name: 'FACE',
    factorType: 'FACE',
    proves: { amr: FACE_AMR, aal: 'aal1' },
    companionOnly: true,
    // BIO-02: a face disabled by its failures is not offered at sign-in; the user's other factor is.
    isUsable: async (factor) => !(await deps.attempts.isDisabled(factor.id)),
    errors: { notBound: 'FACE_NOT_BOUND', wrongAnswer: 'FACE_MISMATCH', answerMissing: 'FACE_PHOTO_MISSING' },
    enrollment: {
      async start({ userId }) {
        // BIO-01: a face is never the only second factor; another one must already be bound.
        const others = (await deps.factors.listByUser(userId)).filter((factor) => factor.type !== 'FACE');
        if (others.length === 0) throw new TesseraError('FACE_NEEDS_ANOTHER_FACTOR');
        return { stored: { profile: {}, secretSealed: null, codeHash: null, recoveryCodeHash: null } };
      },
      async confirm(pending, photo) {
        const template = await templateOf(photo, { userId: pending.userId, appId: pending.appId });
        return { outcome: 'ok', value: { secretSealed: deps.secretBox.seal(template, pending.factorId) } };
      },
    },
    async verify({ factor, answer, challenge, now }) {
      if (!factor.secretSealed) return FAILED;
      await deps.attempts.begin(factor.id, now);
      const template = deps.secretBox.open(factor.secretSealed, factor.id);
      const comparison = await deps.matcher.compare(
        await deps.photos.load(answer.code, { userId: factor.userId, ...(challenge ? { appId: challenge.appId } : {}) }),
        template,
      );
      if (comparison.faces === 0) throw new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'no face found' });
      if (comparison.faces === 'several') throw new TesseraError('FACE_PHOTO_UNUSABLE', { reason: 'more than one face' });
      if (!comparison.match) {
        await deps.attempts.recordFailure(factor.id);
        return FAILED;
      }
      // A matching face clears its failure count here, not in the spend: the spend runs inside the
      // flow's transaction, and the count lives outside it (a second connection would wait on SQLite).
      await deps.attempts.recordSuccess(factor.id);
      return {
        outcome: 'ok',
        value: async ({ claim }) => ((await claim()) ? { outcome: 'ok', value: null } : { outcome: 'replayed' }),
      };
    },
    // BIO-04: nothing about the face leaves the server.
    publicProfile: () => ({}),
    describeForChallenge: () => ({ faceMfaEnabled: true }),
  };
}
