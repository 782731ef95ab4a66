import { loadConfig, type Config } from '../../src/config/index.js';
import type { Answerer, AnswerRequest, AnswerResult } from '../../src/answers/answerer.js';
import type { Channel, InboundMessage } from '../../src/engine/messages.js';
import type { ChannelAdapter, SealedOutbound } from '../../src/outbox/sealed.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime/index.js';
import { REDIS_URL, testDatabase, uniquePrefix } from './db.js';

/** Records every message handed to a channel, like a platform would receive it. */
export class RecordingChannels {
  readonly sent: SealedOutbound[] = [];
  private waiters: (() => void)[] = [];

  adapters(): Record<Channel, ChannelAdapter> {
    const make = (channel: Channel): ChannelAdapter => ({
      channel,
      send: async (message) => {
        this.sent.push(message);
        for (const w of this.waiters.splice(0)) w();
        return { platformMessageId: `rec-${message.id}` };
      },
    });
    return { whatsapp: make('whatsapp'), teams: make('teams'), console: make('console') };
  }

  to(address: string): SealedOutbound[] {
    return this.sent.filter((m) => m.to === address);
  }

  /** Waits until `predicate` holds over what was sent (polling on each send), or times out. */
  async waitFor(predicate: (sent: SealedOutbound[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sent)) {
      if (Date.now() > deadline) throw new Error(`timed out; ${this.sent.length} messages sent`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** Answers with the question echoed back, after an optional delay: the spine's tests care about flow, not content. */
export class EchoAnswerer implements Answerer {
  calls: AnswerRequest[] = [];
  constructor(private readonly delayMs: (q: string) => number = () => 0) {}
  async answer(request: AnswerRequest): Promise<AnswerResult> {
    this.calls.push(request);
    const ms = this.delayMs(request.question);
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    return {
      kind: 'answer',
      tier: 'internal',
      text: `Réponse à : ${request.question}`,
      sources: [{ title: 'Doc de test' }],
      trace: { composer: 'echo', chunks: [], latency: {} },
    };
  }
}

export async function testConfig(overrides: Record<string, string> = {}): Promise<Config> {
  const url = await testDatabase();
  return loadConfig({ DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: uniquePrefix(), LOG_LEVEL: 'silent', NODE_ENV: 'test', ...overrides });
}

export async function startTestRuntime(opts: Partial<RuntimeOptions> & { config?: Config; workers?: boolean } = {}): Promise<Runtime> {
  const config = opts.config ?? (await testConfig());
  const runtime = await createRuntime({ ...opts, config });
  if (opts.workers !== false) await runtime.startWorkers();
  return runtime;
}

let counter = 0;
/** A youth's WhatsApp text message from a random number. */
export function whatsappText(text: string, from = randomPhone(), id?: string): InboundMessage {
  return {
    channel: 'whatsapp',
    channelMessageId: id ?? `wamid.test-${Date.now()}-${counter++}-${Math.random().toString(36).slice(2)}`,
    sender: { id: from, kind: 'phone' },
    conversationKey: from,
    kind: 'text',
    text,
    receivedAt: new Date(),
  };
}

export function randomPhone(): string {
  return `+3369${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;
}

/** A registered youth who already said yes to MAIA (consent gate passed). */
export async function consentingYouth(runtime: Runtime, opts: { phone?: string; firstName?: string; shareWithMentor?: boolean } = {}) {
  const { persons, identities, consents } = await import('../../src/db/schema.js');
  const phone = opts.phone ?? randomPhone();
  const [person] = await runtime.db
    .insert(persons)
    .values({ role: 'youth', registeredBy: 'nqt', firstName: opts.firstName ?? 'Test' })
    .returning();
  await runtime.db.insert(identities).values({ personId: person!.id, channel: 'whatsapp', kind: 'phone', value: phone });
  await runtime.db.insert(consents).values([
    { personId: person!.id, kind: 'maia', granted: true, charterVersion: runtime.config.CHARTER_VERSION },
    { personId: person!.id, kind: 'share_mentor', granted: opts.shareWithMentor ?? false, charterVersion: runtime.config.CHARTER_VERSION },
  ]);
  return { person: person!, phone };
}

/**
 * Waits until every message handed to the inbox has been through the engine: channels hand
 * messages over (persist, enqueue) and return; the turn worker runs the engine after.
 */
export async function turnsDrained(runtime: Runtime, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await runtime.queues.turn.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    const busy = (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
    const [rows] = await runtime.sql<{ n: number }[]>`select count(*)::int as n from inbox where lane = ${runtime.config.QUEUE_PREFIX} and failed_at is null`;
    if (busy === 0 && rows!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`turns not drained (${busy} jobs, ${rows!.n} messages waiting)`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
