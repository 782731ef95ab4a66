import type { conversations, persons } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { Tx } from '../outbox/outbox.js';
import type { InboundMessage, OutboundDraft, OutboundKind } from './messages.js';
import type { Found } from './ingress-batch.js';

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
  /** Verdicts of the safety screen on this message (set by the screen step). */
  safety?: { misuse: boolean; misuseKind?: string; distress: 'none' | 'concern' | 'danger' };
  /** Detected intent (command name or "question"), journaled with the inbound row. */
  intent?: string;
  /** The sender's lookup, started with the turn (in parallel with the dedupe check). */
  lookup?: Promise<Found | undefined>;
  /** Id of the inbound row, chosen up front so replies can point at it before it is written. */
  readonly inboundId: string;
  /** The inbox row this turn processes (WhatsApp): a retry of the same row is not a duplicate. */
  readonly inboxId?: string;
  /** False when there is nothing to journal (an unknown Teams user, a duplicate). */
  persist: boolean;
  /** Latest MAIA consent (null: never asked or never answered). */
  consent: { granted: boolean; version: string } | null;
  /** Whether the youth agreed to share summaries with their mentor. */
  shareWithMentor: boolean;
  /** Replies collected by steps; the engine hands them to the outbox at the end of the turn. */
  replies: OutboundDraft[];
  /** Set by a step that wants the question answered by the worker. */
  enqueueAnswer: boolean;
  /** Earlier questions this turn releases for answering (asked before consent), caused by it. */
  releaseAnswers: string[];
  /** Patch merged into `conversations.state` at the end of the turn. */
  statePatch?: Record<string, unknown>;
  /**
   * Writes of the turn, run inside its final transaction after the inbound row (so a late
   * duplicate rolls them back). Steps decide; they only read outside of this.
   */
  onCommit: ((tx: Tx) => Promise<void>)[];
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
