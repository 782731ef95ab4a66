import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';
import type { proto, WAMessageKey } from '@whiskeysockets/baileys';
import { AppError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import type { OutboundAction } from '../../src/engine/messages.js';
import type { ChannelAdapter, SealedOutbound, SendResult } from '../../src/outbox/sealed.js';
import type { Runtime } from '../../src/runtime/index.js';
import { PartsLedger, splitMessage, toWhatsAppMarkup, WhatsAppDirectory } from '../whatsapp-cloud/index.js';
import { baileysCopy } from './copy.js';
import type { SendRelay } from './relay.js';
import type { WaSocket } from './socket.js';

export interface SendPacing {
  /** Minimum gap between two messages to the same chat. Default 1,200 ms. */
  perChatMinMs?: number;
  /** Minimum gap between two messages overall. Default 300 ms. */
  globalMinMs?: number;
  /** Random extra delay before each message, up to this. Default 700 ms: bursts look automated. */
  jitterMs?: number;
  /** Longest part of a split answer. Default 1,400 characters: readable on a small phone. */
  partMaxChars?: number;
  /** "typing…" is refreshed this often (WhatsApp drops it after ~10 s). Default 8 s. */
  typingRefreshMs?: number;
  /** "typing…" stops by itself after this, if no answer came. Default 90 s. */
  typingMaxMs?: number;
}

/** What a send needs: the sealed message's fields, so a relayed message takes the same path. */
export type OutgoingFields = Pick<SealedOutbound, 'id' | 'to' | 'text'> & { actions?: readonly OutboundAction[] };

// Sent texts are kept a day for WhatsApp's retry requests (a phone that failed to decrypt asks again).
const SENT_TTL_SECONDS = 24 * 3600;

/** `+33612…` → `33612…@s.whatsapp.net`; a LID JID stays as is. */
export function jidFor(address: string): string {
  if (/^\+\d{6,15}$/.test(address)) return `${address.slice(1)}@s.whatsapp.net`;
  if (/^\d+@(lid|s\.whatsapp\.net|hosted|hosted\.lid)$/.test(address)) return address;
  throw new AppError('DELIVERY_REJECTED', 'address is not a WhatsApp phone number or LID');
}

/**
 * The Baileys `ChannelAdapter`: formats for WhatsApp, splits long answers, paces messages per
 * chat and overall with jitter, sends each part once even across retries, shows "typing…",
 * and refuses people who never wrote and were not registered by NQT. In a process that does
 * not hold the socket, sends go through the relay to the one that does.
 */
export class BaileysSender implements ChannelAdapter {
  readonly channel = 'whatsapp' as const;
  private readonly global: Bottleneck;
  private readonly perChat: Bottleneck.Group;
  private readonly typingTimers = new Map<string, { timer: NodeJS.Timeout; until: number }>();

  constructor(
    private readonly deps: {
      runtime: () => Runtime | undefined;
      socket: () => WaSocket | undefined;
      relay: () => SendRelay | undefined;
      /** This process holds the lease (its socket may be reconnecting). */
      holder: () => boolean;
      log: Logger;
      pacing?: SendPacing;
    },
  ) {
    const p = deps.pacing ?? {};
    this.global = new Bottleneck({ maxConcurrent: 1, minTime: p.globalMinMs ?? 300 });
    this.perChat = new Bottleneck.Group({ maxConcurrent: 1, minTime: p.perChatMinMs ?? 1200 });
  }

  async send(message: SealedOutbound): Promise<SendResult> {
    return this.deliver({ id: message.id, to: message.to, text: message.text, actions: message.actions });
  }

  /** Local send if this process holds the socket, else through the relay. */
  async deliver(fields: OutgoingFields): Promise<SendResult> {
    const runtime = this.deps.runtime();
    if (!runtime) throw new Error('WhatsApp (Baileys) channel not started');
    jidFor(fields.to);
    await new WhatsAppDirectory(runtime.db).mayWrite(fields.to);
    if (this.deps.socket()) return this.sendLocal(fields);
    // Reconnecting here: fail fast, the worker retries with backoff (no slot held 30 s).
    if (this.deps.holder()) throw new Error('WhatsApp socket reconnecting');
    const relay = this.deps.relay();
    if (relay) return relay.forward(fields);
    throw new Error('WhatsApp socket not connected');
  }

  /** Sends from this process (the lease holder). Used by the relay server too. */
  async sendLocal(fields: OutgoingFields): Promise<SendResult> {
    const runtime = this.deps.runtime();
    const sock = this.deps.socket();
    if (!runtime || !sock) throw new Error('WhatsApp socket not connected');
    const jid = jidFor(fields.to);
    const recipient = await new WhatsAppDirectory(runtime.db).mayWrite(fields.to);
    if (!recipient.lastInboundAt && sock.onWhatsApp) {
      // Registered by NQT but never wrote: make sure the number is on WhatsApp at all.
      const [found] = (await sock.onWhatsApp(jid)) ?? [];
      if (found && !found.exists) throw new AppError('DELIVERY_REJECTED', 'number is not on WhatsApp');
    }
    this.stopTyping(jid, false);
    const ledger = new PartsLedger(runtime.redis, runtime.config.QUEUE_PREFIX);
    const parts = splitMessage(render(fields), this.deps.pacing?.partMaxChars ?? 1400);
    let primary: string | undefined;
    for (const [i, part] of parts.entries()) {
      const already = await ledger.sentPart(fields.id, i);
      if (already) {
        primary ??= already;
        continue;
      }
      const sent = await this.paced(jid, () => sock.sendMessage(jid, { text: part }));
      const id = sent?.key?.id;
      if (!id) throw new Error('WhatsApp socket returned no message id');
      primary ??= id;
      await ledger.recordPart(fields.id, i, id, primary);
      await runtime.redis.set(sentKey(runtime, id), runtime.sealer.seal(JSON.stringify({ conversation: part })), 'EX', SENT_TTL_SECONDS).catch(() => undefined);
    }
    return { platformMessageId: primary };
  }

  /** Shows "typing…" to `to`, refreshed until the answer is sent (or `typingMaxMs`). */
  async typing(to: string): Promise<void> {
    const sock = this.deps.socket();
    if (!sock) return;
    const jid = jidFor(to);
    const p = this.deps.pacing ?? {};
    const until = Date.now() + (p.typingMaxMs ?? 90_000);
    const existing = this.typingTimers.get(jid);
    if (existing) {
      existing.until = until;
      return;
    }
    const compose = () => sock.sendPresenceUpdate('composing', jid).catch(() => undefined);
    const timer = setInterval(() => {
      const t = this.typingTimers.get(jid);
      if (!t || Date.now() > t.until) this.stopTyping(jid, true);
      else void compose();
    }, p.typingRefreshMs ?? 8000);
    timer.unref();
    this.typingTimers.set(jid, { timer, until });
    // Chat states only show while the linked device is "available" (it connects as unavailable
    // so the phone keeps its notifications).
    await sock.sendPresenceUpdate('available').catch(() => undefined);
    await compose();
  }

  /** Sent text for WhatsApp's retry requests (`getMessage` of the socket). */
  async sentMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    const runtime = this.deps.runtime();
    if (!runtime || !key.id) return undefined;
    const sealed = await runtime.redis.get(sentKey(runtime, key.id)).catch(() => null);
    return sealed ? (JSON.parse(runtime.sealer.open(sealed)) as proto.IMessage) : undefined;
  }

  close(): void {
    for (const jid of [...this.typingTimers.keys()]) this.stopTyping(jid, false);
    void this.global.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  private stopTyping(jid: string, paused: boolean): void {
    const t = this.typingTimers.get(jid);
    if (!t) return;
    clearInterval(t.timer);
    this.typingTimers.delete(jid);
    if (paused) void this.deps.socket()?.sendPresenceUpdate('paused', jid).catch(() => undefined);
  }

  private paced<T>(jid: string, work: () => Promise<T>): Promise<T> {
    const jitter = this.deps.pacing?.jitterMs ?? 700;
    return this.perChat.key(jid).schedule(() =>
      this.global.schedule(async () => {
        if (jitter > 0) await sleep(Math.floor(Math.random() * jitter));
        return work();
      }),
    );
  }
}

const sentKey = (runtime: Runtime, id: string) => `${runtime.config.QUEUE_PREFIX}:wa:sent:${id}`;

/**
 * WhatsApp Web cannot show reply buttons from a linked device reliably: actions become a line
 * of text. Emoji actions (👍/👎 feedback) invite a reaction, which comes back as a reaction.
 */
export function render(fields: Pick<OutgoingFields, 'text' | 'actions'>): string {
  const text = toWhatsAppMarkup(fields.text);
  const titles = (fields.actions ?? []).map((a) => a.title.trim()).filter(Boolean);
  if (titles.length === 0) return text;
  const allEmoji = titles.every((t) => /^\p{Extended_Pictographic}[\uFE0F\u200D\p{Extended_Pictographic}\p{Emoji_Modifier}]*$/u.test(t));
  return `${text}\n\n${allEmoji ? baileysCopy.actions.react(titles) : baileysCopy.actions.reply(titles)}`;
}
