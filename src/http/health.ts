import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Runtime } from '../runtime/index.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves to details; throws (or returns ok:false) when not ready. */
  check(): Promise<{ ok: boolean; detail?: Record<string, unknown> }>;
}

/** `/healthz`: the process is alive. `/readyz`: PostgreSQL, Redis and channel checks pass. */
export const healthPlugin: FastifyPluginAsync<{ runtime: Runtime; checks: ReadinessCheck[] }> = async (app, { runtime, checks }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const results: Record<string, unknown> = {};
    let ready = true;
    const all: ReadinessCheck[] = [
      { name: 'postgres', check: async () => (await runtime.db.execute(sql`select 1`), { ok: true }) },
      { name: 'redis', check: async () => ({ ok: (await runtime.redis.ping()) === 'PONG' }) },
      ...checks,
    ];
    await Promise.all(
      all.map(async (c) => {
        try {
          const r = await withTimeout(c.check(), 2000);
          results[c.name] = { ok: r.ok, ...r.detail };
          if (!r.ok) ready = false;
        } catch (err) {
          results[c.name] = { ok: false, error: (err as Error).message };
          ready = false;
        }
      }),
    );
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks: results });
  });
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms).unref())]);
}
