import type { conversations, persons } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { InboundMessage, OutboundDraft, OutboundKind } from './messages.js';

export type PersonRow = typeof persons.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;

export type TurnOutcome = 'accepted' | 'duplicate' | 'ignored' | 'rejected';

/** Everything one inbound message's handling needs, built once and threaded through steps. */
export interface Turn {
  readonly inbound: InboundMessage;
  readonly log: Logger;
  /** Pseudonymous id of the sender, for logs and the journal. */
  readonly pseudo: string;
  outcome: TurnOutcome;
  person?: PersonRow;
  conversation?: ConversationRow;
  isNewPerson: boolean;
  /** Text as it may be stored and sent to AI providers (sensitive spans redacted). */
  text: string;
  redactions: string[];
  /** Detected intent (command name or "question"), journaled with the inbound row. */
  intent?: string;
  inboundId?: string;
  /** Replies collected by steps; the engine hands them to the outbox at the end of the turn. */
  replies: OutboundDraft[];
  /** Set by a step that wants the question answered by the worker. */
  enqueueAnswer: boolean;
  /** Patch merged into `conversations.state` at the end of the turn. */
  statePatch?: Record<string, unknown>;
  /** Work to run inside the turn's final transaction (e.g. escalation rows). */
  onCommit: ((tx: unknown) => Promise<void>)[];
  /** Work to run after commit (e.g. scheduling reminder jobs). */
  afterCommit: (() => Promise<void>)[];
}

/** Adds a reply to the person who wrote, in their conversation. */
export function reply(turn: Turn, kind: OutboundKind, text: string, extra: Partial<OutboundDraft> = {}): void {
  turn.replies.push({
    channel: turn.inbound.channel,
    to: turn.conversation?.address ?? turn.inbound.conversationKey,
    kind,
    text,
    conversationId: turn.conversation?.id,
    subjectPersonId: turn.person?.id,
    recipientPersonId: turn.person?.id,
    ...extra,
  });
}
