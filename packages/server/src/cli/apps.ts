import type { Command } from 'commander';
import { MFA_POLICIES, parseFactorList } from '../domain/apps/app-service.js';
import type { AppRecord, OidcClientSettings, TokenEndpointAuthMethod } from '../domain/ports.js';
import { print, withServices, type Env } from './context.js';

const AUTH_METHODS: TokenEndpointAuthMethod[] = ['client_secret_post', 'client_secret_basic', 'none'];

export function registerAppCommands(program: Command, env: Env): void {
  const apps = program.command('apps').description('Manage applications');

  apps
    .command('create')
    .description('Create an application; prints its appId and appSecret (shown once)')
    .requiredOption('--name <name>', 'application name (the issuer shown in authenticator apps)')
    .option('--factors <list>', 'enabled factor types', 'OTP,SMS,EMAIL')
    .option('--token-endpoint-auth-method <method>', AUTH_METHODS.join(' | '), 'client_secret_post')
    .option('--redirect-uris <list>', 'comma list of exact redirect URIs')
    .option('--post-logout-redirect-uris <list>', 'comma list of exact URIs /oidc/session/end may redirect to')
    .option('--refresh-token-ttl <seconds>', 'refresh token lifetime (never beyond its session), default 2592000')
    .option('--id-token-ttl <seconds>', 'id token lifetime, default 3600')
    .option('--json', 'print JSON')
    .action(async (options: { name: string; factors: string; tokenEndpointAuthMethod: string; json?: boolean } & OidcFlags) => {
      if (!AUTH_METHODS.includes(options.tokenEndpointAuthMethod as TokenEndpointAuthMethod)) {
        throw new Error(`--token-endpoint-auth-method must be one of ${AUTH_METHODS.join(', ')}`);
      }
      const { app, appSecret } = await withServices(env, (services) =>
        services.admin.createApp({
          name: options.name,
          enabledFactors: parseFactorList(options.factors),
          tokenEndpointAuthMethod: options.tokenEndpointAuthMethod as TokenEndpointAuthMethod,
          ...oidcSettingsOf(options),
        }),
      );
      print(
        {
          appId: app.id,
          appSecret,
          name: app.name,
          enabledFactors: app.enabledFactors,
          ...oidcViewOf(app),
        },
        Boolean(options.json),
      );
    });

  apps
    .command('update')
    .description("Change an application's MFA policy, enabled factor types and/or passkey relying party")
    .requiredOption('--app-id <id>', 'application id')
    .option('--mfa-policy <policy>', `${MFA_POLICIES.join(' | ')}: when sign-in asks for a second factor`)
    .option('--factors <list>', 'enabled factor types, e.g. OTP,SMS,EMAIL,PASSKEY')
    .option('--token-endpoint-auth-method <method>', AUTH_METHODS.join(' | '))
    .option('--redirect-uris <list>', 'comma list of exact redirect URIs (replaces the list; "" empties it)')
    .option('--post-logout-redirect-uris <list>', 'comma list of exact post-logout URIs (replaces the list; "" empties it)')
    .option('--refresh-token-ttl <seconds>', 'refresh token lifetime')
    .option('--id-token-ttl <seconds>', 'id token lifetime')
    .option('--webauthn-rp-id <host>', 'passkey RP id (default: the host of TESSERA_PUBLIC_URL)')
    .option('--webauthn-origins <list>', 'origins allowed to use passkeys, comma separated (default: TESSERA_PUBLIC_URL)')
    .option('--webauthn-attestation <mode>', 'none (default) | trusted: refuse passkeys without a verified attestation')
    .option('--json', 'print JSON')
    .action(async (options: AppUpdateOptions) => {
      const oidc = oidcSettingsOf(options);
      const webauthn = {
        ...(options.webauthnRpId !== undefined ? { rpId: options.webauthnRpId } : {}),
        ...(options.webauthnOrigins !== undefined ? { origins: options.webauthnOrigins.split(',').filter((origin) => origin.trim()) } : {}),
        ...(options.webauthnAttestation !== undefined ? { attestation: options.webauthnAttestation } : {}),
      };
      const mfa = {
        ...(options.mfaPolicy !== undefined ? { mfaPolicy: options.mfaPolicy } : {}),
        ...(options.factors !== undefined ? { enabledFactors: parseFactorList(options.factors) } : {}),
      };
      if (Object.keys(mfa).length === 0 && Object.keys(oidc).length === 0 && Object.keys(webauthn).length === 0) {
        throw new Error('give --mfa-policy, --factors, an OIDC setting and/or --webauthn-rp-id, --webauthn-origins, --webauthn-attestation');
      }
      const { app, relyingParty } = await withServices(env, async (services) => {
        const relyingParty = Object.keys(webauthn).length > 0 ? await services.relyingParties.configure(options.appId, webauthn) : undefined;
        let app = Object.keys(mfa).length > 0 ? await services.admin.updateApp(options.appId, mfa) : undefined;
        if (Object.keys(oidc).length > 0) app = await services.admin.updateAppOidcSettings(options.appId, oidc);
        return { app, relyingParty };
      });
      print(
        {
          appId: options.appId,
          ...(app ? { name: app.name, mfaPolicy: app.mfaPolicy, enabledFactors: app.enabledFactors, ...oidcViewOf(app) } : {}),
          ...(relyingParty ? { webauthn: relyingParty } : {}),
        },
        Boolean(options.json),
      );
    });

  apps
    .command('list')
    .description('List applications (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withServices(env, (services) => services.admin.listApps());
      print(
        list.map((app) => ({
          appId: app.id,
          name: app.name,
          enabledFactors: app.enabledFactors,
          mfaPolicy: app.mfaPolicy,
          ...oidcViewOf(app),
          createdAt: new Date(app.createdAt).toISOString(),
        })),
        Boolean(options.json),
      );
    });
}

