import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Queues } from '../queue/queues.js';
import { answerTraces, conversations, escalations, feedback, inbox, inboundMessages, milestones, outboundMessages, persons } from '../db/schema.js';
import type { Tx } from '../outbox/outbox.js';
import { count, journal } from './audit.js';

export interface ErasureReport {
  messages: number;
  traces: number;
  feedback: number;
  escalations: number;
  milestones: number;
  /** Ids whose queued jobs must be removed after commit. */
  inboundIds: string[];
  outboundIds: string[];
}

/**
 * Erases a person's exchanges in the caller's transaction: messages both ways (staff
 * notifications about them included), answer traces, feedback, tickets and their excerpts,
 * milestones, profile answers and conversation state. What remains: the registration (name,
 * channel address), consent records, anonymous counters and a journal line that it happened.
 */
export async function eraseExchanges(
  tx: Tx,
  personId: string,
  ctx: { actor: string; subject: string; why?: string; pseudo: (value: string) => string },
): Promise<ErasureReport> {
  // Messages set aside in the inbox after failing every attempt (sealed, keyed by a pseudonym
  // of the conversation). Messages still waiting are processed as new ones, after this.
  const convs = await tx.select({ channel: conversations.channel, address: conversations.address }).from(conversations).where(eq(conversations.personId, personId));
  if (convs.length > 0) {
    const keys = convs.map((c) => ctx.pseudo(`${c.channel}:${c.address}`));
    await tx.delete(inbox).where(and(inArray(inbox.convKey, keys), isNotNull(inbox.failedAt)));
  }
  // Traces first: deleting the inbound rows would cascade them away uncounted.
  const traces = await tx.delete(answerTraces).where(eq(answerTraces.personId, personId)).returning({ id: answerTraces.id });
  const inbound = await tx.delete(inboundMessages).where(eq(inboundMessages.personId, personId)).returning({ id: inboundMessages.id });
  const outbound = await tx
    .delete(outboundMessages)
    .where(or(eq(outboundMessages.subjectPersonId, personId), eq(outboundMessages.recipientPersonId, personId)))
    .returning({ id: outboundMessages.id });
  const fb = await tx.delete(feedback).where(eq(feedback.personId, personId)).returning({ id: feedback.id });
  const esc = await tx.delete(escalations).where(eq(escalations.personId, personId)).returning({ id: escalations.id });
  const ms = await tx.delete(milestones).where(eq(milestones.youthId, personId)).returning({ id: milestones.id });
  await tx.update(conversations).set({ state: {}, takeoverBy: null, takeoverUntil: null }).where(eq(conversations.personId, personId));
  await tx.update(persons).set({ profile: {}, misuseCount: 0, flaggedAt: null }).where(eq(persons.id, personId));
  const report: ErasureReport = {
    messages: inbound.length + outbound.length,
    traces: traces.length,
    feedback: fb.length,
    escalations: esc.length,
    milestones: ms.length,
    inboundIds: inbound.map((r) => r.id),
    outboundIds: outbound.map((r) => r.id),
  };
  await journal(tx, {
    actor: ctx.actor,
    action: 'data.erased',
    subject: ctx.subject,
    why: ctx.why,
    detail: { messages: report.messages, traces: report.traces, feedback: report.feedback, escalations: report.escalations, milestones: report.milestones },
  });
  await count(tx, 'erasures');
  return report;
}

/** Removes queued jobs that point at erased rows (they carry ids only, never text). */
export async function removeErasedJobs(queues: Queues, report: Pick<ErasureReport, 'inboundIds' | 'outboundIds'>): Promise<void> {
  const remove = async (queue: Queues[keyof Queues], id: string) => {
    const job = await queue.getJob(id);
    if (job && !(await job.isActive())) await job.remove().catch(() => {});
  };
  for (const id of report.inboundIds) await remove(queues.answer, `ans-${id}`);
  for (const id of report.outboundIds) await remove(queues.deliver, `out-${id}`);
}


/** What `eraseExchanges` would remove, counted beforehand for the youth's confirmation. */
export async function countExchanges(db: Db, personId: string): Promise<{ messages: number; traces: number; feedback: number; escalations: number }> {
  const n = (table: string, column: string) => sql.raw(`(select count(*)::int from ${table} where ${column} = '${personId.replace(/[^0-9a-f-]/gi, '')}')`);
  const [row] = await db.execute<{ inbound: number; outbound: number; traces: number; feedback: number; escalations: number }>(sql`
    select ${n('inbound_messages', 'person_id')} as inbound,
           (select count(*)::int from outbound_messages where subject_person_id = ${personId} or recipient_person_id = ${personId}) as outbound,
           ${n('answer_traces', 'person_id')} as traces, ${n('feedback', 'person_id')} as feedback, ${n('escalations', 'person_id')} as escalations`);
  return { messages: (row?.inbound ?? 0) + (row?.outbound ?? 0), traces: row?.traces ?? 0, feedback: row?.feedback ?? 0, escalations: row?.escalations ?? 0 };
}
