import { equalInConstantTime } from '../codes/constant-time.js';
import { TesseraError } from '../errors.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import type { Clock, ManagementTokenIssuer, Random, SendThrottle } from '../ports.js';
import type { AccessKeys } from './access-keys.js';
import {
  assertFreshTimestamp,
  assertSignatureMatches,
  assertSignatureScheme,
  MAX_CLOCK_SKEW_MS,
  parseSignatureAuthorization,
  type SignedRequest,
} from './request-signature.js';
import type { UserPool } from './user-pool.js';

const MAX_NONCE_LENGTH = 128;
const NONCE_PREFIX = 'mgmt-nonce:';
const NONCE_SWEEP_ONE_IN = 100;

/** Who makes a management call: always an access key, by one of the two official schemes. */
export interface ManagementCaller {
  accessKeyId: string;
  scheme: 'signature' | 'token';
}

/**
 * Authentication of management calls (issue 11): the Node ManagementClient's HMAC signature (spec §8) or
 * the Python ManagementClient's management token (spec §2.4). Never a user's access token.
 */
export function createManagementAuth(deps: {
  clock: Clock;
  random: Random;
  keys: AccessKeys;
  tokens: ManagementTokenIssuer;
  pool: UserPool;
  /** Single-use slots shared by every instance (SQL or Redis): a nonce seen anywhere is refused everywhere. */
  nonces: SendThrottle;
  audit: AuditTrail;
}) {
  async function authenticate(request: SignedRequest): Promise<ManagementCaller> {
    const { headers } = request;
    const poolHeader = headers['x-authing-userpool-id'];
    if (poolHeader !== undefined && poolHeader !== (await deps.pool.id())) throw new TesseraError('USERPOOL_MISMATCH');
    const authorization = headers.authorization?.trim();
    if (!authorization) throw new TesseraError('MANAGEMENT_AUTH_REQUIRED');
    if (/^authing\s/i.test(authorization)) return verifySignature(request, authorization);
    return verifyToken(authorization.replace(/^Bearer\s+/i, ''));
  }

  async function verifySignature(request: SignedRequest, authorization: string): Promise<ManagementCaller> {
    const parsed = parseSignatureAuthorization(authorization);
    if (!parsed) throw new TesseraError('SIGNATURE_INVALID');
    assertSignatureScheme(request.headers);
    const now = deps.clock.now();
    assertFreshTimestamp(request.headers, now);
    const secret = await deps.keys.activeSecret(parsed.accessKeyId);
    if (secret === undefined) throw new TesseraError('ACCESS_KEY_INVALID');
    assertSignatureMatches(secret, request, parsed.signature);
    // Only after the signature holds, so nobody without the secret can burn a client's nonces.
    const nonce = request.headers['x-authing-signature-nonce'];
    // The SDK sends 32 hex characters; a bound keeps an odd client's nonce a sane storage key.
    if (!nonce || nonce.length > MAX_NONCE_LENGTH) throw new TesseraError('SIGNATURE_INVALID');
    // Remembered as long as a request carrying it could still pass the skew check, either side of now.
    const slot = await deps.nonces.acquire(`${NONCE_PREFIX}${parsed.accessKeyId}:${nonce}`, 2 * MAX_CLOCK_SKEW_MS, now);
    if (!slot.acquired) throw new TesseraError('SIGNATURE_NONCE_REPLAYED');
    // One nonce row per call: now and then, the ones past their window go (a SQL store keeps them otherwise).
    if (deps.random.int(NONCE_SWEEP_ONE_IN) === 0) await deps.nonces.forgetFreed(NONCE_PREFIX, now);
    return { accessKeyId: parsed.accessKeyId, scheme: 'signature' };
  }

  async function verifyToken(token: string): Promise<ManagementCaller> {
    const claims = await deps.tokens.verify(token);
    if (!claims || claims.userPoolId !== (await deps.pool.id())) throw new TesseraError('MANAGEMENT_TOKEN_INVALID');
    // A disabled or deleted key's tokens stop working at once.
    if (!(await deps.keys.isActive(claims.accessKeyId))) throw new TesseraError('ACCESS_KEY_INVALID');
    return { accessKeyId: claims.accessKeyId, scheme: 'token' };
  }

  /** POST /api/v3/get-management-token: an access key and its secret for a management token. */
  async function exchangeForToken(input: { accessKeyId: string; accessKeySecret: string }, context: RequestContext) {
    const secret = await deps.keys.activeSecret(input.accessKeyId);
    if (secret === undefined || !equalInConstantTime(secret, input.accessKeySecret)) {
      await record({ accessKeyId: input.accessKeyId, route: 'get-management-token', outcome: 'failed' }, context);
      throw new TesseraError('ACCESS_KEY_INVALID');
    }
    const issued = await deps.tokens.issue({ accessKeyId: input.accessKeyId, userPoolId: await deps.pool.id() });
    await record({ accessKeyId: input.accessKeyId, route: 'get-management-token', outcome: 'ok' }, context);
    return { access_token: issued.token, expires_in: issued.expiresInSeconds };
  }

  /** Every management call, refused ones included, with the access key that made (or claimed) it. */
  async function record(call: { accessKeyId: string | null; route: string; outcome: 'ok' | 'failed'; error?: string }, context: RequestContext) {
    await deps.audit.record({
      type: 'management.call',
      outcome: call.outcome,
      userId: null,
      via: 'management',
      context,
      detail: { accessKeyId: call.accessKeyId, route: call.route, ...(call.error ? { error: call.error } : {}) },
    });
  }

  return { authenticate, exchangeForToken, record };
}

export type ManagementAuth = ReturnType<typeof createManagementAuth>;
