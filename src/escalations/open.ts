import { randomUUID } from 'node:crypto';
import type { EngineDeps } from '../engine/deps.js';
import type { OutboundDraft, StaffCard } from '../engine/messages.js';
import { reply, type Turn } from '../engine/turn.js';
import { escalations } from '../db/schema.js';
import { copy } from '../copy/index.js';
import type { EscalationKind } from '../copy/escalations.js';
import { count, journal } from '../privacy/audit.js';
import { routeEscalation } from './route.js';

export const ackJobId = (escalationId: string) => `esc-ack-${escalationId}`;

export interface OpenOptions {
  kind: EscalationKind;
  reason: string;
  urgency?: 'normal' | 'urgent';
  /** Tell the youth who was told (false when another reply already says it, e.g. crisis). */
  tellYouth?: boolean;
}

/** The youth's display name for staff: first name, or a pseudonymous reference. */
export function youthLabel(deps: Pick<EngineDeps, 'pseudo'>, personId: string, firstName: string | null | undefined): string {
  return firstName ?? `Jeune non enregistré·e (réf. ${deps.pseudo(`person:${personId}`)})`;
}

/**
 * Opens a ticket in the turn: routes it, prepares the staff card and the youth's notice, and
 * schedules the acknowledgement reminder after commit. The excerpt of the youth's message is
 * shown only when they agreed to share, or when it is the point (an alert, a crisis).
 */
export async function openEscalation(deps: EngineDeps, turn: Turn, opts: OpenOptions): Promise<void> {
  const person = turn.person!;
  const route = await routeEscalation(deps.db, deps.config, person.id, opts.kind);
  const id = randomUUID();
  const urgency = opts.urgency ?? (opts.kind === 'crisis' ? 'urgent' : 'normal');
  const hours = Math.max(1, Math.round(deps.config.ESCALATION_ACK_TIMEOUT_MINUTES / 60));
  const showExcerpt = opts.kind === 'alert' || opts.kind === 'crisis' || turn.shareWithMentor || route.to.role !== 'mentor';
  const excerpt = showExcerpt ? turn.text.slice(0, 500) : undefined;
  const name = youthLabel(deps, person.id, person.firstName);

  let told = '';
  if (opts.tellYouth !== false) {
    told =
      opts.kind === 'alert'
        ? copy.escalations.toYouth.alert
        : route.to.role === 'mentor'
          ? copy.escalations.toYouth.mentor(route.to.label, hours)
          : route.to.role === 'cdm'
            ? copy.escalations.toYouth.cdm(route.to.label, hours)
            : copy.escalations.toYouth.team(hours);
    reply(turn, 'escalation', told);
  } else if (opts.kind === 'crisis') {
    told = 'Réponse de crise (numéros 3114, 17/112, 3919, 119, 114) ; informé qu’un humain le recontacte.';
  }

  const card: StaffCard = {
    title: copy.escalations.toStaff.title(opts.kind, name),
    urgency,
    facts: [
      { title: 'Motif', value: copy.escalations.kindLabel(opts.kind) },
      { title: 'Urgence', value: urgency === 'urgent' ? 'URGENT' : 'normale' },
      { title: 'Canal', value: turn.inbound.channel },
      { title: copy.escalations.toStaff.told, value: told.replace(/\*\*/g, '') || '—' },
    ],
    body: excerpt ? `« ${excerpt} »` : copy.escalations.toStaff.noExcerpt,
    actions: [
      { id: `escalation:ack:${id}`, title: copy.escalations.toStaff.ack },
      { id: `escalation:resolve:${id}`, title: copy.escalations.toStaff.resolve },
    ],
  };
  const staff: OutboundDraft = {
    channel: 'teams',
    to: route.to.address,
    kind: 'staff',
    text: [card.title, ...card.facts!.map((f) => `${f.title} : ${f.value}`), card.body, `Répondez « ${card.actions![0]!.title} » ou « ${card.actions![1]!.title} ».`].join('\n'),
    card,
    subjectPersonId: person.id,
    recipientPersonId: route.to.personId,
    causeInboundId: turn.inboundId,
  };
  turn.replies.push(staff);
  turn.intent ??= `escalation:${opts.kind}`;

  turn.onCommit.push(async (tx) => {
    await tx.insert(escalations).values({
      id,
      personId: person.id,
      kind: opts.kind,
      reason: opts.reason,
      urgency,
      excerpt: excerpt ? deps.sealer.seal(excerpt) : null,
      assigneeId: route.to.personId,
      destination: route.to.address,
      causeInboundId: turn.inboundId,
    });
    await journal(tx, { actor: 'maia', action: `escalation.opened.${opts.kind}`, subject: deps.pseudo(`person:${person.id}`), detail: { urgency, to: route.to.role } });
    await count(tx, 'escalations', opts.kind);
    if (opts.kind === 'crisis') await count(tx, 'crisis_events');
  });
  if (opts.kind !== 'alert') {
    turn.afterCommit.push(async () => {
      await deps.queues.escalation.add(
        'ack-timeout',
        { escalationId: id, step: 'ack-timeout' },
        { jobId: ackJobId(id), delay: Math.round(deps.config.ESCALATION_ACK_TIMEOUT_MINUTES * 60_000), attempts: 5, backoff: { type: 'exponential', delay: 5000 } },
      );
    });
  }
}
