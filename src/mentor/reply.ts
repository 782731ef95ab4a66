import type { Db } from '../db/client.js';
import type { StaffCard } from '../engine/messages.js';
import type { Tx } from '../outbox/outbox.js';
import { FRAMING } from './copy.js';

/** A write of a reply (journal entry, milestone), run in the caller's transaction. */
export type Effect = (tx: Tx) => Promise<void>;

export type ReplyOutcome = 'ok' | 'refused' | 'not_found' | 'ambiguous' | 'no_consent' | 'invalid';

/** What a Super Mentor feature answers. Built only by {@link mentorReply}, so the framing line is never forgotten. */
export interface MentorReply {
  readonly outcome: ReplyOutcome;
  /** Plain text that stands alone, ending with the framing line. */
  readonly text: string;
  /** Rich rendering for Teams (also ends with the framing line). */
  readonly card?: StaffCard;
  /** The youth this reply is about: the outbound row is erased with them. */
  readonly subjectPersonId?: string;
  /** Writes to run when the reply is committed (inside `turn.onCommit`). */
  readonly effects: readonly Effect[];
}

export function mentorReply(
  outcome: ReplyOutcome,
  body: string,
  opts: { card?: StaffCard; subjectPersonId?: string; effects?: Effect[] } = {},
): MentorReply {
  const card = opts.card ? { ...opts.card, body: opts.card.body ? `${opts.card.body}\n\n${FRAMING}` : FRAMING } : undefined;
  return { outcome, text: `${body.trim()}\n\n${FRAMING}`, card, subjectPersonId: opts.subjectPersonId, effects: opts.effects ?? [] };
}

/** Runs a reply's writes in one transaction, for callers outside an engine turn (admin API, scripts). */
export async function commitReply(db: Db, reply: MentorReply): Promise<void> {
  if (reply.effects.length === 0) return;
  await db.transaction(async (tx) => {
    for (const effect of reply.effects) await effect(tx);
  });
}
