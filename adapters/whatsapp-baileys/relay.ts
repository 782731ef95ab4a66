import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError, isAppError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { SendResult } from '../../src/outbox/sealed.js';
import type { Sealer } from '../../src/privacy/crypto.js';
import type { OutgoingFields } from './outbound.js';

interface Request {
  id: string;
  /** The caller gives up at this time; the holder skips requests older than that. */
  deadline: number;
  /** Sealed JSON of the fields: message text never sits in Redis in clear. */
  sealed: string;
}

interface Reply {
  id: string;
  platformMessageId?: string;
  error?: string;
  rejected?: boolean;
}

/**
 * Only the lease holder has the socket, but any process may run the deliver worker. A send in
 * another process is pushed on a Redis list; the holder pops it, sends it through the same
 * local path (paced, once per part) and publishes the result. A caller that hears nothing
 * before its deadline fails the attempt, and the worker retries it later.
 */
export class SendRelay {
  private sub: Redis | undefined;
  private subscribed: Promise<void> | undefined;
  private pop: Redis | undefined;
  private serving = false;
  private generation = 0;
  private readonly waiting = new Map<string, (reply: Reply) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly opts: { prefix: string; session: string; sealer: Sealer; log: Logger; timeoutMs?: number; leaseKey?: string },
  ) {}

  private get queueKey() {
    return `${this.opts.prefix}:wa:relay:${this.opts.session}:requests`;
  }

  private get replyChannel() {
    return `${this.opts.prefix}:wa:relay:${this.opts.session}:replies`;
  }

  /** Caller side: forwards one send to the holder and waits for its result. */
  async forward(fields: OutgoingFields): Promise<SendResult> {
    // Nobody holds the socket (unpaired, logged out, all processes down): no point waiting.
    if (this.opts.leaseKey && !(await this.redis.exists(this.opts.leaseKey))) throw new Error('no process holds the WhatsApp socket');
    await this.listen();
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    const request: Request = { id: randomUUID(), deadline: Date.now() + timeoutMs, sealed: this.opts.sealer.seal(JSON.stringify(fields)) };
    const reply = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request.id);
        reject(new Error('WhatsApp socket holder did not answer in time (no process connected?)'));
      }, timeoutMs);
      timer.unref();
      this.waiting.set(request.id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    await this.redis.lpush(this.queueKey, JSON.stringify(request));
    const r = await reply;
    if (r.error) throw r.rejected ? new AppError('DELIVERY_REJECTED', r.error) : new Error(r.error);
    return { platformMessageId: r.platformMessageId };
  }

  /** Holder side: serves requests until `stopServing()`. */
  serve(handler: (fields: OutgoingFields) => Promise<SendResult>): void {
    if (this.serving) return;
    this.serving = true;
    this.pop = this.redis.duplicate();
    const pop = this.pop;
    // A loop from an earlier connection must not outlive its own `pop` connection.
    const generation = ++this.generation;
    void (async () => {
      while (this.serving && generation === this.generation) {
        let item: [string, string] | null = null;
        try {
          item = await pop.brpop(this.queueKey, 1);
        } catch (err) {
          if (this.serving && generation === this.generation) this.opts.log.warn({ err: (err as Error).message }, 'relay pop failed');
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        if (item) await this.handle(item[1], handler);
      }
    })();
  }

  async stopServing(): Promise<void> {
    this.serving = false;
    const pop = this.pop;
    this.pop = undefined;
    if (pop) await pop.quit().catch(() => pop.disconnect());
  }

  async close(): Promise<void> {
    await this.stopServing();
    const sub = this.sub;
    this.sub = undefined;
    this.subscribed = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
    for (const [id, resolve] of this.waiting) resolve({ id, error: 'relay closed' });
    this.waiting.clear();
  }

  private async handle(raw: string, handler: (fields: OutgoingFields) => Promise<SendResult>): Promise<void> {
    let request: Request;
    try {
      request = JSON.parse(raw) as Request;
    } catch {
      return;
    }
    if (Date.now() > request.deadline) return; // the caller gave up; its retry will come again
    let reply: Reply;
    try {
      const fields = JSON.parse(this.opts.sealer.open(request.sealed)) as OutgoingFields;
      const result = await handler(fields);
      reply = { id: request.id, platformMessageId: result.platformMessageId };
    } catch (err) {
      reply = { id: request.id, error: (err as Error).message, rejected: isAppError(err, 'DELIVERY_REJECTED') };
    }
    await this.redis.publish(this.replyChannel, JSON.stringify(reply)).catch((err: Error) => this.opts.log.warn({ err: err.message }, 'relay reply lost'));
  }

  private listen(): Promise<void> {
    this.subscribed ??= this.subscribe();
    return this.subscribed;
  }

  private async subscribe(): Promise<void> {
    const sub = this.redis.duplicate();
    this.sub = sub;
    sub.on('message', (_channel: string, message: string) => {
      try {
        const reply = JSON.parse(message) as Reply;
        this.waiting.get(reply.id)?.(reply);
        this.waiting.delete(reply.id);
      } catch {
        // not ours
      }
    });
    await sub.subscribe(this.replyChannel);
  }
}
