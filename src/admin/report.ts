import { and, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { counters, escalations, latencySamples } from '../db/schema.js';

export interface Indicators {
  from: string;
  to: string;
  answersByTier: Record<string, number>;
  refusalsByReason: Record<string, number>;
  escalations: Record<string, number>;
  minutesToAcknowledge: { p50: number | null; p95: number | null; open: number };
  reportsByReason: Record<string, number>;
  feedback: Record<string, number>;
  consents: Record<string, number>;
  erasures: number;
  crisisEvents: number;
  latencyMs: { p50: number | null; p95: number | null; samples: number };
}

/**
 * Indicators for continuous improvement (charter § 6): counts only, no personal data. Read
 * from anonymous counters (which survive erasure), tickets and latency samples.
 */
export async function indicators(db: Db, from: Date, to: Date): Promise<Indicators> {
  const rows = await db
    .select({ metric: counters.metric, dim: counters.dim, n: sql<number>`sum(${counters.n})::int` })
    .from(counters)
    .where(and(gte(counters.day, from.toISOString().slice(0, 10)), lte(counters.day, to.toISOString().slice(0, 10))))
    .groupBy(counters.metric, counters.dim);
  const by = (metric: string) => Object.fromEntries(rows.filter((r) => r.metric === metric).map((r) => [r.dim || 'total', r.n]));
  const total = (metric: string) => rows.filter((r) => r.metric === metric).reduce((a, r) => a + r.n, 0);
  const [ack] = await db
    .select({
      p50: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${escalations.ackAt} - ${escalations.createdAt}) / 60)`,
      p95: sql<number | null>`percentile_cont(0.95) within group (order by extract(epoch from ${escalations.ackAt} - ${escalations.createdAt}) / 60)`,
      open: sql<number>`count(*) filter (where ${escalations.status} = 'open')::int`,
    })
    .from(escalations)
    .where(and(gte(escalations.createdAt, from), lte(escalations.createdAt, to)));
  const [lat] = await db
    .select({
      p50: sql<number | null>`percentile_cont(0.5) within group (order by ${latencySamples.ms})`,
      p95: sql<number | null>`percentile_cont(0.95) within group (order by ${latencySamples.ms})`,
      n: sql<number>`count(*)::int`,
    })
    .from(latencySamples)
    .where(and(gte(latencySamples.at, from), lte(latencySamples.at, to)));
  const round = (v: number | null | undefined) => (v == null ? null : Math.round(Number(v) * 10) / 10);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    answersByTier: by('answers'),
    refusalsByReason: by('refusals'),
    escalations: by('escalations'),
    minutesToAcknowledge: { p50: round(ack?.p50), p95: round(ack?.p95), open: ack?.open ?? 0 },
    reportsByReason: by('reports'),
    feedback: by('feedback'),
    consents: by('consents'),
    erasures: total('erasures'),
    crisisEvents: total('crisis_events'),
    latencyMs: { p50: round(lat?.p50), p95: round(lat?.p95), samples: lat?.n ?? 0 },
  };
}
