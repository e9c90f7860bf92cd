import { TesseraError } from '../../errors.js';
import type { AppRepository, PasskeyStore, WebAuthnAppSettings } from '../../ports.js';

/** What one app's passkeys are bound to: the RP id they are scoped to and the origins allowed to use them. */
export interface RelyingParty {
  id: string;
  origins: string[];
  attestation: 'none' | 'trusted';
}

/**
 * Each app's relying party: its own settings (`apps update --webauthn-rp-id … --webauthn-origins …`), else
 * the deployment's public URL — its host the RP id, itself the only origin.
 */
export function createRelyingParties(deps: { passkeys: PasskeyStore; apps: AppRepository; publicUrl: string }) {
  const fallback = new URL(deps.publicUrl);

  async function of(appId: string): Promise<RelyingParty> {
    const settings = await deps.passkeys.settingsOf(appId);
    return {
      id: settings?.rpId ?? fallback.hostname,
      origins: settings?.origins ?? [fallback.origin],
      attestation: settings?.attestation ?? 'none',
    };
  }

  /** Changes an app's relying party; every origin must be the RP id or under it, as browsers require. */
  async function configure(appId: string, changes: { rpId?: string; origins?: readonly string[]; attestation?: string }): Promise<RelyingParty> {
    if (!(await deps.apps.findById(appId))) throw new TesseraError('APP_NOT_FOUND');
    const current = await deps.passkeys.settingsOf(appId);
    const next: WebAuthnAppSettings = {
      appId,
      rpId: changes.rpId !== undefined ? normalizeRpId(changes.rpId) : (current?.rpId ?? null),
      origins: changes.origins !== undefined ? changes.origins.map(normalizeOrigin) : (current?.origins ?? null),
      attestation: changes.attestation !== undefined ? parseAttestation(changes.attestation) : (current?.attestation ?? 'none'),
    };
    const rpId = next.rpId ?? fallback.hostname;
    for (const origin of next.origins ?? [fallback.origin]) {
      if (!isOriginOfRpId(origin, rpId)) invalid(`origin ${origin} is not on the RP id ${rpId} or a subdomain of it`);
    }
    await deps.passkeys.saveSettings(next);
    return of(appId);
  }

  return { of, configure };
}

export type RelyingParties = ReturnType<typeof createRelyingParties>;

/** True when the origin's host is the RP id or one of its subdomains (WebAuthn §5.1.4.1). */
export function isOriginOfRpId(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

/** HTTPS, or plain HTTP on localhost and loopback only — what browsers allow for WebAuthn. */
export function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return invalid(`not an origin: ${text}`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) invalid(`origin ${text} must be https (http only on localhost)`);
  if (url.pathname !== '/' || url.search || url.hash || url.username) invalid(`origin ${text} must be scheme://host[:port] only`);
  return url.origin;
}

function normalizeRpId(text: string): string {
  const rpId = text.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(rpId) || rpId.length > 253) {
    invalid(`RP id ${text} must be a host name, e.g. example.com`);
  }
  return rpId;
}

function parseAttestation(text: string): 'none' | 'trusted' {
  if (text !== 'none' && text !== 'trusted') invalid('attestation must be none or trusted');
  return text;
}

function invalid(detail: string): never {
  throw new TesseraError('VALIDATION_FAILED', { detail });
}