interface OidcFlags {
  tokenEndpointAuthMethod?: string;
  redirectUris?: string;
  postLogoutRedirectUris?: string;
  refreshTokenTtl?: string;
  idTokenTtl?: string;
}

/** The OIDC client flags given, as settings (checked by the app service). */
function oidcSettingsOf(flags: OidcFlags): OidcClientSettings {
  const list = (value: string) => value.split(',').map((uri) => uri.trim()).filter(Boolean);
  const seconds = (name: string, value: string) => {
    if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number of seconds`);
    return Number(value);
  };
  if (flags.tokenEndpointAuthMethod !== undefined && !AUTH_METHODS.includes(flags.tokenEndpointAuthMethod as TokenEndpointAuthMethod)) {
    throw new Error(`--token-endpoint-auth-method must be one of ${AUTH_METHODS.join(', ')}`);
  }
  return {
    ...(flags.tokenEndpointAuthMethod !== undefined ? { tokenEndpointAuthMethod: flags.tokenEndpointAuthMethod as TokenEndpointAuthMethod } : {}),
    ...(flags.redirectUris !== undefined ? { redirectUris: list(flags.redirectUris) } : {}),
    ...(flags.postLogoutRedirectUris !== undefined ? { postLogoutRedirectUris: list(flags.postLogoutRedirectUris) } : {}),
    ...(flags.refreshTokenTtl !== undefined ? { refreshTokenTtlSeconds: seconds('--refresh-token-ttl', flags.refreshTokenTtl) } : {}),
    ...(flags.idTokenTtl !== undefined ? { idTokenTtlSeconds: seconds('--id-token-ttl', flags.idTokenTtl) } : {}),
  };
}

/** What `apps create/update` print of the OIDC settings (never the secret hash). */
function oidcViewOf(app: AppRecord) {
  return {
    tokenEndpointAuthMethod: app.tokenEndpointAuthMethod,
    redirectUris: app.redirectUris,
    postLogoutRedirectUris: app.postLogoutRedirectUris,
    refreshTokenTtl: app.refreshTokenTtlSeconds,
    idTokenTtl: app.idTokenTtlSeconds,
  };
}

interface AppUpdateOptions extends OidcFlags {
  appId: string;
  mfaPolicy?: string;
  factors?: string;
  webauthnRpId?: string;
  webauthnOrigins?: string;
  webauthnAttestation?: string;
  json?: boolean;
}
