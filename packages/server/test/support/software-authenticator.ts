import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/** The parts of a browser's PublicKeyCredential*OptionsJSON an authenticator reads. */
interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

interface StoredKey {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

/** What a test may bend in one ceremony: a phishing origin, another RP id, a counter, no user verification. */
export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  counter?: number;
  userVerified?: boolean;
  credentialId?: string;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

/**
 * A WebAuthn authenticator in software, for tests without a browser: P-256 keys (ES256), authenticator data
 * as WebAuthn §6.1 lays it out, `none` attestation, CBOR by the library's own encoder. It answers what a
 * browser's navigator.credentials.create()/get() would, JSON-encoded (WebAuthn Level 3 toJSON()).
 */
export class SoftwareAuthenticator {
  private readonly keys: StoredKey[] = [];

  constructor(
    readonly origin: string,
    private readonly options: { userVerification?: boolean; synced?: boolean } = {},
  ) {}

  /** The credential ids it holds, base64url. */
  get credentialIds(): string[] {
    return this.keys.map((key) => key.id.toString('base64url'));
  }

  /** navigator.credentials.create(): a new discoverable P-256 credential. */
  register(options: CreationOptions, overrides: CeremonyOverrides = {}) {
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(this.origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(16);
    this.keys.push({ id, privateKey, rpId, userHandle: options.user.id, counter: 0 });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const attested = Buffer.concat([Buffer.alloc(16), u16(id.length), id, Buffer.from(isoCBOR.encode(coseKey))]);
    const authData = this.authenticatorData(rpId, FLAG_AT, overrides.counter ?? 0, overrides.userVerified, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, never>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', new Uint8Array(authData)],
      ]),
    );
    return {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key' as const,
      response: {
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        clientDataJSON: this.clientData('webauthn.create', options.challenge, overrides.origin),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): an assertion by an allowed credential, else any it holds (discoverable). */
  assert(options: RequestOptions, overrides: CeremonyOverrides = {}) {
    const allowed = options.allowCredentials?.map((credential) => credential.id) ?? [];
    const key =
      this.keys.find((candidate) => candidate.id.toString('base64url') === overrides.credentialId) ??
      this.keys.find((candidate) => allowed.length === 0 || allowed.includes(candidate.id.toString('base64url')));
    if (!key) throw new Error('the software authenticator holds no allowed credential');
    key.counter = overrides.counter ?? key.counter + 1;
    const authData = this.authenticatorData(overrides.rpId ?? options.rpId ?? key.rpId, 0, key.counter, overrides.userVerified);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides.origin);
    const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest()]);
    return {
      id: key.id.toString('base64url'),
      rawId: key.id.toString('base64url'),
      type: 'public-key' as const,
      response: {
        authenticatorData: authData.toString('base64url'),
        clientDataJSON,
        // ECDSA over SHA-256, DER-encoded, as WebAuthn requires for ES256.
        signature: sign('sha256', signed, key.privateKey).toString('base64url'),
        userHandle: key.userHandle,
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  private authenticatorData(rpId: string, extraFlags: number, counter: number, userVerified?: boolean, attested?: Buffer): Buffer {
    const uv = userVerified ?? this.options.userVerification ?? true;
    const flags = FLAG_UP | (uv ? FLAG_UV : 0) | (this.options.synced ? FLAG_BE | FLAG_BS : 0) | extraFlags;
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), counterBytes, attested ?? Buffer.alloc(0)]);
  }

  private clientData(type: string, challenge: string, origin?: string): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin: origin ?? this.origin, crossOrigin: false })).toString('base64url');
  }
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}
