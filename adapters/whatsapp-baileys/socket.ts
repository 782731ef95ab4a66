import makeWASocket, {
  Browsers,
  makeCacheableSignalKeyStore,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventEmitter,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
  type proto,
} from '@whiskeysockets/baileys';
import type { ILogger } from '@whiskeysockets/baileys/lib/Utils/logger.js';
import type { Logger } from '../../src/log.js';

/**
 * The part of a Baileys socket MAIA uses. The channel only ever talks to this interface, so
 * tests give it a fake socket with a real Baileys event emitter, and the live one is
 * `makeWASocket` (see `defaultSocketFactory`).
 */
export interface WaSocket {
  ev: BaileysEventEmitter;
  user?: { id: string; lid?: string } | undefined;
  sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined>;
  sendPresenceUpdate(type: WAPresence, jid?: string): Promise<void>;
  readMessages(keys: WAMessageKey[]): Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Closes the connection (emits `connection.update` close with this error). */
  end(error: Error | undefined): void | Promise<void>;
  onWhatsApp?(...jids: string[]): Promise<{ jid: string; exists: boolean }[] | undefined>;
  updateMediaMessage?(message: WAMessage): Promise<WAMessage>;
  signalRepository?: {
    lidMapping: {
      getPNForLID(lid: string): Promise<string | null>;
      getLIDForPN(pn: string): Promise<string | null>;
    };
  };
}

export interface SocketFactoryInput {
  auth: AuthenticationState;
  logger: ILogger;
  /** Sent messages kept for WhatsApp's retry requests ("waiting for this message"). */
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
}

export type SocketFactory = (input: SocketFactoryInput) => WaSocket;

/** The live socket: Baileys 7 with a cached key store, no history sync, not shown "online". */
export const defaultSocketFactory: SocketFactory = ({ auth, logger, getMessage }) =>
  makeWASocket({
    auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, logger) },
    logger,
    browser: Browsers.ubuntu('MAIA'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    // MAIA answers new messages only; old chats are not its business (and cost bandwidth).
    shouldSyncHistoryMessage: () => false,
    generateHighQualityLinkPreview: false,
    getMessage,
  }) as unknown as WaSocket;

// Baileys logs JIDs (phone numbers) and sometimes message content at debug/trace, and puts
// them in objects at every level. MAIA's logs must not carry them: only the message string
// and error codes get through, with long digit runs masked.
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

export function quietBaileysLogger(log: Logger, level: (typeof LEVELS)[number] = 'warn'): ILogger {
  const min = LEVELS.indexOf(level);
  const make = (): ILogger => {
    const emit = (lvl: (typeof LEVELS)[number]) => (obj: unknown, msg?: string) => {
      if (LEVELS.indexOf(lvl) < min) return;
      const text = mask(typeof obj === 'string' ? obj : (msg ?? ''));
      const err = (obj as { err?: unknown; error?: unknown } | undefined)?.err ?? (obj as { error?: unknown } | undefined)?.error;
      const detail = err instanceof Error ? { err: mask(err.message) } : {};
      log[lvl]({ mod: 'baileys', ...detail }, text);
    };
    return {
      level,
      child: () => make(),
      trace: emit('trace'),
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
    };
  };
  return make();
}

function mask(text: string): string {
  return text.replace(/\d{6,}/g, (d) => `…${d.slice(-2)}`);
}
