import { eq, sql } from 'drizzle-orm';
import { Semaphore } from 'async-mutex';
import { DelayedError, type Job } from 'bullmq';
import { inboundMessages, persons, conversations } from '../db/schema.js';
import { commitAnswer } from './answer-commit.js';
import { orderWait, type Delivery } from '../outbox/deliver.js';
import type { Answerer, AnswerResult } from '../answers/answerer.js';
import type { EngineDeps } from './deps.js';
import { answerJobId } from './engine.js';
import type { OutboundDraft } from './messages.js';
import { withoutJob, type AnswerJob } from '../queue/queues.js';
import { copy } from '../copy/index.js';
import { questionForAnswering } from '../charter/question.js';

// After a failed hand-over to the channel, like the delivery queue's first backoff step.
const RETRY_DELAY_MS = 1000;

/** A question as the answer needs it, when the caller already has it (see `DeferredQuestion`). */
export interface AnswerPreload {
  channel: string;
  /** The question as stored (redacted, bounded). */
  text: string;
  person: typeof persons.$inferSelect;
  conversation: typeof conversations.$inferSelect;
  /** An earlier question of the conversation still waits for its answer. */
  earlier: boolean;
}

export interface AnswerJobDeps extends EngineDeps {
  answerer: Answerer;
  /** Post-processing of a composed answer (moderation, critical-thinking nudge…), charter issue. */
  review?: (result: AnswerResult, ctx: { audience: 'youth' | 'mentor'; question: string }) => Promise<AnswerResult> | AnswerResult;
  /** Profile fields allowed for AI, already minimised. */
  profileFor?: (person: typeof persons.$inferSelect) => Record<string, unknown> | undefined;
  /** When set, the answer leaves at once from this job; otherwise through the delivery queue. */
  delivery?: Delivery;
}

/**
 * Answers one question. Ordered per conversation: while an earlier question of the same
 * conversation is still queued, this job steps back briefly (so with several workers replies
 * still leave in the order questions came in). Idempotent: a question already answered is
 * not answered again. The answer, its trace and the question's state commit together.
 */
export function createAnswerProcessor(deps: AnswerJobDeps) {
  // One prepared query: the question, who asked, where, and whether an earlier one still waits.
  const load = deps.db
    .select({
      inbound: inboundMessages,
      person: persons,
      conversation: conversations,
      earlier: sql<number>`(select count(*)::int from ${inboundMessages} i2 where i2.conversation_id = ${inboundMessages.conversationId} and i2.answer_state = 'queued' and i2.received_at < ${inboundMessages.receivedAt})`,
    })
    .from(inboundMessages)
    .innerJoin(persons, eq(persons.id, inboundMessages.personId))
    .innerJoin(conversations, eq(conversations.id, inboundMessages.conversationId))
    .where(eq(inboundMessages.id, sql.placeholder('id')))
    .prepare('maia_answer_load');

  /**
   * The answer itself, for a job or inline. `wait`: an earlier question of the conversation
   * still waits for its answer. Throws when the answerer fails and this is not the last try.
   */
  async function run(data: AnswerJob, last: boolean, preload?: AnswerPreload): Promise<'gone' | 'already-answered' | 'answered' | 'wait'> {
    let row: { inbound: { id: string; channel: string }; person: AnswerPreload['person']; conversation: AnswerPreload['conversation']; earlier: boolean; text: string };
    if (preload) {
      row = { inbound: { id: data.inboundId, channel: preload.channel }, person: preload.person, conversation: preload.conversation, earlier: preload.earlier, text: preload.text };
    } else {
      const [loaded] = await load.execute({ id: data.inboundId });
      if (!loaded) return 'gone';
      if (loaded.inbound.answerState !== 'queued') {
        // A job run again after its process died between the commit and the hand-over to the
        // channel: the answer is stored but maybe not on its way; the delivery queue takes it
        // (job ids come from the row, so nothing is queued twice).
        await redispatch(deps, loaded.inbound.id);
        return 'already-answered';
      }
      row = { ...loaded, earlier: loaded.earlier > 0, text: deps.sealer.openOrNull(loaded.inbound.body) ?? '' };
    }
    if (row.earlier) return 'wait';

    const audience = row.person.role === 'youth' ? 'youth' : 'mentor';
    const question = questionForAnswering(row.text);
    const started = performance.now();
    let result: AnswerResult;
    try {
      result = await deps.answerer.answer({ question, audience, profile: deps.profileFor?.(row.person) });
      if (deps.review) result = await deps.review(result, { audience, question });
    } catch (err) {
      deps.log.warn({ inboundId: row.inbound.id, last, err: (err as Error).message }, 'answer failed');
      if (!last) throw err;
      result = {
        kind: 'refusal',
        tier: 'none',
        text: audience === 'youth' ? copy.engine.answerFailed : copy.engine.answerFailedMentor,
        sources: [],
        trace: { composer: 'error', chunks: [], latency: {} },
      };
    }
    const totalMs = performance.now() - started;

    const draft: OutboundDraft = {
      channel: row.inbound.channel as OutboundDraft['channel'],
      to: row.conversation.address,
      kind: result.kind,
      text: result.text,
      tier: result.tier,
      sources: result.sources,
      conversationId: row.conversation.id,
      subjectPersonId: row.person.id,
      recipientPersonId: row.person.id,
      causeInboundId: data.causeInboundId ?? row.inbound.id,
      actions: result.kind === 'answer' && audience === 'youth' ? [{ id: 'feedback:up', title: '👍' }, { id: 'feedback:down', title: '👎' }] : undefined,
    };
    const blocked = result.trace.moderation?.blocked;
    const counters: [string, string][] = [['answers', result.tier]];
    if (result.kind === 'refusal') counters.push(['refusals', blocked ? 'moderation' : (result.reason ?? 'none')]);
    const outboundId = await commitAnswer(deps.sql, {
      inboundId: row.inbound.id,
      personId: row.person.id,
      conversationId: row.conversation.id,
      outbound: deps.outbox.stored(draft),
      trace: {
        query: deps.sealer.seal(question),
        audience,
        tier: result.tier,
        reason: result.reason,
        composer: result.trace.composer,
        model: result.trace.model,
        tailored: result.trace.tailored ?? false,
        chunks: result.trace.chunks,
        latency: { ...result.trace.latency, total: Math.round(totalMs * 10) / 10 },
        moderation: result.trace.moderation,
      },
      counters,
      blocked: blocked ? { reasons: result.trace.moderation!.reasons } : undefined,
      ms: totalMs,
    });
    if (!outboundId) return 'already-answered';
    await deliver(deps, outboundId);
    return 'answered';
  }

  // Answers computed at once in this process, inline or from the queue (an LLM's rate limit
  // sees one number). A queued answer waiting for a slot goes before any new inline one.
  const slots = new Semaphore(deps.config.ANSWER_CONCURRENCY);

  const processor = async function answer(job: Job<AnswerJob>, token?: string): Promise<string> {
    const outcome = await slots.runExclusive(() => run(job.data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)));
    if (outcome === 'wait' && token) {
      await job.moveToDelayed(Date.now() + orderWait(job.attemptsStarted ?? 0), token);
      throw new DelayedError();
    }
    return outcome;
  };

  /**
   * Answers a question right where it was journaled (the turn worker), with no queue hop.
   * False when it must go through the answer queue instead: no free answer slot, an earlier
   * question still waits (the queue keeps the order), or the answerer failed (the queue retries
   * with backoff).
   */
  const inline = async (data: AnswerJob, preload?: AnswerPreload): Promise<boolean> => {
    // No free slot (which also means no queued answer waits for one): the queue takes it.
    if (preload?.earlier || slots.getValue() <= 0) return false;
    const [, release] = await slots.acquire(); // free: taken at once
    try {
      return (await run(data, false, preload)) !== 'wait';
    } catch (err) {
      deps.log.warn({ inboundId: data.inboundId, err: (err as Error).message }, 'inline answer failed, queued');
      return false;
    } finally {
      release();
    }
  };

  return Object.assign(processor, { inline });
}

