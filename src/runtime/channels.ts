import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config/index.js';
import type { Channel } from '../engine/messages.js';
import type { ReadinessCheck } from '../http/health.js';
import type { Logger } from '../log.js';
import type { ChannelAdapter } from '../outbox/sealed.js';
import type { Runtime } from './index.js';
import { createTranscriber } from './transcribe.js';

export interface ChannelSetup {
  adapters: Partial<Record<Channel, ChannelAdapter>>;
  plugins: { plugin: FastifyPluginAsync<{ runtime: Runtime }>; prefix?: string }[];
  readiness: ReadinessCheck[];
  /** Called once the runtime exists (sockets that feed the engine start here). */
  start(runtime: Runtime): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Chooses the channel adapters from the configuration. This is the composition root for
 * platform code: the only place in `src/` that knows which adapter serves which channel.
 */
export async function channelSetup(config: Config, log: Logger): Promise<ChannelSetup> {
  const setup: ChannelSetup = { adapters: {}, plugins: [], readiness: [], start: async () => {}, stop: async () => {} };
  const chain = (start: (rt: Runtime) => Promise<void>, stop?: () => Promise<void>) => {
    const [prevStart, prevStop] = [setup.start, setup.stop];
    setup.start = async (rt) => {
      await prevStart(rt);
      await start(rt);
    };
    if (stop) {
      setup.stop = async () => {
        await stop();
        await prevStop();
      };
    }
  };
  if (config.TEAMS_MODE !== 'off') {
    // Imported lazily: botbuilder is loaded only where Teams is on.
    const { createTeamsChannel } = await import('../../adapters/teams/index.js');
    const teams = createTeamsChannel(config, log);
    setup.adapters.teams = teams.adapter;
    setup.plugins.push({ plugin: teams.plugin });
    chain((rt) => teams.start(rt));
  }
  if (config.WHATSAPP_MODE === 'cloud') {
    const { createCloudChannel } = await import('../../adapters/whatsapp-cloud/index.js');
    const wa = createCloudChannel(config, log);
    setup.adapters.whatsapp = wa.adapter;
    setup.plugins.push({ plugin: wa.plugin });
    chain((rt) => wa.start(rt), () => wa.stop());
  } else if (config.WHATSAPP_MODE === 'baileys') {
    const { createBaileysChannel } = await import('../../adapters/whatsapp-baileys/index.js');
    let runtime: Runtime | undefined;
    const wa = createBaileysChannel(config, log, {
      // Socket down or silent too long: the chargés de mission channel hears it, through the outbox.
      onOperatorAlert: async (text) => {
        await runtime?.outbox.send([{ channel: 'teams', to: config.ESCALATION_CHANNEL, kind: 'staff', text: `⚠️ WhatsApp (exploitation) : ${text}` }]);
      },
      transcribe: createTranscriber(config),
    });
    setup.adapters.whatsapp = wa.adapter;
    setup.readiness.push(wa.readiness);
    chain(
      async (rt) => {
        runtime = rt;
        await wa.start(rt);
      },
      () => wa.stop(),
    );
  }
  return setup;
}
