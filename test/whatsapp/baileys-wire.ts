import { EventEmitter } from 'node:events';
import { makeEventBuffer, proto, type AnyMessageContent, type BaileysEventEmitter, type WAMessage, type WAMessageKey, type WAPresence } from '@whiskeysockets/baileys';
import { pino } from 'pino';
import type { WaSocket } from '../../adapters/whatsapp-baileys/index.js';

/**
 * Builds a message the way the socket hands it out: through Baileys' own protobuf definitions,
 * encoded to bytes and decoded back (so Longs, defaults and unknown fields behave as on the
 * wire), then the non-protobuf key fields Baileys 7 adds (`remoteJidAlt`…).
 */
export function wire(info: proto.IWebMessageInfo, keyExtras: Record<string, string> = {}): WAMessage {
  const bytes = proto.WebMessageInfo.encode(proto.WebMessageInfo.fromObject(info as Record<string, unknown>)).finish();
  const decoded = proto.WebMessageInfo.decode(bytes) as unknown as WAMessage;
  Object.assign(decoded.key, keyExtras);
  return decoded;
}

let seq = 0;
export const waId = () => `3EB0${Date.now().toString(16).toUpperCase()}${(seq++).toString(16).toUpperCase().padStart(4, '0')}`;

export function textFrom(jid: string, text: string, extra: Partial<proto.IWebMessageInfo> = {}, keyExtras: Record<string, string> = {}): WAMessage {
  return wire(
    { key: { remoteJid: jid, fromMe: false, id: waId() }, messageTimestamp: Math.floor(Date.now() / 1000), pushName: 'Inès', message: { conversation: text }, ...extra },
    keyExtras,
  );
}

/** Baileys' close errors are Boom errors: `output.statusCode` carries the DisconnectReason. */
export function closeError(statusCode: number): Error {
  return Object.assign(new Error(`closed ${statusCode}`), { output: { statusCode } });
}

/**
 * A socket standing in for WhatsApp's servers: a real Baileys event buffer for `ev` (the same
 * emitter the live socket uses), and recorders for what MAIA sends.
 */
export class FakeSocket implements WaSocket {
  readonly ev: BaileysEventEmitter;
  user = { id: '33700000001:5@s.whatsapp.net' };
  readonly sent: { jid: string; text: string; id: string }[] = [];
  readonly presence: { type: WAPresence; jid?: string }[] = [];
  readonly read: WAMessageKey[] = [];
  readonly lidToPn = new Map<string, string>();
  ended = false;
  failNextSend: Error | undefined;
  notOnWhatsApp = new Set<string>();

  constructor(buffered = true) {
    this.ev = buffered ? makeEventBuffer(pino({ level: 'silent' })) : (new EventEmitter() as unknown as BaileysEventEmitter);
  }

  signalRepository = {
    lidMapping: {
      getPNForLID: async (lid: string) => this.lidToPn.get(lid) ?? null,
      getLIDForPN: async () => null,
    },
  };

  async sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage> {
    if (this.failNextSend) {
      const err = this.failNextSend;
      this.failNextSend = undefined;
      throw err;
    }
    const id = waId();
    this.sent.push({ jid, text: (content as { text: string }).text, id });
    return { key: { remoteJid: jid, fromMe: true, id } } as WAMessage;
  }

  async sendPresenceUpdate(type: WAPresence, jid?: string): Promise<void> {
    this.presence.push({ type, jid });
  }

  async readMessages(keys: WAMessageKey[]): Promise<void> {
    this.read.push(...keys);
  }

  async requestPairingCode(): Promise<string> {
    return 'ABCD1234';
  }

  async onWhatsApp(...jids: string[]) {
    return jids.map((jid) => ({ jid, exists: !this.notOnWhatsApp.has(jid) }));
  }

  end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  open(): void {
    this.ev.emit('connection.update', { connection: 'connecting' });
    this.ev.emit('connection.update', { connection: 'open' });
  }

  close(statusCode: number): void {
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: closeError(statusCode), date: new Date() } });
  }

  upsert(messages: WAMessage[], type: 'notify' | 'append' = 'notify'): void {
    this.ev.emit('messages.upsert', { messages, type });
  }
}
