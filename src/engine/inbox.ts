import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { DelayedError, type Job } from 'bullmq';
import type { EngineDeps } from './deps.js';
import { isChannel, type InboundMessage } from './messages.js';
import type { AnswerJob, TurnJob } from '../queue/queues.js';
import { orderWait } from '../outbox/deliver.js';
import { answerJobId, type DeferredQuestion, type Engine } from './engine.js';
import type { AnswerPreload } from './answer-job.js';
import { AppError } from '../errors.js';

/** Answers a question at once; false when it must go through the answer queue. */
export type AnswerNow = (question: AnswerJob, preload?: AnswerPreload) => Promise<boolean>;

export interface Accepted {
  /** `duplicate`: the same channel message id is already waiting in the inbox. */
  outcome: 'accepted' | 'duplicate';
  /** Inbox id of the message. */
  id: string;
}

const MAX_BATCH = 200;
const TURN_BACKOFF = { type: 'exponential', delay: 500 } as const;

/** An inbox row to run: the message in memory (accepted here) or sealed (read back). */
interface Pending {
  id: string;
  conv_key: string;
  inbound?: InboundMessage;
  body?: string;
  earlier: boolean;
}

/**
 * The ingress: persist, then enqueue. A channel hands over a message with `accept`: the
 * messages accepted in the same tick are stored sealed in the `inbox` table by one multi-row
 * insert, then one `turn` job is queued for all of them. The platform gets its
 * acknowledgement then, whatever the engine will have to do with the message.
 *
 * The turn worker runs the engine on each message of its job — in acceptance order within a
 * conversation, conversations side by side — and deletes each row once processed. A message
 * whose conversation still has an earlier message waiting in another job is left for a
 * moment (the job steps back and comes again). A message that keeps failing is marked failed
 * after the job's last attempt and stops holding its conversation back. A crash between the
 * insert and the enqueue is repaired by `sweep`.
 */
export class Inbox {
  private readonly insert: DataLoader<{ id: string; inbound: InboundMessage }, boolean, string>;

  constructor(private readonly deps: EngineDeps) {
    this.insert = new DataLoader(
      async (items) => {
        const job = `turns-${randomUUID()}`;
        const rows = items.map(({ id, inbound }) => ({
          id,
          channel: inbound.channel,
          channel_message_id: inbound.channelMessageId,
          conv_key: this.convKey(inbound),
          body: deps.sealer.seal(JSON.stringify({ ...inbound, raw: undefined })),
          lane: deps.config.QUEUE_PREFIX,
          job,
        }));
        // One insert at a time in this process (what arrives meanwhile makes the next batch): a
        // message's insert then sees the earlier ones of its conversation, so two are never
        // both taken for the first.
        const previous = this.inserting;
        let inserted!: { id: string; conv_key: string; earlier: boolean }[];
        let done!: () => void;
        this.inserting = new Promise<void>((resolve) => (done = resolve));
        try {
          await previous;
          // A process that runs turns needs, with each stored row, whether an earlier message of
          // its conversation is still there; one that only accepts (an API) does not.
          inserted = this.here
            ? await deps.sql`
                with ins as (insert into inbox ${deps.sql(rows)} on conflict do nothing returning id, seq, conv_key)
                select ins.id, ins.conv_key, exists (
                  select 1 from inbox e where e.conv_key = ins.conv_key and e.seq < ins.seq and e.failed_at is null
                ) as earlier
                from ins order by ins.seq`
            : await deps.sql`insert into inbox ${deps.sql(rows)} on conflict do nothing returning id, conv_key, true as earlier`;
        } finally {
          done();
        }
        const byId = new Map(items.map((i) => [i.id, i.inbound]));
        const conversations = new Map<string, Pending[]>();
        for (const r of inserted) conversations.set(r.conv_key, [...(conversations.get(r.conv_key) ?? []), { id: r.id, conv_key: r.conv_key, inbound: byId.get(r.id)!, earlier: r.earlier }]);
        // A conversation with nothing earlier waiting runs here and now when this process has a
        // free turn slot (no queue hop), started before anything else can fail; the others go
        // to the turn queue.
        const here = new Set<string>();
        for (const [key, conversation] of conversations) {
          if (conversation[0]!.earlier || !this.takeTurnSlot()) continue;
          here.add(key);
          this.turnHere(conversation);
        }
        const queued = inserted.filter((r) => !here.has(r.conv_key)).map((r) => r.id);
        if (queued.length > 0) await this.queueTurn(job, queued);
        const ok = new Set(inserted.map((r) => r.id));
        return items.map((i) => ok.has(i.id));
      },
      {
        cache: false,
        maxBatchSize: MAX_BATCH,
        cacheKeyFn: (i) => i.id,
        // The next batch forms while the current insert runs (group commit under load).
        batchScheduleFn: (dispatch) => void this.inserting.then(() => process.nextTick(dispatch)),
      },
    );
  }