/**
 * Sends the committed answer right away (no queue hop on the path every answer takes). What
 * cannot leave now — an earlier message of the conversation still pending, a channel failure
 * to retry, any error here — goes to the delivery queue, whose job retries with backoff. A
 * crash before this runs is repaired by the outbox sweep, like any undispatched message.
 */
async function deliver(deps: AnswerJobDeps, outboundId: string): Promise<void> {
  if (deps.delivery) {
    try {
      const { outcome } = await deps.delivery.attempt(outboundId, { number: 1, last: false });
      if (outcome === 'retry') {
        // The channel just failed: the queue tries again after the backoff's first step.
        await deps.outbox.dispatch([outboundId], { delayMs: RETRY_DELAY_MS });
        return;
      }
      if (outcome !== 'waiting') return;
    } catch (err) {
      deps.log.warn({ outboundId, err: (err as Error).message }, 'inline delivery failed, queued');
    }
  }
  await deps.outbox.dispatch([outboundId]);
}

/** Puts the stored answer to this question back on the delivery queue if it has not left yet. */
async function redispatch(deps: AnswerJobDeps, inboundId: string): Promise<void> {
  const pending = await deps.sql<{ id: string }[]>`
    select o.id from answer_traces t join outbound_messages o on o.id = t.outbound_id
    where t.inbound_id = ${inboundId} and o.status in ('queued', 'sending')`;
  await deps.outbox.dispatch(pending.map((r) => r.id));
}

/**
 * Re-enqueues questions stored as `queued` whose answer job never reached the queue (a crash
 * between the inbound insert and the enqueue, or between a turn and its inline answer), in this
 * process's lane only. The job id comes from the question, so a question is never queued twice.
 * Age is counted from the row's write, not from its reception: after a backlog, questions
 * received long ago are being answered inline right now, and must not be computed twice.
 */
export async function sweepQuestions(deps: Pick<EngineDeps, 'sql' | 'queues' | 'config' | 'ingress'>, olderThanMs = 30_000): Promise<number> {
  const rows = await deps.sql<{ id: string }[]>`
    select id from inbound_messages
    where answer_state = 'queued' and lane = ${deps.config.QUEUE_PREFIX} and created_at < now() - ${olderThanMs} * interval '1 millisecond'
    order by received_at limit 1000`;
  const missing = await withoutJob(deps.queues.answer, rows.map((r) => r.id), answerJobId);
  await Promise.all(missing.map((id) => deps.ingress.enqueue.load({ inboundId: id, jobId: answerJobId(id) })));
  return missing.length;
}
