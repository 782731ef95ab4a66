import type { Config } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';

// The Bot Framework public cloud, as botframework-connector 4.23 defines it. Written out here
// because setting any one endpoint makes the SDK expect all of them (parameterized auth).
const PUBLIC_CLOUD = {
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  tokenIssuer: 'https://api.botframework.com',
  loginUrl: 'https://login.microsoftonline.com/botframework.com',
  oauthScope: 'https://api.botframework.com',
} as const;

/** Endpoint overrides of the Bot Framework authentication (tests, sovereign clouds). */
export interface TeamsAuthOverrides {
  /** OpenID metadata listing the keys that sign the Bot Connector's tokens. Default: public cloud. */
  openIdMetadataUrl?: string;
  /** `iss` expected on the Bot Connector's tokens. Default `https://api.botframework.com`. */
  tokenIssuer?: string;
  /** Where the bot gets its own token for outbound calls. Default: Microsoft Entra, tenant from the app type. */
  loginUrl?: string;
  /** Scope requested for outbound calls. Default `https://api.botframework.com`. */
  oauthScope?: string;
}

/** Everything the Teams adapter reads from the configuration, resolved once. */
export interface TeamsSettings {
  mode: 'bot' | 'local';
  /** Empty in local mode: botbuilder then accepts unauthenticated requests and signs nothing. */
  appId: string;
  appPassword: string;
  tenantId: string;
  appType: Config['MICROSOFT_APP_TYPE'];
  auth: Required<TeamsAuthOverrides>;
  /** Destination names that a channel or team may be known by (ALERT_CHANNEL, ESCALATION_CHANNEL). */
  aliasNames: string[];
  /** Explicit channel → alias bindings (`TEAMS_CHANNEL_ALIASES`), keyed by Teams channel or team id. */
  aliasByChannelId: Map<string, string>;
  /** The AI disclosure, shown at the top of every card the adapter builds itself. */
  aiDisclosure: string;
}

/** Reads a setting that may not be in the config schema yet (see the adapter's README). */
function extra(config: Config, name: string): string | undefined {
  const value = (config as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function resolveTeamsSettings(config: Config, overrides: TeamsAuthOverrides = {}): TeamsSettings {
  if (config.TEAMS_MODE === 'off') {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration: TEAMS_MODE — the Teams channel is off; do not build it');
  }
  const bot = config.TEAMS_MODE === 'bot';
  return {
    mode: bot ? 'bot' : 'local',
    appId: bot ? (config.MICROSOFT_APP_ID ?? '') : '',
    appPassword: bot ? (config.MICROSOFT_APP_PASSWORD ?? '') : '',
    tenantId: bot ? (config.MICROSOFT_APP_TENANT_ID ?? '') : '',
    appType: config.MICROSOFT_APP_TYPE,
    auth: {
      openIdMetadataUrl: overrides.openIdMetadataUrl ?? extra(config, 'TEAMS_OPENID_METADATA_URL') ?? PUBLIC_CLOUD.openIdMetadataUrl,
      tokenIssuer: overrides.tokenIssuer ?? extra(config, 'TEAMS_TOKEN_ISSUER') ?? PUBLIC_CLOUD.tokenIssuer,
      loginUrl: overrides.loginUrl ?? extra(config, 'TEAMS_LOGIN_URL') ?? PUBLIC_CLOUD.loginUrl,
      oauthScope: overrides.oauthScope ?? PUBLIC_CLOUD.oauthScope,
    },
    aliasNames: [config.ALERT_CHANNEL, config.ESCALATION_CHANNEL],
    aliasByChannelId: parseAliasBindings(extra(config, 'TEAMS_CHANNEL_ALIASES')),
    aiDisclosure: config.AI_DISCLOSURE,
  };
}

/** `alertes=19:abc@thread.tacv2,cdm-equipe=19:def@thread.tacv2` → channel id → alias. */
export function parseAliasBindings(value: string | undefined): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const entry of (value ?? '').split(',')) {
    const at = entry.indexOf('=');
    if (at <= 0) continue;
    const alias = entry.slice(0, at).trim();
    const channelId = entry.slice(at + 1).trim();
    if (alias && channelId) bindings.set(channelId, alias);
  }
  return bindings;
}

/** Folds a Teams channel or team name for comparison with an alias: « CDM Équipe » → `cdm-equipe`. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
