import { eq } from 'drizzle-orm';
import type { Job } from 'bullmq';
import { escalations, persons } from '../db/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import type { EscalationJob } from '../queue/queues.js';
import { copy } from '../copy/index.js';
import type { EscalationKind } from '../copy/escalations.js';
import { journal } from '../privacy/audit.js';
import { routeEscalation } from './route.js';
import { youthLabel } from './open.js';

/**
 * The acknowledgement deadline (a BullMQ delayed job): a ticket still open is sent to the
 * fallback — the chargé de mission, or their team channel — so no request is left unanswered.
 */
export function createEscalationProcessor(deps: EngineDeps) {
  return async (job: Job<EscalationJob>) => {
    const [row] = await deps.db
      .select({ esc: escalations, firstName: persons.firstName })
      .from(escalations)
      .innerJoin(persons, eq(persons.id, escalations.personId))
      .where(eq(escalations.id, job.data.escalationId));
    if (!row) return 'gone';
    if (row.esc.status !== 'open' || row.esc.remindedAt) return 'not-needed';
    const route = await routeEscalation(deps.db, deps.config, row.esc.personId, row.esc.kind as EscalationKind);
    const name = youthLabel(deps, row.esc.personId, row.firstName);
    const minutes = (Date.now() - row.esc.createdAt.getTime()) / 60_000;
    const text = copy.escalations.toStaff.reminder(name, minutes);
    const target = route.fallback.address === row.esc.destination && route.fallback.address !== deps.config.ESCALATION_CHANNEL
      ? { address: deps.config.ESCALATION_CHANNEL, personId: undefined }
      : route.fallback;
    const ids = await deps.db.transaction(async (tx) => {
      await tx.update(escalations).set({ remindedAt: new Date() }).where(eq(escalations.id, row.esc.id));
      await journal(tx, { actor: 'maia', action: 'escalation.reminded', subject: deps.pseudo(`person:${row.esc.personId}`), detail: { minutes: Math.round(minutes) } });
      return deps.outbox.persist(
        [
          {
            channel: 'teams',
            to: target.address,
            kind: 'staff',
            text: `${text}\nMotif : ${copy.escalations.kindLabel(row.esc.kind as EscalationKind)}`,
            card: {
              title: text,
              urgency: 'urgent',
              facts: [{ title: 'Motif', value: copy.escalations.kindLabel(row.esc.kind as EscalationKind) }],
              actions: [
                { id: `escalation:ack:${row.esc.id}`, title: copy.escalations.toStaff.ack },
                { id: `escalation:resolve:${row.esc.id}`, title: copy.escalations.toStaff.resolve },
              ],
            },
            subjectPersonId: row.esc.personId,
            recipientPersonId: target.personId,
            causeInboundId: row.esc.causeInboundId ?? undefined,
          },
        ],
        tx,
      );
    });
    await deps.outbox.dispatch(ids);
    return 'reminded';
  };
}
