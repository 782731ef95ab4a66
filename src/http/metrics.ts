import type { FastifyPluginAsync } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Runtime } from '../runtime/index.js';

/** Prometheus metrics: process defaults plus queue depths. Other modules add to `registry`. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'maia_' });

export const metricsPlugin: FastifyPluginAsync<{ runtime: Runtime }> = async (app, { runtime }) => {
  // Per app instance (tests build several apps in one process).
  const local = new Registry();
  const depth = new Gauge({ name: 'maia_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [local] });
  app.get('/metrics', async (_req, reply) => {
    depth.reset();
    for (const [name, queue] of Object.entries(runtime.queues)) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, n] of Object.entries(counts)) depth.set({ queue: name, state }, n);
    }
    return reply.type(registry.contentType).send((await registry.metrics()) + '\n' + (await local.metrics()));
  });
};
