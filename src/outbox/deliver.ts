import { and, eq, sql } from 'drizzle-orm';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Db } from '../db/client.js';
import { outboundMessages } from '../db/schema.js';
import type { Channel, StaffCard } from '../engine/messages.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Sealer } from '../privacy/crypto.js';
import type { DeliverJob } from '../queue/queues.js';
import { seal, type ChannelAdapter, type SealedOutbound } from './sealed.js';

// Short on purpose: the predecessor is usually being sent right now. Longer after many tries
// (a predecessor stuck in a slow channel call), so a waiting job does not poll the database.
const ORDER_WAIT_MS = 10;
export const orderWait = (tries: number) => ORDER_WAIT_MS * Math.min(25, 1 + Math.floor(tries / 10));

export interface DeliverDeps {
  db: Db;
  sealer: Sealer;
  adapters: Partial<Record<Channel, ChannelAdapter>>;
  log: Logger;
  /** Called after a message is handed to its channel (simulate waits on it). */
  onSent?: (message: SealedOutbound) => void;
  /**
   * How long a claim holds a message (ms): another sender may take a `sending` message over
   * only after that (its holder died). Longer than any channel call. Default 2 minutes.
   */
  leaseMs?: number;
}

/** `busy`: another sender holds the message (claimed less than a lease ago): try again at `retryAt`. */
export type DeliveryOutcome = 'sent' | 'gone' | 'already-sent' | 'waiting' | 'busy' | 'retry' | 'failed';

export const DEFAULT_DELIVERY_LEASE_MS = 120_000;

/**
 * Delivers one outbound message, idempotently: a message already sent is never sent again
 * (a retried job, a stalled job after a crash). Within a conversation, messages leave in the
 * order they were persisted: a message waits while an earlier one is still pending.
 *
 * Used by the delivery job, and directly by the answer job right after it commits an answer
 * (one queue hop less on the path every answer takes); anything that cannot leave at once
 * (an earlier message pending, a channel failure to retry) goes back to the delivery queue.
 */
export class Delivery {
  // One statement claims the row — still to send, and no earlier message of its conversation
  // pending — and marks it sending. Nothing claimed: already sent, erased, or must wait.
  // Prepared, like the `sent` update below: both run for every message that leaves.
  private readonly claim;
  private readonly markSent;

  private readonly leaseMs: number;

  constructor(private readonly deps: DeliverDeps) {
    this.leaseMs = Math.max(1, Math.floor(deps.leaseMs ?? DEFAULT_DELIVERY_LEASE_MS));
    // A validated integer from the configuration, written into the statement once.
    const leaseExpired = sql`${outboundMessages.statusAt} < now() - interval '${sql.raw(String(this.leaseMs))} milliseconds'`;
    this.claim = deps.db
      .update(outboundMessages)
      .set({ status: 'sending', statusAt: sql`now()`, attempts: sql`${outboundMessages.attempts} + 1` })
      .where(
        and(
          eq(outboundMessages.id, sql.placeholder('id')),
          // Still to send: queued, or claimed by a sender whose lease ran out (it died).
          sql`(${outboundMessages.status} = 'queued' or (${outboundMessages.status} = 'sending' and (${outboundMessages.statusAt} is null or ${leaseExpired})))`,
          sql`not exists (select 1 from ${outboundMessages} o2 where o2.conversation_id = ${outboundMessages.conversationId} and ${outboundMessages.seq} > 0 and o2.seq < ${outboundMessages.seq} and o2.status in ('queued', 'sending'))`,
        ),
      )
      .returning()
      .prepare('maia_deliver_claim');
    this.markSent = deps.db
      .update(outboundMessages)
      .set({ status: 'sent', sentAt: sql`now()`, statusAt: sql`now()`, platformMessageId: sql`${sql.placeholder('platformMessageId')}`, error: null })
      .where(eq(outboundMessages.id, sql.placeholder('id')))
      .prepare('maia_deliver_sent');
  }

