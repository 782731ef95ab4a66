import { eq, sql } from 'drizzle-orm';
import { persons } from '../../db/schema.js';
import type { EngineDeps } from '../../engine/deps.js';
import type { Step } from '../../engine/pipeline.js';
import { reply, type Turn } from '../../engine/turn.js';
import { copy } from '../../copy/index.js';
import { openEscalation } from '../../escalations/open.js';
import { count, journal } from '../../privacy/audit.js';

/**
 * Misuse (insults, requests against NQT's mission, prompt injection) gets a neutral refusal
 * and is counted; past a threshold the account is flagged for a human to review. Never an
 * automatic suspension: that is a human decision (admin API). Sensitive data gets a gentle
 * reminder, and the (redacted) question is still answered.
 */
export function misuseStep(deps: EngineDeps): Step<Turn> {
  return {
    name: 'misuse',
    async run(turn, next) {
      const person = turn.person;
      if (!person || person.role !== 'youth') return next();
      if (turn.safety?.misuse) {
        turn.intent = `misuse:${turn.safety.misuseKind ?? 'other'}`;
        reply(turn, 'refusal', copy.charter.misuse, { tier: 'none' });
        const reached = person.misuseCount + 1 >= deps.config.MISUSE_REVIEW_THRESHOLD && !person.flaggedAt;
        turn.onCommit.push(async (tx) => {
          await tx
            .update(persons)
            .set({ misuseCount: sql`${persons.misuseCount} + 1`, ...(reached ? { flaggedAt: new Date() } : {}) })
            .where(eq(persons.id, person.id));
          await count(tx, 'refusals', `misuse:${turn.safety?.misuseKind ?? 'other'}`);
          await journal(tx, { actor: 'maia', action: 'misuse.refused', subject: deps.pseudo(`person:${person.id}`), detail: { kind: turn.safety?.misuseKind } });
        });
        if (reached) await openEscalation(deps, turn, { kind: 'review', reason: `misuse x${person.misuseCount + 1}`, tellYouth: false });
        return;
      }
      if (turn.redactions.length > 0) {
        reply(turn, 'notice', copy.charter.sensitiveReminder);
        turn.onCommit.push((tx) => count(tx, 'sensitive_redacted', turn.redactions.join(',')));
      }
      await next();
    },
  };
}
