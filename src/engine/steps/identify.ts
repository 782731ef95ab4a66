import { and, eq } from 'drizzle-orm';
import { conversations, identities, persons } from '../../db/schema.js';
import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import { reply, type Turn } from '../turn.js';
import { copy } from '../../copy/index.js';
import type { Found } from '../ingress-batch.js';
import type { InboundMessage } from '../messages.js';

/** The sender's person, conversation and consents, batched with concurrent turns. */
export function lookupSender(deps: EngineDeps, inbound: InboundMessage): Promise<Found | undefined> {
  return deps.ingress.lookup.load({
    channel: inbound.channel,
    sender: inbound.sender.id,
    aliases: inbound.sender.aliases?.map((a) => a.id),
    address: inbound.conversationKey,
  });
}

/**
 * Finds who wrote and their conversation in one query (any of the sender's addresses —
 * phone, JID, LID, BSUID… — maps to one person), with their latest consents. The rare first
 * contact creates what is missing: a youth unknown to NQT who writes on WhatsApp or the
 * console becomes a self-registered youth (the consent step greets them); an unknown Teams
 * user is told kindly that they are not in the directory.
 */
export function identifyStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'identify',
    async run(turn, next) {
      const { inbound } = turn;
      const addresses = [{ id: inbound.sender.id, kind: inbound.sender.kind }, ...(inbound.sender.aliases ?? [])];
      // Started with the turn, alongside the dedupe check (see `Engine.receive`), and batched
      // with the turns arriving at the same time (one query for all of them).
      const found = await (turn.lookup ?? lookupSender(deps, inbound));
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
