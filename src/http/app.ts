import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { isAppError } from '../errors.js';
import type { Runtime } from '../runtime/index.js';
import { healthPlugin, type ReadinessCheck } from './health.js';
import { metricsPlugin } from './metrics.js';

export interface AppOptions {
  runtime: Runtime;
  /** Channel webhooks, admin API… each a fastify plugin (encapsulated). */
  plugins?: { plugin: FastifyPluginAsync<{ runtime: Runtime }>; prefix?: string }[];
  /** Extra readiness checks (e.g. the WhatsApp socket state). */
  readiness?: ReadinessCheck[];
}

/** The app factory, separate from `listen()` so tests drive it with `app.inject()`. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { runtime } = opts;
  const app = Fastify({
    loggerInstance: runtime.log.child({ mod: 'http' }) as unknown as FastifyBaseLogger,
    disableRequestLogging: true,
    bodyLimit: runtime.config.BODY_LIMIT_BYTES,
    trustProxy: true,
    return503OnClosing: true,
  });

  app.setErrorHandler((err, request, reply) => {
    if (isAppError(err)) return reply.status(err.statusCode).send({ error: err.code, message: err.message });
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: (err as Error).message, code: (err as { code?: string }).code, url: request.routeOptions.url }, 'request failed');
    const code = (err as { code?: string }).code ?? 'INTERNAL';
    return reply.status(status).send({ error: code, message: status >= 500 ? 'internal error' : (err as Error).message });
  });

  await app.register(healthPlugin, { runtime, checks: opts.readiness ?? [] });
  await app.register(metricsPlugin, { runtime });
  for (const { plugin, prefix } of opts.plugins ?? []) await app.register(plugin, { runtime, prefix });
  return app;
}
