import { createHash } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { InboundMessage } from '../../src/engine/messages.js';
import { redisConnection } from '../../src/queue/queues.js';
import type { Runtime } from '../../src/runtime/index.js';
import { WhatsAppDirectory } from './directory.js';
import { parseCloudWebhook } from './parse.js';
import { PartsLedger } from './parts-ledger.js';
import { lastInboundKey } from './send.js';
import { applyStatuses } from './statuses.js';

export const INGRESS_QUEUE = 'wa-ingress';
// Long enough for a reply to be prepared; the typing indicator only needs the latest message.
const LAST_INBOUND_TTL_SECONDS = 24 * 3600;

export interface IngressJob {
  /** The verified webhook body, sealed (AES-GCM): no message text sits in Redis in clear. */
  sealed: string;
}

/**
 * Durable-first ingress: the webhook stores the verified delivery in a BullMQ queue and
 * answers 200 at once (Meta wants a fast answer; a busy process must not make it wait), and
 * a worker hands the messages to the engine, with retries. A redelivered identical body has
 * the same job id; the engine dedupes messages anyway.
 */
export function ingressQueue(runtime: Runtime): Queue<IngressJob> {
  return new Queue<IngressJob>(INGRESS_QUEUE, {
    connection: runtime.redis,
    prefix: runtime.config.QUEUE_PREFIX,
    defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } },
  });
}

export async function enqueueDelivery(queue: Queue<IngressJob>, runtime: Runtime, raw: Buffer): Promise<void> {
  const jobId = `wa-${createHash('sha256').update(raw).digest('hex').slice(0, 40)}`;
  await queue.add('delivery', { sealed: runtime.sealer.seal(raw.toString('utf8')) }, { jobId });
}

export function startIngressWorker(runtime: Runtime, phoneNumberId: string | undefined): Worker<IngressJob> {
  const log = runtime.log.child({ mod: 'whatsapp-cloud' });
  const directory = new WhatsAppDirectory(runtime.db);
  const ledger = new PartsLedger(runtime.redis, runtime.config.QUEUE_PREFIX);
  const worker = new Worker<IngressJob>(
    INGRESS_QUEUE,
    async (job) => {
      const body = JSON.parse(runtime.sealer.open(job.data.sealed)) as never;
      const parsed = parseCloudWebhook(body, { phoneNumberId });
      for (const s of parsed.skipped) log.warn({ reason: s.reason, type: s.type }, 'webhook item skipped');
      if (parsed.statuses.length) await applyStatuses(runtime.db, ledger, parsed.statuses);
      for (const link of parsed.links) {
        const r = await directory.link(link.known, link.add);
        if (r.conflicts) log.warn({ person: r.personId ? runtime.pseudo(r.personId) : undefined, conflicts: r.conflicts }, 'BSUID already belongs to another person');
      }
      const failures = await receiveAll(runtime, directory, ledger, parsed.messages);
      // Retried by BullMQ; messages already accepted are deduped by the inbox and the engine.
      if (failures > 0) throw new Error(`${failures} webhook message(s) not accepted yet`);
    },
    { connection: redisConnection(runtime.config.REDIS_URL), prefix: runtime.config.QUEUE_PREFIX, concurrency: 8 },
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'ingress worker error'));
  return worker;
}

/** Hands messages to the inbox: in order within a conversation, conversations side by side. */
async function receiveAll(runtime: Runtime, directory: WhatsAppDirectory, ledger: PartsLedger, messages: InboundMessage[]): Promise<number> {
  const byConversation = new Map<string, InboundMessage[]>();
  for (const m of messages) byConversation.set(m.conversationKey, [...(byConversation.get(m.conversationKey) ?? []), m]);
  let failures = 0;
  await Promise.all(
    [...byConversation.values()].map(async (batch) => {
      for (const message of batch) {
        try {
          const inbound = await ledger.withPrimaryTarget(await directory.preferPhone(message));
          // Persisted and queued: the turn worker runs the engine, in order per conversation.
          await runtime.inbox.accept(inbound);
          const key = lastInboundKey(runtime.config.QUEUE_PREFIX, runtime.pseudo(`whatsapp:${inbound.conversationKey}`));
          await runtime.redis.set(key, inbound.channelMessageId, 'EX', LAST_INBOUND_TTL_SECONDS).catch(() => {});
        } catch (err) {
          failures++;
          runtime.log.error({ err: (err as Error).message, sender: runtime.pseudo(`whatsapp:${message.sender.id}`) }, 'webhook message not accepted');
        }
      }
    }),
  );
  return failures;
}
