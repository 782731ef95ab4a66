import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { conversations, inboundMessages, persons } from '../db/schema.js';
import type { EngineDeps } from './deps.js';
import type { InboundMessage } from './messages.js';
import { compose, type Step } from './pipeline.js';
import { dedupeKey } from './steps/dedupe.js';
import { lookupSender } from './steps/identify.js';
import type { Turn, TurnOutcome } from './turn.js';
import type { Tx } from '../outbox/outbox.js';
import type { AnswerPreload } from './answer-job.js';

export interface ReceiveResult {
  outcome: TurnOutcome;
  inboundId?: string;
  /** Outbound ids persisted by this turn (the answer job adds its own later). */
  outboundIds: string[];
  answerJobId?: string;
  /** Questions whose answers this turn queued (its own and any it released). */
  answering: string[];
  /** True when the inbox row given to `receive` was deleted with the turn's own write. */
  consumed?: boolean;
  /** With `deferAnswer`: the turn's own question, journaled as queued but not enqueued. */
  deferred?: DeferredQuestion;
}

export const answerJobId = (inboundId: string) => `ans-${inboundId}`;

/**
 * A question left for the caller to answer. `preload`: what the answer would otherwise read
 * back from the database, known from the turn (given when the turn's own write told whether
 * an earlier question of the conversation still waits).
 */
export interface DeferredQuestion {
  inboundId: string;
  preload?: AnswerPreload;
}

// Control characters other than tab and newline are never meaningful in a chat message.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * The conversation engine. `receive` is fast and makes no AI call: it runs the steps over one
 * turn, then in one transaction stores the replies they produced (through the outbox) and the
 * turn's outcome, and after commit dispatches deliveries and enqueues the answer job.
 */
export class Engine {
  private readonly run: (turn: Turn) => Promise<void>;

  constructor(
    private readonly deps: EngineDeps,
    steps: Step<Turn>[],
  ) {
    this.run = compose(steps);
  }

  /**
   * Runs one message through the steps and writes what they decided. `inboxId`: the message
   * comes from the inbox (see `inbox.ts`), whose row is deleted in the same write.
   * `deferAnswer`: the caller answers the turn's own question itself (or enqueues it); the
   * question sweep repairs a crash in between.
   */
  async receive(input: InboundMessage, opts: { inboxId?: string; deferAnswer?: boolean } = {}): Promise<ReceiveResult> {
    const inbound: InboundMessage = { ...input, text: sanitizeText(input.text ?? '') };
    const turn: Turn = {
      inbound,
      log: this.deps.log,
      pseudo: this.deps.pseudo(`${inbound.channel}:${inbound.sender.id}`),
      outcome: 'accepted',
      inboundId: randomUUID(),
      inboxId: opts.inboxId,
      persist: true,
      consent: null,
      shareWithMentor: false,
      isNewPerson: false,
      text: inbound.text,
      redactions: [],
      replies: [],
      enqueueAnswer: false,
      releaseAnswers: [],
      onCommit: [],
      afterCommit: [],
    };
    // The lookup does not depend on the dedupe check: both leave now, one round trip instead of
    // two on the way in (a duplicate wastes one batched read).
    turn.lookup = lookupSender(this.deps, inbound);
    turn.lookup.catch(() => {}); // awaited by the identify step; a duplicate never awaits it
    try {
      await this.run(turn);
      return await this.finish(turn, opts);
    } catch (err) {
      // Let the platform's redelivery reach us again instead of being deduped away.
      await this.deps.redis.del(dedupeKey(this.deps.config.QUEUE_PREFIX, inbound.channel, inbound.channelMessageId)).catch(() => {});
      this.deps.log.error({ err, channel: inbound.channel, sender: turn.pseudo }, 'turn failed');
      throw err;
    }
  }

