import { count, journal } from '../privacy/audit.js';
import type { MentorDeps } from './context.js';
import type { Effect } from './reply.js';

export type AccessAction =
  | 'mentor.list.viewed'
  | 'mentor.followup.viewed'
  | 'mentor.profile.viewed'
  | 'mentor.summary.viewed'
  | 'mentor.meeting.recorded';

export type RefusalReason = 'not_allowed' | 'not_in_scope' | 'ambiguous' | 'no_share_consent' | 'invalid_action';

const person = (deps: MentorDeps, id: string) => deps.pseudo(`person:${id}`);

/**
 * Journals an access to youths' data: one row per youth (so a youth's access report lists
 * every look at their data), pseudonymous ids only, counts in `detail`, never content.
 */
export function accessed(deps: MentorDeps, viewerId: string, as: 'mentor' | 'cdm', action: AccessAction, youthIds: readonly string[], detail: Record<string, unknown> = {}): Effect {
  return async (tx) => {
    const actor = person(deps, viewerId);
    for (const id of youthIds) await journal(tx, { actor, action, subject: person(deps, id), detail: { as, ...detail } });
    await count(tx, 'mentor.command', action);
  };
}

/** Journals a refused request: who asked, what, why; the youth only when they are the asker's. */
export function refused(deps: MentorDeps, askerId: string, command: string, reason: RefusalReason, youthId?: string): Effect {
  return async (tx) => {
    await journal(tx, {
      actor: person(deps, askerId),
      action: 'mentor.access.refused',
      subject: youthId ? person(deps, youthId) : undefined,
      why: reason,
      detail: { command },
    });
    await count(tx, 'mentor.refused', reason);
  };
}
