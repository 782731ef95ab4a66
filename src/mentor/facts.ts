import { and, asc, count, desc, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { answerTraces, consents, conversations, escalations, feedback, inboundMessages, milestones, pairs, persons } from '../db/schema.js';
import type { Relation, ScopedYouth } from './scope.js';

/**
 * Which escalations a viewer may know of. Alerts (harassment, breaches of the charter) go to
 * the alert team alone — the mentor may be the person concerned. A mentor sees their mentee's
 * requests to talk to a human; a chargé de mission also sees distress and review tickets.
 */
const VISIBLE_KINDS: Readonly<Record<Relation, readonly string[]>> = {
  mentor: ['human'],
  portfolio: ['human', 'crisis', 'review'],
};

export const canSeeEscalation = (relation: Relation, kind: string) => VISIBLE_KINDS[relation].includes(kind);

export interface EscalationFact {
  personId: string;
  kind: string;
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: Date;
}

export interface YouthOverview {
  /** Last message to Mentor IA, on any channel. */
  lastMessageAt: Date | null;
  /** Last message or meeting noted, whichever is later: the last sign of life. */
  lastContactAt: Date | null;
  /** Latest `share_mentor` consent; false when never given. */
  shares: boolean;
  firstMeetingDone: boolean;
  /** Escalations not resolved yet, that this viewer may see. */
  pending: EscalationFact[];
  /** The active mentor (for a chargé de mission's view). */
  mentor?: { firstName: string | null; lastName: string | null };
}

/** The state of each youth in a few set-based queries (a chargé de mission may have dozens). */
export async function overview(db: Db, youths: readonly ScopedYouth[]): Promise<Map<string, YouthOverview>> {
  const ids = youths.map((y) => y.id);
  const result = new Map<string, YouthOverview>();
  if (ids.length === 0) return result;
  const [lastMessages, shares, marks, pending, mentors] = await Promise.all([
    db
      .select({ personId: conversations.personId, at: sql`max(${conversations.lastInboundAt})`.mapWith(conversations.lastInboundAt) })
      .from(conversations)
      .where(inArray(conversations.personId, ids))
      .groupBy(conversations.personId),
    db
      .selectDistinctOn([consents.personId], { personId: consents.personId, granted: consents.granted })
      .from(consents)
      .where(and(inArray(consents.personId, ids), eq(consents.kind, 'share_mentor')))
      .orderBy(consents.personId, desc(consents.at)),
    db
      .select({
        youthId: milestones.youthId,
        last: sql`max(${milestones.at})`.mapWith(milestones.at),
        first: sql<boolean>`bool_or(${milestones.kind} = 'first_meeting')`,
      })
      .from(milestones)
      .where(inArray(milestones.youthId, ids))
      .groupBy(milestones.youthId),
    db
      .select({ personId: escalations.personId, kind: escalations.kind, status: escalations.status, createdAt: escalations.createdAt })
      .from(escalations)
      .where(and(inArray(escalations.personId, ids), ne(escalations.status, 'resolved'), ne(escalations.kind, 'alert')))
      .orderBy(asc(escalations.createdAt)),
    db
      .select({ youthId: pairs.youthId, firstName: persons.firstName, lastName: persons.lastName })
      .from(pairs)
      .innerJoin(persons, eq(persons.id, pairs.mentorId))
      .where(and(inArray(pairs.youthId, ids), eq(pairs.active, true))),
  ]);
  for (const y of youths) {
    const message = latest(lastMessages.find((r) => r.personId === y.id)?.at ?? null, y.lastInboundAt);
    const mark = marks.find((r) => r.youthId === y.id);
    const mentor = mentors.find((m) => m.youthId === y.id);
    result.set(y.id, {
      lastMessageAt: message,
      lastContactAt: latest(message, mark?.last ?? null),
      shares: shares.find((r) => r.personId === y.id)?.granted ?? false,
      firstMeetingDone: y.firstMeetingAt !== null || mark?.first === true,
      pending: pending.filter((e) => e.personId === y.id && canSeeEscalation(y.relation, e.kind)),
      mentor: mentor ? { firstName: mentor.firstName, lastName: mentor.lastName } : undefined,
    });
  }
  return result;
}

export interface PeriodFacts {
  messages: number;
  questions: number;
  milestones: { kind: string; at: Date; note: string | null; byPersonId: string | null }[];
  /** Visible escalations raised in the period, or raised earlier and still not resolved. */
  escalations: EscalationFact[];
  feedback: number;
}

/** What happened for one youth since `since` (topics come from `topicsAsked`). */
export async function periodFacts(db: Db, youth: ScopedYouth, since: Date): Promise<PeriodFacts> {
  const [messages, questions, marks, escs, flags] = await Promise.all([
    db.select({ n: count() }).from(inboundMessages).where(and(eq(inboundMessages.personId, youth.id), gte(inboundMessages.receivedAt, since))),
    db
      .select({ n: count() })
      .from(answerTraces)
      .where(and(eq(answerTraces.personId, youth.id), eq(answerTraces.audience, 'youth'), gte(answerTraces.createdAt, since))),
    db
      .select({ kind: milestones.kind, at: milestones.at, note: milestones.note, byPersonId: milestones.byPersonId })
      .from(milestones)
      .where(and(eq(milestones.youthId, youth.id), gte(milestones.at, since)))
      .orderBy(asc(milestones.at)),
    db
      .select({ personId: escalations.personId, kind: escalations.kind, status: escalations.status, createdAt: escalations.createdAt })
      .from(escalations)
      .where(and(eq(escalations.personId, youth.id), ne(escalations.kind, 'alert'), or(gte(escalations.createdAt, since), ne(escalations.status, 'resolved'))))
      .orderBy(asc(escalations.createdAt)),
    db.select({ n: count() }).from(feedback).where(and(eq(feedback.personId, youth.id), gte(feedback.createdAt, since))),
  ]);
  return {
    messages: messages[0]?.n ?? 0,
    questions: questions[0]?.n ?? 0,
    milestones: marks,
    escalations: escs.filter((e) => canSeeEscalation(youth.relation, e.kind)),
    feedback: flags[0]?.n ?? 0,
  };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
