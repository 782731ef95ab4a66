import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../src/config/index.js';
import type { Logger } from '../../src/log.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';
import type { Runtime } from '../../src/runtime/index.js';
import { createBotFrameworkAuthentication, type AcquireToken } from './auth.js';
import { MaiaCloudAdapter } from './cloud-adapter.js';
import { EndpointStore } from './endpoints.js';
import { messagesPlugin } from './http.js';
import { TeamsSender } from './sender.js';
import { resolveTeamsSettings, type TeamsAuthOverrides } from './settings.js';
import { createTurnLogic } from './turn.js';

export { buildTeamsManifest } from './manifest.js';
export { MESSAGES_PATH } from './http.js';
export type { AcquireToken } from './auth.js';
export type { TeamsAuthOverrides } from './settings.js';

export interface TeamsChannelOptions {
  /** Bot Framework endpoints (default: the public cloud; tests point them at local stand-ins). */
  auth?: TeamsAuthOverrides;
  /** The bot's outbound token (default: MSAL with MICROSOFT_APP_ID/PASSWORD against Entra). */
  acquireToken?: AcquireToken;
}

export interface TeamsChannel {
  /** Sends sealed messages on Teams (proactively, from the stored conversation references). */
  adapter: ChannelAdapter;
  /** `POST /api/messages`, the Bot Framework messaging endpoint. */
  plugin: FastifyPluginAsync<{ runtime: Runtime }>;
  /** Binds the runtime's database to `adapter`; needed where no HTTP is served (ROLE=worker). */
  start(runtime: Runtime): Promise<void>;
}

/**
 * The Teams channel (« Super Mentor IA »): botbuilder's CloudAdapter behind a fastify route,
 * Bot Framework authentication in TEAMS_MODE=bot, none in TEAMS_MODE=local (development only:
 * the config refuses it in production). Throws for TEAMS_MODE=off.
 */
export function createTeamsChannel(config: Config, log: Logger, opts: TeamsChannelOptions = {}): TeamsChannel {
  const settings = resolveTeamsSettings(config, opts.auth);
  const teamsLog = log.child({ mod: 'teams' });
  const cloud = new MaiaCloudAdapter(createBotFrameworkAuthentication(settings, opts.acquireToken), {
    log: teamsLog,
    authenticated: settings.mode === 'bot',
  });
  if (settings.mode === 'local') teamsLog.warn('TEAMS_MODE=local: Bot Framework authentication is off (development only)');

  let bound: { runtime: Runtime; endpoints: EndpointStore } | undefined;
  const bind = (runtime: Runtime) => {
    if (!bound || bound.runtime !== runtime) bound = { runtime, endpoints: new EndpointStore(runtime.db) };
    return bound;
  };
  const adapter = new TeamsSender({
    adapter: cloud,
    appId: settings.appId,
    endpoints: () => bound?.endpoints,
    pseudo: () => bound?.runtime.pseudo,
    log: teamsLog,
  });
  const plugin = messagesPlugin({
    adapter: cloud,
    bind(runtime) {
      const { endpoints } = bind(runtime);
      return createTurnLogic({
        engine: runtime.engine,
        endpoints,
        settings,
        db: runtime.db,
        sealer: runtime.sealer,
        aiDisclosure: settings.aiDisclosure,
        pseudo: runtime.pseudo,
        log: teamsLog,
      });
    },
  });
  return {
    adapter,
    plugin,
    async start(runtime) {
      bind(runtime);
    },
  };
}