  private async finish(turn: Turn, { inboxId, deferAnswer }: { inboxId?: string; deferAnswer?: boolean }): Promise<ReceiveResult> {
    const { deps } = this;
    if (turn.outcome === 'duplicate') return { outcome: 'duplicate', outboundIds: [], answering: [] };
    const journal = turn.persist && turn.person && turn.conversation;
    for (const draft of turn.replies) draft.causeInboundId ??= journal ? turn.inboundId : undefined;
    const row = journal ? this.inboundRow(turn) : undefined;

    let outboundIds: string[] = [];
    let consumed = false;
    let preload: AnswerPreload | undefined;
    if (row && turn.replies.length === 0 && turn.onCommit.length === 0 && !turn.statePatch) {
      // Hot path (a plain question): one statement, no transaction.
      const inserted = await deps.ingress.insert.load({ ...row, inboxId });
      if (!inserted.fresh) return { outcome: 'duplicate', outboundIds: [], answering: [], consumed: inboxId !== undefined };
      consumed = inboxId !== undefined;
      if (turn.enqueueAnswer) {
        preload = { channel: turn.inbound.channel, text: this.storedText(turn), person: turn.person!, conversation: turn.conversation!, earlier: inserted.earlier };
      }
    } else {
      try {
        outboundIds = await deps.db.transaction(async (tx) => {
          if (row && !(await this.insertInbound(tx, row))) throw DUPLICATE;
          if (inboxId) await tx.execute(sql`delete from inbox where id = ${inboxId}`);
          // The turn's writes first (an erasure must not take this turn's replies with it).
          for (const work of turn.onCommit) await work(tx);
          const ids = await deps.outbox.persist(turn.replies, tx);
          if (turn.releaseAnswers.length > 0) {
            await tx.update(inboundMessages).set({ answerState: 'queued' }).where(inArray(inboundMessages.id, turn.releaseAnswers));
          }
          if (turn.statePatch && turn.conversation) {
            await tx
              .update(conversations)
              .set({ state: sql`${conversations.state} || ${JSON.stringify(turn.statePatch)}::jsonb` })
              .where(eq(conversations.id, turn.conversation.id));
          }
          return ids;
        });
        consumed = inboxId !== undefined;
      } catch (err) {
        if (err === DUPLICATE) return { outcome: 'duplicate', outboundIds: [], answering: [] };
        throw err;
      }
    }

    await deps.outbox.dispatch(outboundIds);
    let jobId: string | undefined;
    let deferred: DeferredQuestion | undefined;
    const answering = [...turn.releaseAnswers, ...(row && turn.enqueueAnswer ? [turn.inboundId] : [])];
    for (const inboundId of answering) {
      const id = answerJobId(inboundId);
      if (inboundId === turn.inboundId) {
        jobId = id;
        if (deferAnswer) {
          deferred = { inboundId, preload };
          continue;
        }
      }
      const causeInboundId = inboundId === turn.inboundId || !row ? undefined : turn.inboundId;
      await deps.ingress.enqueue.load({ inboundId, causeInboundId, jobId: id });
    }
    for (const work of turn.afterCommit) await work();
    deps.log.debug({ sender: turn.pseudo, intent: turn.intent, outcome: turn.outcome, replies: outboundIds.length }, 'turn done');
    return { outcome: turn.outcome, inboundId: row ? turn.inboundId : undefined, outboundIds, answerJobId: jobId, answering, consumed, deferred };
  }

  /** The question as journaled (bounded): what the answer works from. */
  private storedText(turn: Turn): string {
    return turn.text.slice(0, this.deps.config.MAX_INBOUND_CHARS);
  }

  private inboundRow(turn: Turn): typeof inboundMessages.$inferInsert {
    const { inbound } = turn;
    const stored = this.storedText(turn);
    return {
      id: turn.inboundId,
      conversationId: turn.conversation!.id,
      personId: turn.person!.id,
      channel: inbound.channel,
      channelMessageId: inbound.channelMessageId,
      kind: inbound.kind,
      body: stored ? this.deps.sealer.seal(stored) : null,
      redactions: turn.redactions,
      intent: turn.intent ?? null,
      answerState: turn.enqueueAnswer ? 'queued' : 'skipped',
      lane: this.deps.config.QUEUE_PREFIX,
      sentAt: inbound.sentAt,
      receivedAt: orderedAfter(inbound.receivedAt, turn.conversation!.lastInboundAt),
    };
  }

  /**
   * Journals the inbound message (charter: interactions are historised) and touches the
   * conversation's last contact, in one statement. The unique (channel, message id) index is
   * the second line of idempotency: false means another process already has this message.
   */
  private async insertInbound(ex: Tx, row: typeof inboundMessages.$inferInsert): Promise<boolean> {
    const inserted = await ex.insert(inboundMessages).values(row).onConflictDoNothing().returning({ id: inboundMessages.id });
    if (inserted.length > 0) {
      await ex.update(conversations).set({ lastInboundAt: row.receivedAt }).where(eq(conversations.id, row.conversationId));
      await ex.update(persons).set({ lastInboundAt: row.receivedAt }).where(eq(persons.id, row.personId));
    }
    return inserted.length > 0;
  }
}

const DUPLICATE = Symbol('duplicate inbound');

/**
 * A reception time strictly after the conversation's last message. Questions are answered in
 * `received_at` order, and the messages of one webhook share one reception time: without
 * this, two questions sent together would tie, and their answers could swap.
 */
function orderedAfter(receivedAt: Date, last: Date | null | undefined): Date {
  return last && last.getTime() >= receivedAt.getTime() ? new Date(last.getTime() + 1) : receivedAt;
}

/** Well-formed UTF-16 (lone surrogates from broken clients replaced), no control characters. */
export function sanitizeText(text: string): string {
  const wellFormed = typeof text.toWellFormed === 'function' ? text.toWellFormed() : text;
  return wellFormed.replace(CONTROL, '').replace(/\r\n?/g, '\n');
}