  /**
   * One delivery attempt. `retry`: the channel failed and a later attempt should follow (the
   * row is back to `queued`); `failed`: rejected for good, or the last attempt failed.
   */
  async attempt(outboundId: string, attempt: { number: number; last: boolean }): Promise<{ outcome: DeliveryOutcome; error?: unknown; retryAt?: number }> {
    const { deps } = this;
    const [row] = await this.claim.execute({ id: outboundId });
    if (!row) {
      const [current] = await deps.db.select({ status: outboundMessages.status, statusAt: outboundMessages.statusAt }).from(outboundMessages).where(eq(outboundMessages.id, outboundId));
      if (!current) return { outcome: 'gone' }; // erased meanwhile (SUPPRIMER): nothing to send
      if (current.status !== 'queued' && current.status !== 'sending') return { outcome: 'already-sent' };
      if (current.status === 'sending' && current.statusAt && current.statusAt.getTime() + this.leaseMs > Date.now()) {
        return { outcome: 'busy', retryAt: current.statusAt.getTime() + this.leaseMs + 50 };
      }
      return { outcome: 'waiting' };
    }

    const adapter = deps.adapters[row.channel as Channel];
    if (!adapter) {
      const reason = `no adapter for channel ${row.channel}`;
      await markFailed(deps.db, outboundId, reason);
      return { outcome: 'failed', error: new UnrecoverableError(reason) };
    }
    const stored = JSON.parse(deps.sealer.open(row.body)) as { label: string; body: string; card?: StaffCard };
    const message = seal({
      id: row.id,
      channel: row.channel as Channel,
      to: row.address,
      kind: row.kind as SealedOutbound['kind'],
      text: `${stored.label}\n\n${stored.body}`,
      label: stored.label,
      body: stored.body,
      author: row.author,
      tier: (row.tier ?? undefined) as SealedOutbound['tier'],
      sources: row.sources ?? undefined,
      actions: (row.actions as SealedOutbound['actions']) ?? undefined,
      card: stored.card,
      conversationId: row.conversationId ?? undefined,
      causeInboundId: row.causeInboundId ?? undefined,
    });

    try {
      const result = await adapter.send(message);
      await this.markSent.execute({ id: outboundId, platformMessageId: result.platformMessageId ?? null });
      deps.onSent?.(message);
      return { outcome: 'sent' };
    } catch (err) {
      const permanent = isAppError(err, 'DELIVERY_REJECTED');
      const reason = err instanceof Error ? err.message : String(err);
      deps.log.warn({ outboundId, channel: row.channel, attempt: attempt.number, permanent, err: reason }, 'delivery failed');
      if (permanent || attempt.last) {
        await markFailed(deps.db, outboundId, reason);
        return { outcome: 'failed', error: permanent ? new UnrecoverableError(reason) : err };
      }
      await deps.db.update(outboundMessages).set({ status: 'queued', error: reason }).where(eq(outboundMessages.id, outboundId));
      return { outcome: 'retry', error: err };
    }
  }
}

/** The delivery job: one attempt per run; BullMQ retries with backoff, waits step back briefly. */
export function createDeliverProcessor(deps: DeliverDeps | Delivery) {
  const delivery = deps instanceof Delivery ? deps : new Delivery(deps);
  return async function deliver(job: Job<DeliverJob>, token?: string): Promise<string> {
    const { outcome, error, retryAt } = await delivery.attempt(job.data.outboundId, {
      number: job.attemptsMade + 1,
      last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    if ((outcome === 'waiting' || outcome === 'busy') && token) {
      await job.moveToDelayed(outcome === 'busy' ? retryAt! : Date.now() + orderWait(job.attemptsStarted ?? 0), token);
      throw new DelayedError();
    }
    if (outcome === 'retry' || outcome === 'failed') throw error;
    return outcome;
  };
}

async function markFailed(db: Db, outboundId: string, reason: string) {
  await db
    .update(outboundMessages)
    .set({ status: 'failed', error: reason.slice(0, 500), statusAt: new Date() })
    .where(eq(outboundMessages.id, outboundId));
}
