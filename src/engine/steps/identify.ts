import { and, desc, eq, sql } from 'drizzle-orm';
import { consents, conversations, identities, persons } from '../../db/schema.js';
import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import { reply, type Turn } from '../turn.js';
import { copy } from '../../copy/index.js';

/**
 * Finds who wrote and their conversation in one query (any of the sender's addresses —
 * phone, JID, LID, BSUID… — maps to one person), with their latest consents. The rare first
 * contact creates what is missing: a youth unknown to NQT who writes on WhatsApp or the
 * console becomes a self-registered youth (the consent step greets them); an unknown Teams
 * user is told kindly that they are not in the directory.
 */
export function identifyStep(deps: EngineDeps): Step<Turn> {
  const latest = (kind: 'maia' | 'share_mentor') =>
    sql<{ granted: boolean; version: string } | null>`(select json_build_object('granted', c.granted, 'version', c.charter_version) from ${consents} c where c.person_id = ${persons.id} and c.kind = ${kind} order by c.at desc limit 1)`;

  // Prepared once: with its correlated subqueries, planning this costs more than running it.
  const lookup = deps.db
    .select({
      person: persons,
      conversation: conversations,
      known: sql<string[]>`(select array_agg(i2.value) from ${identities} i2 where i2.person_id = ${persons.id} and i2.channel = ${sql.placeholder('channel')})`,
      consent: latest('maia'),
      share: latest('share_mentor'),
    })
    .from(identities)
    .innerJoin(persons, eq(persons.id, identities.personId))
    .leftJoin(conversations, and(eq(conversations.channel, sql.placeholder('channel')), eq(conversations.address, sql.placeholder('address'))))
    .where(and(eq(identities.channel, sql.placeholder('channel')), sql`${identities.value} = any(${sql.placeholder('values')}::text[])`))
    .orderBy(desc(sql`${identities.value} = ${sql.placeholder('sender')}`))
    .limit(1)
    .prepare('maia_identify');

  return {
    name: 'identify',
    async run(turn, next) {
      const { inbound } = turn;
      const addresses = [{ id: inbound.sender.id, kind: inbound.sender.kind }, ...(inbound.sender.aliases ?? [])];
      const values = addresses.map((a) => a.id);
      // The common case (one address) is batched with concurrent turns; aliases take the exact query.
      const found = inbound.sender.aliases?.length
        ? (await lookup.execute({ channel: inbound.channel, address: inbound.conversationKey, values, sender: inbound.sender.id }))[0]
        : await deps.ingress.lookup.load({ channel: inbound.channel, sender: inbound.sender.id, address: inbound.conversationKey });

      let person = found?.person;
      if (!person) {
        if (inbound.channel === 'teams') {
          reply(turn, 'notice', copy.engine.unknownTeamsUser);
          turn.outcome = 'ignored';
          turn.persist = false;
          return;
        }
        const [created] = await deps.db.insert(persons).values({ role: 'youth', registeredBy: 'self' }).returning();
        person = created!;
        turn.isNewPerson = true;
      }
      turn.consent = found?.consent ?? null;
      turn.shareWithMentor = found?.share?.granted ?? false;

      // Addresses of this person not seen before (a LID next to a phone number…).
      const known = new Set(found?.known ?? []);
      const missing = addresses.filter((a) => !known.has(a.id));
      if (missing.length > 0) {
        await deps.db
          .insert(identities)
          .values(missing.map((a) => ({ personId: person!.id, channel: inbound.channel, kind: a.kind, value: a.id, ref: inbound.ref })))
          .onConflictDoNothing();
      }
      if (inbound.ref && known.has(inbound.sender.id)) {
        // Refresh the sender's reference on every message (Teams serviceUrl can change).
        await deps.db
          .update(identities)
          .set({ ref: inbound.ref })
          .where(and(eq(identities.channel, inbound.channel), eq(identities.value, inbound.sender.id)));
      }

      let conversation = found?.conversation ?? undefined;
      if (!conversation || conversation.personId !== person.id) {
        const [row] = await deps.db
          .insert(conversations)
          .values({ personId: person.id, channel: inbound.channel, address: inbound.conversationKey })
          .onConflictDoUpdate({ target: [conversations.channel, conversations.address], set: { personId: person.id } })
          .returning();
        conversation = row!;
      }
      turn.person = person;
      turn.conversation = conversation;
      await next();
    },
  };
}
