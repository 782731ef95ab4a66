import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { ChannelAdapter } from '../../src/outbox/sealed.js';
import type { Worker } from 'bullmq';
import { startIngressWorker } from './ingress.js';
import type { Runtime } from '../../src/runtime/index.js';
import { GraphClient } from './graph-client.js';
import { CloudSender, type TemplateSettings } from './send.js';
import { cloudWebhookPlugin } from './webhook.js';

export { WhatsAppDirectory, toE164, type WhatsAppAddress } from './directory.js';
export { splitMessage, splitTail, toWhatsAppMarkup } from './format.js';
export { PartsLedger } from './parts-ledger.js';
export { parseCloudWebhook, type StatusUpdate } from './parse.js';
export { signBody, verifySignature, WEBHOOK_PATH } from './webhook.js';

/** Settings this channel reads beyond the shared schema (optional until added to it). */
export type CloudConfig = Config &
  Partial<{
    /** Approved template for messages outside the 24 h window; unset = such messages are refused. */
    WHATSAPP_CLOUD_TEMPLATE_NAME: string;
    /** Its language code, default `fr`. */
    WHATSAPP_CLOUD_TEMPLATE_LANG: string;
  }>;

export interface CloudChannelOptions {
  /** HTTP client for the Graph API (tests pass one bound to a local stand-in). Default: global fetch. */
  fetch?: typeof fetch;
  /** Graph API request timeout, default 15 s. */
  timeoutMs?: number;
  /** Longest `Retry-After` honoured inline on a rate limit, default 5 s. */
  maxInlineWaitMs?: number;
}

export interface CloudChannel {
  adapter: ChannelAdapter;
  /** Registers `GET|POST /webhooks/whatsapp` (signature check, raw body, statuses). */
  plugin: FastifyPluginAsync<{ runtime: Runtime }>;
  /** Binds the runtime; needed in processes that deliver without serving HTTP (ROLE=worker). */
  start(runtime: Runtime): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The WhatsApp Business Cloud API channel: one webhook plugin in, one adapter out. Stateless:
 * any number of API and worker processes can run it side by side.
 */
export function createCloudChannel(config: CloudConfig, log: Logger, options: CloudChannelOptions = {}): CloudChannel {
  const need = (name: keyof Config) => {
    const value = config[name];
    if (typeof value !== 'string' || value === '') {
      throw new AppError('CONFIG_INVALID', `Invalid configuration: ${String(name)} — required for the WhatsApp Cloud API channel`);
    }
    return value;
  };
  const graph = new GraphClient({
    baseUrl: config.WHATSAPP_CLOUD_GRAPH_URL,
    phoneNumberId: need('WHATSAPP_CLOUD_PHONE_NUMBER_ID'),
    accessToken: need('WHATSAPP_CLOUD_ACCESS_TOKEN'),
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    maxInlineWaitMs: options.maxInlineWaitMs,
  });
  const template: TemplateSettings | undefined = config.WHATSAPP_CLOUD_TEMPLATE_NAME
    ? { name: config.WHATSAPP_CLOUD_TEMPLATE_NAME, language: config.WHATSAPP_CLOUD_TEMPLATE_LANG ?? 'fr' }
    : undefined;
  let bound: Runtime | undefined;
  let ingress: Worker | undefined;
  const channelLog = log.child({ mod: 'whatsapp-cloud' });
  const adapter = new CloudSender(graph, channelLog, () => bound, template);
  const plugin = cloudWebhookPlugin({
    verifyToken: need('WHATSAPP_CLOUD_VERIFY_TOKEN'),
    appSecret: need('WHATSAPP_CLOUD_APP_SECRET'),
    phoneNumberId: config.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
    bind: (runtime) => {
      bound = runtime;
    },
  });
  return {
    adapter,
    plugin,
    async start(runtime) {
      bound = runtime;
      // Worker processes (and ROLE=all) hand stored deliveries to the engine.
      if (runtime.config.ROLE !== 'api' && !ingress) ingress = startIngressWorker(runtime, config.WHATSAPP_CLOUD_PHONE_NUMBER_ID);
    },
    async stop() {
      await ingress?.close();
      ingress = undefined;
      bound = undefined;
    },
  };
}
