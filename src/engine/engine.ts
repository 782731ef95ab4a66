import { eq, sql } from 'drizzle-orm';
import { conversations, inboundMessages } from '../db/schema.js';
import type { EngineDeps } from './deps.js';
import type { InboundMessage } from './messages.js';
import { compose, type Step } from './pipeline.js';
import { dedupeKey } from './steps/dedupe.js';
import type { Turn, TurnOutcome } from './turn.js';
import type { Tx } from '../outbox/outbox.js';

export interface ReceiveResult {
  outcome: TurnOutcome;
  inboundId?: string;
  /** Outbound ids persisted by this turn (the answer job adds its own later). */
  outboundIds: string[];
  answerJobId?: string;
}

export const answerJobId = (inboundId: string) => `ans-${inboundId}`;

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

  async receive(input: InboundMessage): Promise<ReceiveResult> {
    const inbound: InboundMessage = { ...input, text: sanitizeText(input.text ?? '') };
    const turn: Turn = {
      inbound,
      log: this.deps.log,
      pseudo: this.deps.pseudo(`${inbound.channel}:${inbound.sender.id}`),
      outcome: 'accepted',
      isNewPerson: false,
      text: inbound.text,
      redactions: [],
      replies: [],
      enqueueAnswer: false,
      onCommit: [],
      afterCommit: [],
    };
    try {
      await this.run(turn);
      return await this.finish(turn);
    } catch (err) {
      // Let the platform's redelivery reach us again instead of being deduped away.
      await this.deps.redis.del(dedupeKey(this.deps.config.QUEUE_PREFIX, inbound.channel, inbound.channelMessageId)).catch(() => {});
      this.deps.log.error({ err, channel: inbound.channel, sender: turn.pseudo }, 'turn failed');
      throw err;
    }
  }

  private async finish(turn: Turn): Promise<ReceiveResult> {
    const { deps } = this;
    if (turn.outcome === 'duplicate') return { outcome: 'duplicate', outboundIds: [] };
    for (const draft of turn.replies) draft.causeInboundId ??= turn.inboundId;

    const outboundIds = await deps.db.transaction(async (tx) => {
      const ids = await deps.outbox.persist(turn.replies, tx);
      if (turn.inboundId) {
        await tx
          .update(inboundMessages)
          .set({ intent: turn.intent ?? null, answerState: turn.enqueueAnswer ? 'queued' : 'skipped' })
          .where(eq(inboundMessages.id, turn.inboundId));
      }
      if (turn.statePatch && turn.conversation) {
        await tx
          .update(conversations)
          .set({ state: sql`${conversations.state} || ${JSON.stringify(turn.statePatch)}::jsonb` })
          .where(eq(conversations.id, turn.conversation.id));
      }
      for (const work of turn.onCommit) await work(tx as Tx);
      return ids;
    });

    await deps.outbox.dispatch(outboundIds);
    let jobId: string | undefined;
    if (turn.enqueueAnswer && turn.inboundId) {
      jobId = answerJobId(turn.inboundId);
      await deps.queues.answer.add(
        'answer',
        { inboundId: turn.inboundId },
        { jobId, attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
      );
    }
    for (const work of turn.afterCommit) await work();
    deps.log.debug({ sender: turn.pseudo, intent: turn.intent, outcome: turn.outcome, replies: outboundIds.length }, 'turn done');
    return { outcome: turn.outcome, inboundId: turn.inboundId, outboundIds, answerJobId: jobId };
  }
}

/** Well-formed UTF-16 (lone surrogates from broken clients replaced), no control characters. */
export function sanitizeText(text: string): string {
  const wellFormed = typeof text.toWellFormed === 'function' ? text.toWellFormed() : text;
  return wellFormed.replace(CONTROL, '').replace(/\r\n?/g, '\n');
}
