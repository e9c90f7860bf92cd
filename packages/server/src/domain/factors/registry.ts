import type { FactorType } from '@tessera/contract';
import { TesseraError } from '../errors.js';
import type { AppRecord, Clock, CodeHasher, PasskeyStore, PasswordHasher, Random, RotatingSecretBox } from '../ports.js';
import { createEmailMethod } from './email/email-method.js';
import { createFaceMethod, type FaceMethodDeps } from './face/face-method.js';
import type { FactorMethod, MethodName } from './factor-method.js';
import { createOtpMethod } from './otp/otp-method.js';
import type { PasskeyCeremonies } from './passkey/passkey-ceremonies.js';
import { createPasskeyMethod } from './passkey/passkey-method.js';
import { createRecoveryCodeMethod } from './recovery-code/recovery-code-method.js';
import type { RecoveryCodeIssuer } from './recovery-code/recovery-codes.js';
import { createSmsMethod } from './sms/sms-method.js';

export interface FactorMethodDeps {
  random: Random;
  secretBox: RotatingSecretBox;
  codeHasher: CodeHasher;
  /** Argon2id for recovery codes (its own queue, ahead of waiting passwords). */
  passwords: PasswordHasher;
  recoveryCodes: RecoveryCodeIssuer;
  /** PASSKEY: the stored passkeys and the WebAuthn ceremonies. */
  clock: Clock;
  passkeys: PasskeyStore;
  passkeyCeremonies: PasskeyCeremonies;
  /** FACE, when the deployment wires a face matcher. */
  face?: FaceMethodDeps;
}

/** Every factor method this build serves: one line each. */
export function createFactorRegistry(deps: FactorMethodDeps): FactorRegistry {
  return registryOf([
    createOtpMethod(deps),
    createSmsMethod(deps),
    createEmailMethod(deps),
    createRecoveryCodeMethod({ hasher: deps.passwords, recoveryCodes: deps.recoveryCodes }),
    createPasskeyMethod({ clock: deps.clock, passkeys: deps.passkeys, ceremonies: deps.passkeyCeremonies }),
    ...(deps.face ? [createFaceMethod(deps.face)] : []),
  ]);
}

export interface FactorRegistry {
  readonly methods: readonly FactorMethod[];
  /** The method of that name; throws for one this build does not serve. */
  method(name: MethodName): FactorMethod;
  /** The method that binds factors of this type, if any: a type without one is not served (FACE today). */
  binding(type: FactorType): FactorMethod | undefined;
  /** The factor types an app offers: those it enables that this deployment can bind. */
  offeredTypes(app: AppRecord): FactorType[];
  /** Throws FACTOR_TYPE_NOT_ENABLED unless the app offers the type; answers its binding method. */
  assertOffered(app: AppRecord, type: FactorType): FactorMethod;
}

export function registryOf(methods: readonly FactorMethod[]): FactorRegistry {
  const byName = new Map(methods.map((method) => [method.name, method]));
  const bindingByType = new Map(methods.filter((method) => method.enrollment).map((method) => [method.factorType, method]));
  const offeredTypes = (app: AppRecord) => app.enabledFactors.filter((type) => bindingByType.has(type));
  return {
    methods,
    method(name) {
      const method = byName.get(name);
      if (!method) throw new Error(`no factor method named ${name}`);
      return method;
    },
    binding: (type) => bindingByType.get(type),
    offeredTypes,
    assertOffered(app, type) {
      const method = bindingByType.get(type);
      if (!method || !offeredTypes(app).includes(type)) throw new TesseraError('FACTOR_TYPE_NOT_ENABLED', { factorType: type });
      return method;
    },
  };
}
