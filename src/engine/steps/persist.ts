import { eq } from 'drizzle-orm';
import { inboundMessages, persons } from '../../db/schema.js';
import type { EngineDeps } from '../deps.js';
import type { Step } from '../pipeline.js';
import type { Turn } from '../turn.js';

/**
 * Journals the inbound message (charter: interactions are historised), encrypted, after the
 * safety screen has redacted sensitive spans. The unique (channel, message id) index is the
 * second line of idempotency: a conflict means another process already has this message.
 */
export function persistStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'persist',
    async run(turn, next) {
      const { inbound, person, conversation } = turn;
      if (!person || !conversation) return next();
      const stored = turn.text.slice(0, deps.config.MAX_INBOUND_CHARS);
      const [row] = await deps.db
        .insert(inboundMessages)
        .values({
          conversationId: conversation.id,
          personId: person.id,
          channel: inbound.channel,
          channelMessageId: inbound.channelMessageId,
          kind: inbound.kind,
          body: stored ? deps.sealer.seal(stored) : null,
          redactions: turn.redactions,
          sentAt: inbound.sentAt,
          receivedAt: inbound.receivedAt,
        })
        .onConflictDoNothing()
        .returning({ id: inboundMessages.id });
      if (!row) {
        turn.outcome = 'duplicate';
        return;
      }
      turn.inboundId = row.id;
      // Not awaited on the hot path's critical section ordering: it only feeds "last contact".
      await deps.db.update(persons).set({ lastInboundAt: inbound.receivedAt }).where(eq(persons.id, person.id));
      await next();
    },
  };
}
