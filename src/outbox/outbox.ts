import { randomUUID } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Queue } from 'bullmq';
import type { Db } from '../db/client.js';
import { conversations, outboundMessages } from '../db/schema.js';
import type { OutboundDraft } from '../engine/messages.js';
import type { Sealer } from '../privacy/crypto.js';
import { withoutJob, type DeliverJob } from '../queue/queues.js';
import { render, type Labels } from './render.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Executor = Db | Tx;

export interface OutboxOptions {
  db: Db;
  deliverQueue: Queue<DeliverJob>;
  sealer: Sealer;
  labels: Labels;
  /** Delivery attempts before a message is marked failed (default 8, exponential backoff). */
  attempts?: number;
  /** Queue prefix of this process: rows are stamped with it, and the sweeper only takes its own. */
  lane: string;
  /** The delivery lease (`DELIVER_LEASE_MS`): a `sending` row older than that has lost its sender. */
  leaseMs?: number;
}

/** An outbound row ready to insert, all but its per-conversation `seq`. */
export type StoredOutbound = Omit<typeof outboundMessages.$inferInsert, 'seq'> & { id: string };

export const deliverJobId = (outboundId: string) => `out-${outboundId}`;

/**
 * The only way a message leaves MAIA. `persist` renders (disclosure attached), encrypts and
 * stores drafts, inside the caller's transaction when given; `dispatch` enqueues their delivery
 * after commit. A crash between the two is repaired by `sweep` (a periodic job), and the
 * delivery job id is derived from the outbound id so a message is never enqueued twice.
 */
export class Outbox {
  constructor(private readonly opts: OutboxOptions) {}

  /**
   * The stored form of a draft: rendered (disclosure or human label attached) and sealed,
   * stamped with this process's lane. Callers that write in one statement of their own (the
   * answer job) insert exactly this, with the conversation's next `seq`.
   */
  stored(draft: OutboundDraft): StoredOutbound {
    const rendered = render(draft, this.opts.labels);
    return {
      id: randomUUID(),
      conversationId: draft.conversationId,
      subjectPersonId: draft.subjectPersonId,
      recipientPersonId: draft.recipientPersonId,
      channel: draft.channel,
      address: draft.to,
      kind: draft.kind,
      author: rendered.author,
      authorPersonId: draft.author?.type === 'human' ? draft.author.personId : undefined,
      body: this.opts.sealer.seal(JSON.stringify({ label: rendered.label, body: rendered.body, card: draft.card })),
      tier: draft.tier,
      sources: draft.sources,
      actions: draft.actions,
      causeInboundId: draft.causeInboundId,
      lane: this.opts.lane,
    };
  }

  async persist(drafts: OutboundDraft[], tx?: Executor): Promise<string[]> {
    if (drafts.length === 0) return [];
    const run = async (ex: Executor) => {
      const ids: string[] = [];
      for (const draft of drafts) {
        const row = this.stored(draft);
        let seq = 0;
        if (draft.conversationId) {
          // Per-conversation sequence: delivery keeps this order (see deliver worker).
          const [next] = await ex
            .update(conversations)
            .set({ outSeq: sql`${conversations.outSeq} + 1` })
            .where(eq(conversations.id, draft.conversationId))
            .returning({ seq: conversations.outSeq });
          seq = next?.seq ?? 0;
        }
        await ex.insert(outboundMessages).values({ ...row, seq });
        ids.push(row.id);
      }
      return ids;
    };
    return tx ? run(tx) : this.opts.db.transaction(run);
  }

  async dispatch(outboundIds: string[], opts: { delayMs?: number } = {}): Promise<void> {
    if (outboundIds.length === 0) return;
    await this.opts.deliverQueue.addBulk(
      outboundIds.map((outboundId) => ({
        name: 'deliver',
        data: { outboundId },
        opts: {
          jobId: deliverJobId(outboundId),
          delay: opts.delayMs,
          attempts: this.opts.attempts ?? 8,
          backoff: { type: 'exponential', delay: 1000 },
        },
      })),
    );
  }

  /** Persist then dispatch, for callers without a transaction of their own. */
  async send(drafts: OutboundDraft[]): Promise<string[]> {
    const ids = await this.persist(drafts);
    await this.dispatch(ids);
    return ids;
  }

  /**
   * Re-enqueues messages persisted but never dispatched (crash between commit and enqueue), and
   * messages left `sending` with no delivery job once their lease ran out (a process that died
   * while handing an answer to its channel from the answer job).
   */
  async sweep(olderThanMs = 15_000): Promise<number> {
    const now = Date.now();
    const lease = this.opts.leaseMs ?? 120_000;
    const rows = await this.opts.db
      .select({ id: outboundMessages.id })
      .from(outboundMessages)
      .where(
        and(
          eq(outboundMessages.lane, this.opts.lane),
          or(
            and(eq(outboundMessages.status, 'queued'), lt(outboundMessages.createdAt, new Date(now - olderThanMs))),
            and(eq(outboundMessages.status, 'sending'), lt(outboundMessages.statusAt, new Date(now - lease))),
          ),
        ),
      )
      .limit(1000);
    const missing = await withoutJob(this.opts.deliverQueue, rows.map((r) => r.id), deliverJobId);
    await this.dispatch(missing);
    return missing.length;
  }
}
