import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AppCredentials,
  AuthenticationConstants,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
  type AuthenticatorResult,
  type ServiceClientCredentials,
} from 'botframework-connector';
import type { TeamsSettings } from './settings.js';

/**
 * Fetches the bot's own access token for outbound calls. Production leaves this unset and the
 * SDK uses MSAL against Microsoft Entra; MSAL only talks to https authorities it can discover
 * online, so tests (and an unusual cloud) hand in their own client-credentials call here.
 */
export type AcquireToken = (request: { appId: string; scope: string; loginUrl: string }) => Promise<{ accessToken: string; expiresOn: Date }>;

/**
 * The Bot Framework authentication for one mode.
 *
 * - `bot`: every inbound request must carry a Bot Connector JWT signed by a key of the OpenID
 *   metadata, issued by `tokenIssuer`, with `aud` = our app id and a `serviceurl` claim equal to
 *   the activity's serviceUrl; outbound calls are signed with the app's credentials.
 * - `local`: no app id. botbuilder then treats authentication as disabled (anonymous claims,
 *   unsigned outbound calls) — the development path, refused in production by the config.
 *
 * All endpoints are always passed: setting any one of them switches botbuilder to its
 * "parameterized" mode, where a missing one would silently be undefined.
 */
export function createBotFrameworkAuthentication(settings: TeamsSettings, acquireToken?: AcquireToken): ConfigurationBotFrameworkAuthentication {
  const local = settings.mode === 'local';
  const options = {
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword,
    // SingleTenant asserts an app id and a tenant: local mode has neither by design.
    MicrosoftAppType: local ? 'MultiTenant' : settings.appType,
    MicrosoftAppTenantId: settings.tenantId,
    ToBotFromChannelOpenIdMetadataUrl: settings.auth.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: settings.auth.tokenIssuer,
    ToChannelFromBotLoginUrl: settings.auth.loginUrl,
    ToChannelFromBotOAuthScope: settings.auth.oauthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
  const credentials = acquireToken && !local ? new HookCredentialsFactory(settings.appId, acquireToken) : undefined;
  return new ConfigurationBotFrameworkAuthentication(options, credentials);
}

class HookCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly acquire: AcquireToken,
  ) {
    super();
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  override async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string): Promise<ServiceClientCredentials> {
    if (!appId) return MicrosoftAppCredentials.Empty;
    if (appId !== this.appId) throw new Error('Invalid appId.');
    return new HookAppCredentials(appId, audience, loginEndpoint, this.acquire);
  }
}

class HookAppCredentials extends AppCredentials {
  constructor(
    appId: string,
    scope: string | undefined,
    private readonly loginUrl: string,
    private readonly acquire: AcquireToken,
  ) {
    super(appId, undefined, scope);
  }

  protected override async refreshToken(): Promise<AuthenticatorResult> {
    return this.acquire({ appId: this.appId, scope: this.oAuthScope, loginUrl: this.loginUrl });
  }
}
