import { setTimeout as sleep } from 'node:timers/promises';
import { downloadMediaMessage, normalizeMessageContent, type MessageUpsertType, type WAMessage } from '@whiskeysockets/baileys';
import type { InboundMessage } from '../../src/engine/messages.js';
import type { Logger } from '../../src/log.js';
import type { Runtime } from '../../src/runtime/index.js';
import { PartsLedger } from '../whatsapp-cloud/index.js';
import type { ChannelHealth } from './health.js';
import type { LidResolver } from './identity.js';
import { normalizeBaileysMessage, toSeconds } from './normalize.js';
import { quietBaileysLogger, type WaSocket } from './socket.js';

export interface InboundOptions {
  /** Voice notes → text (OpenAI transcription when TRANSCRIPTION_MODEL is set). Without it, voice notes arrive with empty text. */
  transcribe?: (audio: Buffer, mime: string) => Promise<string>;
  /** Downloads a media message (tests replace it). Default: Baileys' `downloadMediaMessage`. */
  downloadMedia?: (message: WAMessage, socket: WaSocket) => Promise<Buffer>;
  /** Messages older than this are not answered. Default 3 days (an answer that late only confuses). */
  maxBacklogMs?: number;
  /** Backlog re-examined before the last processed timestamp (`append` after a reconnect). Default 10 min. */
  overlapSeconds?: number;
}

// The engine is fast and local; a failure is a database or Redis blip worth two more tries.
const RECEIVE_RETRIES_MS = [1000, 4000];
const TRANSCRIBE_TIMEOUT_MS = 60_000;

/**
 * `messages.upsert` → engine. Live messages (`notify`) and those WhatsApp hands over after a
 * reconnection (`notify` or `append`) take the same path; `append` ones only when newer than
 * the last processed timestamp (with an overlap), and the engine's dedupe answers each once.
 * Upserts are handled one after the other so a conversation keeps its order.
 */
export class InboundHandler {
  private chain: Promise<void> = Promise.resolve();
  private lastTs = 0;
  private readonly startedTs = Math.floor(Date.now() / 1000);

  constructor(
    private readonly deps: {
      runtime: () => Runtime | undefined;
      socket: () => WaSocket | undefined;
      resolver: () => LidResolver | undefined;
      health: ChannelHealth;
      log: Logger;
      session: string;
      options: InboundOptions;
    },
  ) {}

  private get key(): string {
    return `${this.deps.runtime()?.config.QUEUE_PREFIX ?? 'maia'}:wa:${this.deps.session}:last-ts`;
  }

  /** Loads the last processed timestamp (survives restarts). */
  async load(): Promise<void> {
    const stored = await this.deps.runtime()?.redis.get(this.key);
    this.lastTs = Math.max(this.lastTs, Number(stored) || 0);
  }

  /** Queues an upsert; resolves when it (and those before it) are handled. */
  onUpsert(upsert: { messages: WAMessage[]; type: MessageUpsertType }): Promise<void> {
    this.chain = this.chain.then(() => this.handle(upsert)).catch((err: Error) => this.deps.log.error({ err: err.message }, 'upsert failed'));
    return this.chain;
  }

  /** Waits for queued upserts (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async handle({ messages, type }: { messages: WAMessage[]; type: MessageUpsertType }): Promise<void> {
    if (type !== 'notify' && type !== 'append') return;
    // Any traffic proves the link is alive (the silence alert watches this).
    if (messages.some((m) => !m.key?.fromMe)) this.deps.health.messageSeen();
    let stale = 0;
    for (const message of messages) {
      try {
        if ((await this.one(message, type)) === 'stale') stale++;
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'WhatsApp message skipped');
      }
    }
    if (stale) this.deps.log.warn({ stale, type }, 'WhatsApp messages too old to answer, skipped');
  }

  private async one(message: WAMessage, type: MessageUpsertType): Promise<'stale' | void> {
    const runtime = this.deps.runtime();
    if (!runtime) return;
    const ts = toSeconds(message.messageTimestamp) ?? Math.floor(Date.now() / 1000);
    const overlap = this.deps.options.overlapSeconds ?? 600;
    if (type === 'append' && ts < (this.lastTs || this.startedTs) - overlap) return;
    const normalized = normalizeBaileysMessage(message);
    if (!normalized) return;
    if (Date.now() - ts * 1000 > (this.deps.options.maxBacklogMs ?? 3 * 24 * 3600_000)) return 'stale';
    const resolver = this.deps.resolver();
    let inbound = resolver ? await resolver.resolve(normalized) : normalized;
    inbound = await new PartsLedger(runtime.redis, runtime.config.QUEUE_PREFIX).withPrimaryTarget(inbound);
    if (inbound.kind === 'voice') inbound = await this.transcribe(inbound, message);

    await this.receive(runtime, inbound);
    const sock = this.deps.socket();
    if (sock && message.key) await sock.readMessages([message.key]).catch(() => undefined);
    if (ts > this.lastTs) {
      this.lastTs = ts;
      await runtime.redis.set(this.key, String(ts)).catch(() => undefined);
    }
  }

  private async receive(runtime: Runtime, inbound: InboundMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Persisted and queued: the turn worker runs the engine, in order per conversation.
        await runtime.inbox.accept(inbound);
        return;
      } catch (err) {
        const wait = RECEIVE_RETRIES_MS[attempt];
        const sender = runtime.pseudo(`whatsapp:${inbound.sender.id}`);
        if (wait === undefined) {
          this.deps.log.error({ err: (err as Error).message, sender }, 'WhatsApp message not accepted by the inbox');
          return;
        }
        this.deps.log.warn({ err: (err as Error).message, sender, attempt: attempt + 1 }, 'inbox refused a WhatsApp message, retrying');
        await sleep(wait);
      }
    }
  }

  private async transcribe(inbound: InboundMessage, message: WAMessage): Promise<InboundMessage> {
    const { transcribe } = this.deps.options;
    const sock = this.deps.socket();
    if (!transcribe || !sock) return inbound;
    try {
      const audio = normalizeMessageContent(message.message)?.audioMessage;
      const download = this.deps.options.downloadMedia ?? defaultDownload(this.deps.log);
      const work = (async () => transcribe(await download(message, sock), audio?.mimetype ?? 'audio/ogg'))();
      const text = await Promise.race([work, sleep(TRANSCRIBE_TIMEOUT_MS).then(() => Promise.reject(new Error('transcription timed out')))]);
      return { ...inbound, text: text.trim() };
    } catch (err) {
      // The engine then says it cannot listen to voice notes yet: better than silence.
      this.deps.log.warn({ err: (err as Error).message }, 'voice note not transcribed');
      return inbound;
    }
  }
}

function defaultDownload(log: Logger) {
  return async (message: WAMessage, sock: WaSocket): Promise<Buffer> =>
    downloadMediaMessage(message, 'buffer', {}, {
      logger: quietBaileysLogger(log),
      reuploadRequest: (m) => (sock.updateMediaMessage ? sock.updateMediaMessage(m) : Promise.resolve(m)),
    });
}
