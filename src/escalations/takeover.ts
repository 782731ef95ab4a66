import { and, eq, inArray, sql } from 'drizzle-orm';
import { conversations, identities, persons } from '../db/schema.js';
import { findYouth, viewerOf, youthsInScope } from '../mentor/index.js';
import { parseMentorIntent } from '../charter/intents.js';
import type { EngineDeps } from '../engine/deps.js';
import type { Step } from '../engine/pipeline.js';
import { reply, type Turn } from '../engine/turn.js';
import { copy } from '../copy/index.js';
import { journal } from '../privacy/audit.js';

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
      // The same scope rules as Super Mentor: own active mentees, or a chargé de mission's portfolio.
      const viewer = viewerOf(staff);
      const match = viewer ? findYouth(await youthsInScope(deps.db, viewer), intent.name) : { kind: 'none' as const };
      if (match.kind !== 'one') return reply(turn, 'command', copy.escalations.toStaff.relayUnknown(intent.name));
      const youth = match.youth;
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
