import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { answerTraces, feedback, inbox, inboundMessages, latencySamples, milestones, outboundMessages, persons } from '../db/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import type { MaintenanceTask } from '../runtime/maintenance.js';
import { journal } from '../privacy/audit.js';

export interface RetentionReport {
  cutoff: string;
  inbound: number;
  outbound: number;
  traces: number;
  feedback: number;
  milestones: number;
  inactiveAccounts: number;
  latencySamples: number;
  failedInbox: number;
}

/**
 * Keeps data only as long as needed (charter § 4): exchanges older than RETENTION_DAYS are
 * deleted, and accounts inactive that long are deleted with everything they hold (counters,
 * being anonymous, stay). Reports what it did, and journals it.
 */
export async function applyRetention(deps: Pick<EngineDeps, 'db' | 'config'>, now = new Date()): Promise<RetentionReport> {
  const cutoff = new Date(now.getTime() - deps.config.RETENTION_DAYS * 86_400_000);
  return deps.db.transaction(async (tx) => {
    const traces = await tx.delete(answerTraces).where(lt(answerTraces.createdAt, cutoff)).returning({ id: answerTraces.id });
    const fb = await tx.delete(feedback).where(lt(feedback.createdAt, cutoff)).returning({ id: feedback.id });
    const inbound = await tx.delete(inboundMessages).where(lt(inboundMessages.receivedAt, cutoff)).returning({ id: inboundMessages.id });
    const outbound = await tx.delete(outboundMessages).where(lt(outboundMessages.createdAt, cutoff)).returning({ id: outboundMessages.id });
    const ms = await tx.delete(milestones).where(lt(milestones.at, cutoff)).returning({ id: milestones.id });
    const lat = await tx.delete(latencySamples).where(lt(latencySamples.at, cutoff)).returning({ id: latencySamples.id });
    // Messages set aside after failing every attempt: kept for the operator, not forever.
    const failed = await tx.delete(inbox).where(lt(inbox.receivedAt, cutoff)).returning({ seq: inbox.seq });
    // Youths only: mentors and staff are managed by the directory, not by inactivity.
    const inactive = await tx
      .delete(persons)
      .where(
        and(
          eq(persons.role, 'youth'),
          or(lt(persons.lastInboundAt, cutoff), and(isNull(persons.lastInboundAt), lt(persons.createdAt, cutoff))),
        ),
      )
      .returning({ id: persons.id });
    const report: RetentionReport = {
      cutoff: cutoff.toISOString(),
      inbound: inbound.length,
      outbound: outbound.length,
      traces: traces.length,
      feedback: fb.length,
      milestones: ms.length,
      inactiveAccounts: inactive.length,
      latencySamples: lat.length,
      failedInbox: failed.length,
    };
    await journal(tx, { actor: 'maia:retention', action: 'retention.applied', detail: { ...report } });
    return report;
  });
}

// Daily at 03:17 Paris time: a quiet hour, and not on the hour when every cron fires.
export const retentionTask: MaintenanceTask = {
  name: 'retention',
  pattern: '17 3 * * *',
  async run(deps) {
    return { ...(await applyRetention(deps)) };
  },
};

