import { and, eq, inArray, sql } from 'drizzle-orm';
import { conversations, identities, pairs, persons, portfolios } from '../db/schema.js';
import { parseMentorIntent } from '../charter/intents.js';
import type { EngineDeps } from '../engine/deps.js';
import type { Step } from '../engine/pipeline.js';
import { reply, type Turn } from '../engine/turn.js';
import { copy } from '../copy/index.js';
import { journal } from '../privacy/audit.js';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** The youths a staff member may act for: a mentor's active mentees, a chargé de mission's portfolio. */
export async function youthsOf(deps: EngineDeps, staff: Turn['person'] & {}): Promise<{ id: string; firstName: string | null }[]> {
  const mentees = deps.db
    .select({ id: persons.id, firstName: persons.firstName })
    .from(pairs)
    .innerJoin(persons, eq(persons.id, pairs.youthId))
    .where(and(eq(pairs.mentorId, staff.id), eq(pairs.active, true)));
  const folio = deps.db
    .select({ id: persons.id, firstName: persons.firstName })
    .from(portfolios)
    .innerJoin(persons, eq(persons.id, portfolios.youthId))
    .where(eq(portfolios.staffId, staff.id));
  const [a, b] = await Promise.all([mentees, folio]);
  const all = new Map([...a, ...b].map((y) => [y.id, y]));
  return [...all.values()];
}

/**
 * Mentor side: « répondre à Inès : … » relays a message to the youth, labelled as written by
 * the mentor (a human), and the bot stays quiet in that conversation until « rendre la main »
 * or `TAKEOVER_TIMEOUT_MINUTES`.
 */
export function relayStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'relay',
    async run(turn, next) {
      const staff = turn.person;
      if (!staff || staff.role === 'youth') return next();
      const intent = parseMentorIntent(turn.text);
      if (intent.kind === 'handback') {
        turn.intent = 'handback';
        const released = await deps.db
          .select({ id: conversations.id, personId: conversations.personId })
          .from(conversations)
          .where(eq(conversations.takeoverBy, staff.id));
        const names = released.length
          ? await deps.db.select({ firstName: persons.firstName }).from(persons).where(inArray(persons.id, released.map((r) => r.personId)))
          : [];
        turn.onCommit.push(async (tx) => {
          await tx.update(conversations).set({ takeoverBy: null, takeoverUntil: null }).where(eq(conversations.takeoverBy, staff.id));
        });
        return reply(turn, 'command', copy.escalations.toStaff.handback(names.map((n) => n.firstName ?? 'votre jeune').join(', ') || 'vos jeunes'));
      }
      if (intent.kind !== 'relay') return next();
      turn.intent = 'relay';
      const youth = (await youthsOf(deps, staff)).find((y) => y.firstName && fold(y.firstName) === fold(intent.name));
      if (!youth) return reply(turn, 'command', copy.escalations.toStaff.relayUnknown(intent.name));
      const conv = await youthConversation(deps, youth.id);
      if (!conv) return reply(turn, 'command', copy.escalations.toStaff.relayUnknown(intent.name));
      turn.replies.push({
        channel: conv.channel as Turn['inbound']['channel'],
        to: conv.address,
        kind: 'relay',
        text: intent.text,
        author: { type: 'human', personId: staff.id, name: staff.firstName ?? 'Ton mentor' },
        conversationId: conv.id,
        subjectPersonId: youth.id,
        recipientPersonId: youth.id,
      });
      reply(turn, 'command', copy.escalations.toStaff.relayed(youth.firstName ?? intent.name));
      const until = new Date(Date.now() + deps.config.TAKEOVER_TIMEOUT_MINUTES * 60_000);
      turn.onCommit.push(async (tx) => {
        await tx.update(conversations).set({ takeoverBy: staff.id, takeoverUntil: until }).where(eq(conversations.id, conv.id));
        await journal(tx, { actor: deps.pseudo(`person:${staff.id}`), action: 'mentor.relay', subject: deps.pseudo(`person:${youth.id}`) });
      });
    },
  };
}

/**
 * Youth side: while a human has taken the conversation over, the youth's messages go to that
 * human and MAIA does not answer (commands and distress were handled by earlier steps).
 */
export function takeoverStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'takeover',
    async run(turn, next) {
      const conv = turn.conversation;
      if (!conv?.takeoverBy || !conv.takeoverUntil || conv.takeoverUntil <= new Date() || turn.person?.role !== 'youth') return next();
      const [address] = await deps.db
        .select({ value: identities.value })
        .from(identities)
        .where(and(eq(identities.personId, conv.takeoverBy), eq(identities.channel, 'teams'), eq(identities.kind, 'teams')))
        .limit(1);
      if (!address) return next();
      turn.intent = 'relayed-to-human';
      const name = turn.person.firstName ?? 'Votre jeune';
      turn.replies.push({
        channel: 'teams',
        to: address.value,
        kind: 'staff',
        text: `${copy.escalations.toStaff.youthSays(name)}\n« ${turn.text.slice(0, 1500)} »\n(Répondez par « répondre à ${name} : … », ou « rendre la main ».)`,
        subjectPersonId: turn.person.id,
        recipientPersonId: conv.takeoverBy,
      });
    },
  };
}

/** The youth's latest WhatsApp/console conversation, opened on their registered number if none yet. */
async function youthConversation(deps: EngineDeps, youthId: string) {
  const [conv] = await deps.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.personId, youthId), inArray(conversations.channel, ['whatsapp', 'console'])))
    .orderBy(sql`${conversations.lastInboundAt} desc nulls last`)
    .limit(1);
  if (conv) return conv;
  const [id] = await deps.db
    .select({ value: identities.value })
    .from(identities)
    .where(and(eq(identities.personId, youthId), eq(identities.channel, 'whatsapp'), eq(identities.kind, 'phone')))
    .limit(1);
  if (!id) return undefined;
  const [created] = await deps.db
    .insert(conversations)
    .values({ personId: youthId, channel: 'whatsapp', address: id.value })
    .onConflictDoUpdate({ target: [conversations.channel, conversations.address], set: { personId: youthId } })
    .returning();
  return created;
}
