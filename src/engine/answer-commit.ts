import type { Sql } from '../db/client.js';
import type { StoredOutbound } from '../outbox/outbox.js';
import { COUNTER_SLOTS } from '../privacy/audit.js';

export interface AnsweredQuestion {
  inboundId: string;
  personId: string;
  conversationId: string;
  /** The reply, as `Outbox.stored` built it. */
  outbound: StoredOutbound;
  trace: {
    /** Ciphertext of the question as answered. */
    query: string;
    audience: 'youth' | 'mentor';
    tier: string;
    reason?: string;
    composer: string;
    model?: string;
    tailored: boolean;
    chunks: unknown;
    latency: Record<string, number>;
    moderation?: unknown;
  };
  /** Anonymous daily counters to increment by one: [metric, dim]. */
  counters: [string, string][];
  /** Journal line when moderation blocked the answer (counts and codes only). */
  blocked?: Record<string, unknown>;
  /** Answer time, for the latency percentiles of reports. */
  ms: number;
}

/**
 * Commits an answered question in ONE statement: the question goes from `queued` to `done`,
 * the reply is stored with the conversation's next sequence number, and its trace, the
 * counters, the latency sample and (when moderation blocked it) the journal line are written
 * — all only if this call is the one that moved the question out of `queued`. A duplicate job
 * racing on the same question waits on the row lock, then finds it `done` and writes nothing.
 *
 * One statement instead of a transaction of nine: on a small machine every round trip costs
 * more than the work it carries (the answer job's commit went from ~9 to 1).
 *
 * Returns the id of the stored reply, or undefined when the question was already answered
 * (or erased) meanwhile.
 */
export async function commitAnswer(sql: Sql, a: AnsweredQuestion): Promise<string | undefined> {
  const o = a.outbound;
  // JSON goes in as text cast to jsonb: right whatever serializers the client has (drizzle
  // replaces postgres.js's json ones on the shared client; a plain one would encode twice).
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  const [row] = await sql<{ id: string }[]>`
    with claimed as (
      update inbound_messages set answer_state = 'done'
      where id = ${a.inboundId} and answer_state = 'queued'
      returning id
    ), seq as (
      update conversations set out_seq = out_seq + 1
      where id = ${a.conversationId} and exists (select from claimed)
      returning out_seq
    ), reply as (
      insert into outbound_messages
        (id, conversation_id, subject_person_id, recipient_person_id, channel, address, kind, author,
         author_person_id, body, tier, sources, actions, cause_inbound_id, lane, seq)
      select ${o.id}::uuid, ${a.conversationId}::uuid, ${o.subjectPersonId ?? null}::uuid, ${o.recipientPersonId ?? null}::uuid,
        ${o.channel}, ${o.address}, ${o.kind}, ${o.author}, ${o.authorPersonId ?? null}::uuid, ${o.body}, ${o.tier ?? null},
        ${json(o.sources)}::text::jsonb, ${json(o.actions)}::text::jsonb, ${o.causeInboundId ?? null}::uuid, ${o.lane ?? 'maia'}, seq.out_seq
      from seq
      returning id
    ), trace as (
      insert into answer_traces
        (inbound_id, person_id, outbound_id, query, audience, tier, reason, composer, model, tailored, chunks, latency, moderation)
      select ${a.inboundId}::uuid, ${a.personId}::uuid, reply.id, ${a.trace.query}, ${a.trace.audience}, ${a.trace.tier},
        ${a.trace.reason ?? null}, ${a.trace.composer}, ${a.trace.model ?? null}, ${a.trace.tailored},
        ${json(a.trace.chunks) ?? '[]'}::text::jsonb, ${json(a.trace.latency)}::text::jsonb, ${json(a.trace.moderation)}::text::jsonb
      from reply
    ), counted as (
      insert into counters (day, metric, dim, slot, n)
      select current_date, m.metric, m.dim, floor(random() * ${COUNTER_SLOTS})::smallint, count(*)
      from claimed, unnest(${sql.array(a.counters.map((c) => c[0]))}::text[], ${sql.array(a.counters.map((c) => c[1]))}::text[]) as m(metric, dim)
      group by m.metric, m.dim
      on conflict (day, metric, dim, slot) do update set n = counters.n + excluded.n
    ), sample as (
      insert into latency_samples (metric, ms) select 'answer', ${a.ms}::real from claimed
    ), journal as (
      insert into audit_log (actor, action, detail)
      select 'maia', 'answer.blocked', ${json(a.blocked) ?? '{}'}::text::jsonb from claimed where ${a.blocked !== undefined}
    )
    select id from reply`;
  return row?.id;
}