  /** Persists the message and queues its turn. Throws INPUT_INVALID for a malformed message. */
  async accept(inbound: InboundMessage): Promise<Accepted> {
    if (!isChannel(inbound.channel)) throw new AppError('UNKNOWN_CHANNEL', `unknown channel: ${String(inbound.channel)}`);
    if (!inbound.channelMessageId || !inbound.sender?.id || !inbound.conversationKey) {
      throw new AppError('INPUT_INVALID', 'a message needs a channel message id, a sender and a conversation');
    }
    const id = randomUUID();
    if (await this.insert.load({ id, inbound: { ...inbound, receivedAt: inbound.receivedAt ?? new Date() } })) return { outcome: 'accepted', id };
    const [row] = await this.deps.sql<{ id: string; job: string }[]>`select id, job from inbox where channel = ${inbound.channel} and channel_message_id = ${inbound.channelMessageId}`;
    // A platform retry after a failure between our insert and our enqueue: queue the turn now
    // (same job id: nothing is queued twice) rather than leave it to the sweep — unless the
    // message is being run here right now.
    if (row && !this.runningHere.has(row.id)) await this.queueTurn(row.job, [row.id]);
    return { outcome: 'duplicate', id: row?.id ?? id };
  }

  /**
   * The turn worker's processor: every message of one accepted batch still in the inbox.
   * `answerNow`: a question is answered by this process once its turn is written (no queue
   * hop; the job does not wait for it), when an answer slot is free; otherwise it goes to the
   * answer queue.
   */
  turnProcessor(engine: Engine, answerNow?: AnswerNow) {
    // A process that runs turn workers also runs the messages it accepts itself (see `turnHere`).
    this.here = { engine, answerNow };
    return async (job: Job<TurnJob>, token?: string): Promise<{ processed: number; failed: number }> => {
      // Still waiting, in acceptance order, each with whether an earlier message of its
      // conversation waits in another job (failed ones don't hold anyone back).
      const rows = await this.deps.sql<Pending[]>`
        select i.id, i.conv_key, i.body, exists (
          select 1 from inbox e where e.conv_key = i.conv_key and e.seq < i.seq and e.failed_at is null and e.job <> i.job
        ) as earlier
        from inbox i where i.id = any(${this.deps.sql.array(job.data.ids)}::uuid[]) and i.failed_at is null
        order by i.seq`;
      const byConversation = new Map<string, Pending[]>();
      for (const row of rows) byConversation.set(row.conv_key, [...(byConversation.get(row.conv_key) ?? []), row]);

      let processed = 0;
      let waiting = 0;
      const errors: { id: string; reason: string }[] = [];
      await Promise.all(
        [...byConversation.values()].map(async (conversation) => {
          // An earlier message of the conversation waits in another job (batches accepted at
          // the same time can interleave): that row and the rest wait for it.
          const stop = conversation.findIndex((r) => r.earlier);
          const runnable = stop < 0 ? conversation : conversation.slice(0, stop);
          waiting += conversation.length - runnable.length;
          const done = await this.turnRows(runnable, engine, answerNow, job.attemptsMade + 1);
          processed += done.processed;
          if (done.failed) {
            errors.push(done.failed);
            // The rest of this conversation waits for it (or, once it is set aside, goes on).
            waiting += runnable.length - done.processed - 1;
          }
        }),
      );

      if (errors.length > 0) {
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
          // Given up: kept for the operator, no longer holding the conversation back.
          for (const e of errors) await this.deps.sql`update inbox set failed_at = now(), error = ${e.reason.slice(0, 500)} where id = ${e.id}`;
          if (waiting === 0) throw new Error(`${errors.length} message(s) failed for good`);
        } else {
          throw new Error(`${errors.length} message(s) not processed yet`);
        }
      }
      if (waiting > 0 && token) {
        await job.moveToDelayed(Date.now() + orderWait(job.attemptsStarted ?? 0), token);
        throw new DelayedError();
      }
      return { processed, failed: errors.length };
    };
  }

  /**
   * Runs the turns of one conversation's rows, in order, until one fails (the rest are left).
   * The engine deletes each row with its own write; what it did not write, we delete.
   */
  private async turnRows(rows: Pending[], engine: Engine, answerNow: AnswerNow | undefined, attempt: number): Promise<{ processed: number; failed?: { id: string; reason: string } }> {
    let processed = 0;
    for (const row of rows) {
      let inbound = row.inbound;
      try {
        // A row that cannot be opened (a key removed too early) fails like a turn: set aside.
        inbound ??= revive(JSON.parse(this.deps.sealer.open(row.body!)) as InboundMessage);
        const result = await engine.receive(inbound, { inboxId: row.id, deferAnswer: answerNow !== undefined });
        if (!result.consumed) await this.deps.sql`delete from inbox where id = ${row.id}`;
        processed++;
        // The next turn of the conversation does not wait for this answer (a distress
        // message right after a question is screened at once); the answers keep their order.
        if (result.deferred) this.answerInBackground(result.deferred, answerNow!);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        const sender = inbound ? this.deps.pseudo(`${inbound.channel}:${inbound.sender.id}`) : undefined;
        this.deps.log.error({ sender, conversation: row.conv_key, attempt, err: reason }, 'turn failed');
        return { processed, failed: { id: row.id, reason } };
      }
    }
    return { processed };
  }

  /**
   * Set when this process runs turn workers: a message accepted here, with nothing earlier of
   * its conversation waiting, is run at once (up to TURN_CONCURRENCY conversations) instead of
   * through Redis. A crash meanwhile leaves the row for the sweep.
   */
  private here: { engine: Engine; answerNow?: AnswerNow } | undefined;
  private turnsHere = 0;
  /** Inbox rows whose turn runs in this process now (the sweep and retries leave them alone). */
  private readonly runningHere = new Set<string>();
  private inserting: Promise<void> = Promise.resolve();
  private closing = false;
  private readonly turning = new Set<Promise<void>>();

  private takeTurnSlot(): boolean {
    if (!this.here || this.closing || this.turnsHere >= this.deps.config.TURN_CONCURRENCY) return false;
    this.turnsHere++;
    return true;
  }

  private turnHere(conversation: Pending[]): void {
    const { engine, answerNow } = this.here!;
    for (const row of conversation) this.runningHere.add(row.id);
    const work = (async () => {
      const done = await this.turnRows(conversation, engine, answerNow, 1);
      if (!done.failed) return;
      // The queue takes it from here: retries with backoff, then sets it aside.
      await this.requeue(conversation.slice(done.processed).map((r) => r.id));
    })()
      .catch((err: Error) => this.deps.log.error({ conversation: conversation[0]!.conv_key, err: err.message }, 'turn not queued; the inbox sweep takes it'))
      .finally(() => {
        this.turnsHere--;
        for (const row of conversation) this.runningHere.delete(row.id);
        this.turning.delete(work);
      });
    this.turning.add(work);
  }

  private readonly answering = new Set<Promise<void>>();

  /**
   * The answer runs after the turn job is done: a turn slot is never held by an answer, so a
   * distress message or a STOP is never stuck behind model calls. A crash meanwhile leaves the
   * question `queued`, which the question sweep answers.
   */
  private answerInBackground(question: DeferredQuestion, answerNow: AnswerNow): void {
    const work = this.answer(question, answerNow)
      .catch((err: Error) => this.deps.log.error({ inboundId: question.inboundId, err: err.message }, 'answer failed; the question sweep takes it'))
      .finally(() => this.answering.delete(work));
    this.answering.add(work);
  }

  /**
   * Graceful shutdown, after the turn worker: no more turns run here (accepted messages go to
   * the queue), and the turns and answers started here finish.
   */
  async drain(): Promise<void> {
    this.closing = true;
    while (this.turning.size > 0) await Promise.all([...this.turning]);
    while (this.answering.size > 0) await Promise.all([...this.answering]);
  }

  private async answer({ inboundId, preload }: DeferredQuestion, answerNow: AnswerNow): Promise<void> {
    if (await answerNow({ inboundId }, preload)) return;
    try {
      await this.deps.ingress.enqueue.load({ inboundId, jobId: answerJobId(inboundId) });
    } catch (err) {
      // Journaled as queued: the question sweep queues it.
      this.deps.log.error({ inboundId, err: (err as Error).message }, 'answer not queued');
    }
  }

  /**
   * Queues again the rows of this lane that no pending turn job will run: their job never made
   * it to the queue (crash in between), ended with them left, or does not list them (a turn
   * run here whose process died). A minute old at least: a turn run here is never that long.
   */
  async sweep(olderThanMs = 60_000): Promise<number> {
    const rows = await this.deps.sql<{ id: string; job: string }[]>`
      select id, job from inbox
      where lane = ${this.deps.config.QUEUE_PREFIX} and failed_at is null and received_at < ${new Date(Date.now() - olderThanMs).toISOString()}
      order by seq limit 1000`;
    const byJob = new Map<string, string[]>();
    for (const r of rows) if (!this.runningHere.has(r.id)) byJob.set(r.job, [...(byJob.get(r.job) ?? []), r.id]);
    let requeued = 0;
    for (const [name, ids] of byJob) {
      const job = await this.deps.queues.turn.getJob(name);
      const state = job ? await job.getState() : 'unknown';
      const pending = state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized';
      const listed = pending ? new Set(job!.data.ids ?? ids) : new Set<string>();
      const orphans = ids.filter((id) => !listed.has(id));
      if (orphans.length === 0) continue;
      await this.requeue(orphans);
      requeued += orphans.length;
    }
    return requeued;
  }

  /** Queues the turn job that runs these rows (one job id per batch: nothing is queued twice). */
  private queueTurn(job: string, ids: string[]): Promise<unknown> {
    return this.deps.queues.turn.add('turns', { job, ids }, { jobId: job, attempts: this.deps.config.TURN_ATTEMPTS, backoff: TURN_BACKOFF });
  }

  /** Hands rows to a new turn job, relabelled so that its earlier-message check sees them as one batch. */
  private async requeue(ids: string[]): Promise<void> {
    const job = `turns-${randomUUID()}`;
    await this.deps.sql`update inbox set job = ${job} where id = any(${this.deps.sql.array(ids)}::uuid[])`;
    await this.queueTurn(job, ids);
  }

  /** The pseudonymous key that orders turns: one per conversation of a channel. */
  convKey(inbound: Pick<InboundMessage, 'channel' | 'conversationKey'>): string {
    return this.deps.pseudo(`${inbound.channel}:${inbound.conversationKey}`);
  }

}

/** Dates come back from JSON as strings. */
function revive(m: InboundMessage): InboundMessage {
  return { ...m, receivedAt: new Date(m.receivedAt), sentAt: m.sentAt ? new Date(m.sentAt) : undefined };
}
