import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { inboundMessages, outboundMessages } from '../db/schema.js';
import type { Runtime } from '../runtime/index.js';
import type { ReceiveResult } from '../engine/engine.js';

/** Waits until the line's answer is composed and every message it caused has left. */
export async function settle(runtime: Runtime, result: ReceiveResult, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await pendingFor(runtime, result.inboundId, result.outboundIds, result.answering);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for replies`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function pendingFor(runtime: Runtime, inboundId: string | undefined, outboundIds: string[], answering: string[]): Promise<number> {
  const { db } = runtime;
  let n = 0;
  if (answering.length > 0) {
    const [q] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(inboundMessages)
      .where(and(inArray(inboundMessages.id, answering), eq(inboundMessages.answerState, 'queued')));
    n += q?.n ?? 0;
  }
  if (inboundId) {
    const [o] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.causeInboundId, inboundId), inArray(outboundMessages.status, ['queued', 'sending'])));
    n += o?.n ?? 0;
  }
  if (outboundIds.length > 0) {
    const [o] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboundMessages)
      .where(and(inArray(outboundMessages.id, outboundIds), inArray(outboundMessages.status, ['queued', 'sending'])));
    n += o?.n ?? 0;
  }
  return n;
}


/**
 * End of a simulate run: lets escalation reminders that fall due within `horizonMs` fire and
 * their messages go out (a short ESCALATION_ACK_TIMEOUT_MINUTES shows the whole lifecycle).
 */
export async function drainSoon(runtime: Runtime, horizonMs: number, since: Date): Promise<void> {
  const deadline = Date.now() + horizonMs + 5_000;
  for (;;) {
    const delayed = await runtime.queues.escalation.getDelayed();
    const dueSoon = delayed.filter((j) => j.timestamp + (j.opts.delay ?? 0) <= Date.now() + horizonMs).length;
    const busy = (await runtime.queues.escalation.getWaitingCount()) + (await runtime.queues.escalation.getActiveCount());
    const [o] = await runtime.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outboundMessages)
      .where(and(inArray(outboundMessages.status, ['queued', 'sending']), gte(outboundMessages.createdAt, since)));
    if (dueSoon + busy + (o?.n ?? 0) === 0 || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
