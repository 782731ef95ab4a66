import { and, eq, sql } from 'drizzle-orm';
import { conversations, escalations, identities, persons } from '../db/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import type { Step } from '../engine/pipeline.js';
import { reply, type Turn } from '../engine/turn.js';
import { copy } from '../copy/index.js';
import { journal } from '../privacy/audit.js';

const ACTION = /^escalation:(ack|resolve):([0-9a-f-]{36})$/i;
const TYPED = /^(?:je prends en charge|pris en charge|résolu|resolu)\b/i;

/**
 * Staff answering a ticket from Teams (card buttons, or typed). Only the assignee, a chargé
 * de mission or an admin may take a ticket; the youth is told by name who took it.
 */
export function staffActionsStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'staff-actions',
    async run(turn, next) {
      const person = turn.person;
      if (!person || person.role === 'youth') return next();
      const id = turn.inbound.action?.id ?? '';
      const match = ACTION.exec(id);
      if (!match) {
        if (TYPED.test(turn.text.trim()) && !turn.inbound.action) {
          // A typed "Je prends en charge" without a card: the most recent open ticket assigned to them.
          const [latest] = await deps.db
            .select({ id: escalations.id })
            .from(escalations)
            .where(and(eq(escalations.assigneeId, person.id), eq(escalations.status, 'open')))
            .orderBy(sql`${escalations.createdAt} desc`)
            .limit(1);
          if (latest) return handle(deps, turn, /^r[ée]solu/i.test(turn.text.trim()) ? 'resolve' : 'ack', latest.id);
        }
        return next();
      }
      return handle(deps, turn, match[1]!.toLowerCase() as 'ack' | 'resolve', match[2]!);
    },
  };
}

async function handle(deps: EngineDeps, turn: Turn, verb: 'ack' | 'resolve', escalationId: string): Promise<void> {
  const staff = turn.person!;
  turn.intent = `escalation:${verb}`;
  const [row] = await deps.db
    .select({ esc: escalations, youth: persons })
    .from(escalations)
    .innerJoin(persons, eq(persons.id, escalations.personId))
    .where(eq(escalations.id, escalationId));
  if (!row) return reply(turn, 'command', copy.escalations.toStaff.unknown);
  const isCdm = staff.staffRoles.includes('cdm') || staff.staffRoles.includes('admin') || staff.staffRoles.includes('alert');
  if (row.esc.assigneeId && row.esc.assigneeId !== staff.id && !isCdm) return reply(turn, 'command', copy.escalations.toStaff.notAllowed);
  if (row.esc.kind === 'alert' && !isCdm) return reply(turn, 'command', copy.escalations.toStaff.notAllowed);
  const youthName = row.youth.firstName ?? 'le jeune';
  const staffName = staff.firstName ?? 'Votre contact NQT';

  reply(turn, 'command', verb === 'ack' ? copy.escalations.toStaff.ackDone(youthName) : copy.escalations.toStaff.resolveDone(youthName));
  // Tell the youth on their most recent conversation (not for alerts: the alert team calls back).
  if (row.esc.kind !== 'alert' && (verb === 'ack' ? row.esc.status === 'open' : row.esc.status !== 'resolved')) {
    const [conv] = await deps.db
      .select({ id: conversations.id, channel: conversations.channel, address: conversations.address })
      .from(conversations)
      .innerJoin(identities, and(eq(identities.personId, conversations.personId), eq(identities.channel, conversations.channel)))
      .where(eq(conversations.personId, row.youth.id))
      .orderBy(sql`${conversations.lastInboundAt} desc nulls last`)
      .limit(1);
    if (conv) {
      turn.replies.push({
        channel: conv.channel as Turn['inbound']['channel'],
        to: conv.address,
        kind: 'escalation',
        text: verb === 'ack' ? copy.escalations.toYouth.acknowledged(staffName) : copy.escalations.toYouth.resolved(staffName),
        conversationId: conv.id,
        subjectPersonId: row.youth.id,
        recipientPersonId: row.youth.id,
        causeInboundId: turn.inboundId,
      });
    }
  }
  turn.onCommit.push(async (tx) => {
    await tx
      .update(escalations)
      .set(verb === 'ack' ? { status: 'acknowledged', ackAt: new Date(), ackBy: staff.id } : { status: 'resolved', resolvedAt: new Date(), ackAt: row.esc.ackAt ?? new Date(), ackBy: row.esc.ackBy ?? staff.id })
      .where(eq(escalations.id, escalationId));
    await journal(tx, {
      actor: deps.pseudo(`person:${staff.id}`),
      action: verb === 'ack' ? 'escalation.acknowledged' : 'escalation.resolved',
      subject: deps.pseudo(`person:${row.youth.id}`),
      detail: { kind: row.esc.kind, minutesToAck: Math.round((Date.now() - row.esc.createdAt.getTime()) / 60_000) },
    });
  });
}
