import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config/index.js';
import { isAppError } from './errors.js';
import { buildApp } from './http/app.js';
import { createLogger, type Logger } from './log.js';
import type { Runtime } from './runtime/index.js';
import { startMaia } from './runtime/maia.js';
import { channelSetup } from './runtime/channels.js';
import { adminPlugin } from './http/admin.js';

export interface Server {
  runtime: Runtime;
  app?: FastifyInstance;
  /** Graceful stop: stop taking work, finish what is in flight, close connections. */
  stop(): Promise<void>;
}

/** Starts MAIA by ROLE: `api` serves HTTP, `worker` runs the queues, `all` does both. */
export async function startServer(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<Server> {
  const channels = await channelSetup(config, log);
  const runtime = await startMaia(config, { adapters: channels.adapters, log, workers: config.ROLE !== 'api' });
  await channels.start(runtime);
  let app: FastifyInstance | undefined;
  if (config.ROLE !== 'worker') {
    app = await buildApp({ runtime, plugins: [...channels.plugins, { plugin: adminPlugin }], readiness: channels.readiness });
    await app.listen({ port: config.PORT, host: config.HOST });
    log.info({ port: config.PORT, role: config.ROLE }, 'MAIA listening');
  } else {
    log.info({ role: config.ROLE }, 'MAIA worker started');
  }
  let stopping: Promise<void> | undefined;
  return {
    runtime,
    app,
    stop() {
      stopping ??= (async () => {
        await app?.close(); // stops accepting; in-flight requests complete
        await channels.stop();
        await runtime.close(); // workers finish their jobs in flight
      })();
      return stopping;
    },
  };
}

/** Entry point of `npm start`. */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(isAppError(err) ? err.message : err);
    process.exit(78); // EX_CONFIG
  }
  const log = createLogger(config.LOG_LEVEL);
  const server = await startServer(config, log);
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    server.stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (err) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
