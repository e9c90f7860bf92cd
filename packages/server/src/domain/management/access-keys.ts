import { TesseraError } from '../errors.js';
import type { AuditTrail, RequestContext } from '../audit/audit-trail.js';
import type { AccessKeyRecord, AccessKeyRepository, Clock, Random, SecretBox } from '../ports.js';

/** What may be shown of an access key: never its secret. */
export type AccessKeyView = {
  accessKeyId: string;
  name: string;
  status: AccessKeyRecord['status'];
  createdAt: string;
  lastUsedAt: string | null;
};

const view = (key: AccessKeyRecord): AccessKeyView => ({
  accessKeyId: key.id,
  name: key.name,
  status: key.status,
  createdAt: new Date(key.createdAt).toISOString(),
  lastUsedAt: key.lastUsedAt === null ? null : new Date(key.lastUsedAt).toISOString(),
});

/**
 * Management API access keys (issue 11). The secret must be readable to check an HMAC signature, so it is
 * sealed with the keyring like a TOTP secret (associated data: the key id), shown once at creation and
 * never again, never logged.
 */
export function createAccessKeys(deps: { clock: Clock; random: Random; box: SecretBox; keys: AccessKeyRepository; audit: AuditTrail }) {
  async function create(input: { name?: string }, context: RequestContext) {
    const id = `ak${deps.random.bytes(12).toString('hex')}`;
    const secret = deps.random.bytes(24).toString('base64url');
    const now = deps.clock.now();
    await deps.keys.insert({
      id,
      name: input.name?.trim() || id,
      secretSealed: deps.box.seal(Buffer.from(secret, 'utf8'), id),
      status: 'active',
      createdAt: now,
      lastUsedAt: null,
    });
    await deps.audit.record({ type: 'access-key.create', userId: null, via: 'admin', context, detail: { accessKeyId: id } });
    return { accessKeyId: id, accessKeySecret: secret };
  }

  async function setStatus(id: string, status: 'active' | 'disabled', context: RequestContext) {
    if (!(await deps.keys.setStatus(id, status))) throw new TesseraError('ACCESS_KEY_NOT_FOUND');
    await deps.audit.record({ type: status === 'disabled' ? 'access-key.disable' : 'access-key.enable', userId: null, via: 'admin', context, detail: { accessKeyId: id } });
    return view((await deps.keys.findById(id))!);
  }

  async function remove(id: string, context: RequestContext) {
    if (!(await deps.keys.delete(id))) throw new TesseraError('ACCESS_KEY_NOT_FOUND');
    await deps.audit.record({ type: 'access-key.delete', userId: null, via: 'admin', context, detail: { accessKeyId: id } });
    return { accessKeyId: id, deleted: true as const };
  }

  /** The secret of an active key, for checking a signature or a token exchange; undefined otherwise. */
  async function activeSecret(id: string): Promise<string | undefined> {
    const key = await deps.keys.findById(id);
    if (!key || key.status !== 'active') return undefined;
    return deps.box.open(key.secretSealed, key.id).toString('utf8');
  }

  return {
    create,
    list: async () => (await deps.keys.list()).map(view),
    disable: (id: string, context: RequestContext) => setStatus(id, 'disabled', context),
    enable: (id: string, context: RequestContext) => setStatus(id, 'active', context),
    delete: remove,
    activeSecret,
    isActive: async (id: string) => (await deps.keys.findById(id))?.status === 'active',
    touch: (id: string) => deps.keys.touch(id, deps.clock.now()),
  };
}

export type AccessKeys = ReturnType<typeof createAccessKeys>;
