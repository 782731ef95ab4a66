import { and, eq, inArray, sql } from 'drizzle-orm';
import { conversations, identities, persons } from '../../db/schema.js';
import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import { reply, type Turn } from '../turn.js';
import { copy } from '../../copy/index.js';

/**
 * Finds who wrote (any of the sender's addresses: phone, JID, LID, BSUID… map to one person),
 * records addresses not seen before, and loads or opens the conversation. A youth unknown to
 * NQT who writes on WhatsApp or the console becomes a self-registered youth (the consent step
 * greets them); an unknown Teams user is told kindly that they are not in the directory.
 */
export function identifyStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'identify',
    async run(turn, next) {
      const { inbound } = turn;
      const addresses = [{ id: inbound.sender.id, kind: inbound.sender.kind }, ...(inbound.sender.aliases ?? [])];
      const values = addresses.map((a) => a.id);
      const known = await deps.db
        .select({ identity: identities, person: persons })
        .from(identities)
        .innerJoin(persons, eq(persons.id, identities.personId))
        .where(and(eq(identities.channel, inbound.channel), inArray(identities.value, values)));

      let person = known[0]?.person;
      if (!person) {
        if (inbound.channel === 'teams') {
          reply(turn, 'notice', copy.engine.unknownTeamsUser);
          turn.outcome = 'ignored';
          return;
        }
        const created = await deps.db.transaction(async (tx) => {
          const [p] = await tx.insert(persons).values({ role: 'youth', registeredBy: 'self', firstName: null }).returning();
          return p!;
        });
        person = created;
        turn.isNewPerson = true;
      }
      const knownValues = new Set(known.map((k) => k.identity.value));
      const missing = addresses.filter((a) => !knownValues.has(a.id));
      if (missing.length > 0) {
        await deps.db
          .insert(identities)
          .values(missing.map((a) => ({ personId: person!.id, channel: inbound.channel, kind: a.kind, value: a.id, ref: inbound.ref })))
          .onConflictDoNothing();
      } else if (inbound.ref) {
        await deps.db
          .update(identities)
          .set({ ref: inbound.ref })
          .where(and(eq(identities.channel, inbound.channel), eq(identities.value, inbound.sender.id)));
      }

      const now = new Date();
      const [conversation] = await deps.db
        .insert(conversations)
        .values({ personId: person.id, channel: inbound.channel, address: inbound.conversationKey, lastInboundAt: now })
        .onConflictDoUpdate({
          target: [conversations.channel, conversations.address],
          set: { lastInboundAt: now, personId: sql`${conversations.personId}` },
        })
        .returning();
      turn.person = person;
      turn.conversation = conversation!;
      await next();
    },
  };
}
