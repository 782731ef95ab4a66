import {
  getContentType,
  isHostedLidUser,
  isHostedPnUser,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isLidUser,
  isPnUser,
  jidDecode,
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
} from '@whiskeysockets/baileys';
import type { InboundKind, InboundMessage, SenderIdentity } from '../../src/engine/messages.js';

export interface NormalizeContext {
  /** When MAIA received the message (default now). */
  receivedAt?: Date;
}

/**
 * A message key as Baileys 7 hands it out: the protobuf key plus the alternate address of the
 * sender (`remoteJidAlt`: the phone JID when the chat is addressed by LID, or the reverse).
 * 6.x used `senderPn`/`senderLid`/`participantPn`; both spellings are read.
 */
export type BaileysKey = proto.IMessageKey & {
  remoteJidAlt?: string | null;
  participantAlt?: string | null;
  senderPn?: string | null;
  senderLid?: string | null;
  participantPn?: string | null;
  participantLid?: string | null;
};

type Content = { kind: InboundKind; text: string } & Pick<InboundMessage, 'action' | 'reaction' | 'replyToMessageId'>;

const { REVOKE, MESSAGE_EDIT } = proto.Message.ProtocolMessage.Type;

/**
 * One Baileys message → the engine's `InboundMessage`, or null when MAIA should not see it:
 * our own messages, groups, status updates, broadcasts, newsletters, protocol chatter, and
 * messages whose content could not be decrypted yet (a later upsert brings them with the same
 * id, so they must not be deduplicated away). Pure: identity resolution happens afterwards.
 */
export function normalizeBaileysMessage(msg: proto.IWebMessageInfo, ctx: NormalizeContext = {}): InboundMessage | null {
  const key = msg.key as BaileysKey | null | undefined;
  if (!key?.id || !key.remoteJid || key.fromMe) return null;
  const chat = key.remoteJid;
  if (isJidGroup(chat) || isJidBroadcast(chat) || isJidNewsletter(chat)) return null;
  const sender = senderOf(key, msg.pushName);
  if (!sender) return null;

  let message = normalizeMessageContent(msg.message);
  if (!message) return null;
  let channelMessageId = key.id;
  let extra: Partial<Content> = {};
  const protocol = message.protocolMessage;
  if (protocol) {
    if (protocol.type === REVOKE && protocol.key?.id) {
      // The deleted message's id travels as replyToMessageId.
      extra = { kind: 'deleted', text: '', replyToMessageId: protocol.key.id };
    } else if (protocol.type === MESSAGE_EDIT && protocol.key?.id && protocol.editedMessage) {
      const edited = normalizeMessageContent(protocol.editedMessage);
      if (!edited) return null;
      message = edited;
      // An edit is a new message for the engine, with an id of its own derived from both.
      channelMessageId = `${protocol.key.id}:edit:${key.id}`;
    } else {
      return null;
    }
  }
  const content = extra.kind ? (extra as Content) : contentOf(message);
  if (!content) return null;

  const seconds = toSeconds(msg.messageTimestamp);
  const inbound: InboundMessage = {
    channel: 'whatsapp',
    channelMessageId,
    sender,
    conversationKey: sender.id,
    ...content,
    receivedAt: ctx.receivedAt ?? new Date(),
    raw: msg,
  };
  if (seconds) inbound.sentAt = new Date(seconds * 1000);
  return inbound;
}

function contentOf(m: proto.IMessage): Content | null {
  const type = getContentType(m);
  if (!type) return null;
  const inner = m[type] as { contextInfo?: proto.IContextInfo | null } | null | undefined;
  const quoted = inner && typeof inner === 'object' ? inner.contextInfo?.stanzaId : undefined;
  const withQuote = (c: Content): Content => (quoted ? { ...c, replyToMessageId: quoted } : c);
  switch (type) {
    case 'conversation':
      return { kind: 'text', text: m.conversation ?? '' };
    case 'extendedTextMessage':
      return withQuote({ kind: 'text', text: m.extendedTextMessage?.text ?? '' });
    case 'buttonsResponseMessage':
      return button(m.buttonsResponseMessage?.selectedButtonId, m.buttonsResponseMessage?.selectedDisplayText);
    case 'templateButtonReplyMessage':
      return button(m.templateButtonReplyMessage?.selectedId, m.templateButtonReplyMessage?.selectedDisplayText);
    case 'listResponseMessage':
      return button(m.listResponseMessage?.singleSelectReply?.selectedRowId, m.listResponseMessage?.title);
    case 'interactiveResponseMessage': {
      const r = m.interactiveResponseMessage;
      return button(flowReplyId(r?.nativeFlowResponseMessage), r?.body?.text);
    }
    case 'imageMessage':
    case 'videoMessage':
    case 'ptvMessage':
    case 'documentMessage': {
      const media = m[type] as { caption?: string | null } | null | undefined;
      return withQuote({ kind: 'media', text: media?.caption ?? '' });
    }
    case 'audioMessage':
      return withQuote({ kind: m.audioMessage?.ptt === false ? 'media' : 'voice', text: '' });
    case 'stickerMessage':
      return { kind: 'sticker', text: '' };
    case 'reactionMessage': {
      const r = m.reactionMessage;
      if (!r?.key?.id) return null;
      // An empty text is a reaction removed.
      return { kind: 'reaction', text: r.text ?? '', reaction: { emoji: r.text ?? '', targetMessageId: r.key.id } };
    }
    case 'locationMessage':
    case 'liveLocationMessage': {
      const l = m.locationMessage ?? m.liveLocationMessage;
      const place = l && 'name' in l ? [l.name, (l as proto.Message.ILocationMessage).address] : [];
      return { kind: 'location', text: place.filter((s): s is string => typeof s === 'string' && s !== '').join(' — ') };
    }
    case 'contactMessage':
      return { kind: 'contact', text: m.contactMessage?.displayName ?? '' };
    case 'contactsArrayMessage':
      return {
        kind: 'contact',
        text: m.contactsArrayMessage?.displayName ?? (m.contactsArrayMessage?.contacts ?? []).map((c) => c.displayName ?? '').filter(Boolean).join(', '),
      };
    case 'protocolMessage':
    case 'senderKeyDistributionMessage':
    case 'messageContextInfo':
      return null;
    default:
      // Polls, events, payments, call logs, products…
      return { kind: 'unsupported', text: '' };
  }
}

function button(id: string | null | undefined, title: string | null | undefined): Content | null {
  const action = id || title;
  if (!action) return null;
  return { kind: 'button', text: title ?? '', action: { id: action } };
}

/** Native-flow replies carry their button id inside a JSON string. */
function flowReplyId(r: proto.Message.InteractiveResponseMessage.INativeFlowResponseMessage | null | undefined): string | undefined {
  if (!r) return undefined;
  try {
    const params = JSON.parse(r.paramsJson ?? '{}') as { id?: unknown };
    if (typeof params.id === 'string' && params.id) return params.id;
  } catch {
    // not JSON: fall back to the flow name
  }
  return r.name ?? undefined;
}

const isPn = (jid: string | null | undefined): jid is string => !!jid && !!(isPnUser(jid) || isHostedPnUser(jid));
const isLid = (jid: string | null | undefined): jid is string => !!jid && !!(isLidUser(jid) || isHostedLidUser(jid));

/**
 * The sender as the engine wants it: the E.164 number as id whenever the key carries a phone
 * JID (directly or as the alternate of a LID), the JID and LID as aliases; the LID alone
 * otherwise (resolved to a number afterwards if a mapping is known).
 */
export function senderOf(key: BaileysKey, pushName?: string | null): SenderIdentity | null {
  const chat = key.remoteJid ?? '';
  const alts = [key.remoteJidAlt, key.senderPn, key.senderLid, key.participantPn, key.participantLid];
  const pnJid = isPn(chat) ? chat : alts.find(isPn);
  const lidJid = isLid(chat) ? chat : alts.find(isLid);
  const name = pushName ? { name: pushName } : {};
  if (pnJid) {
    const user = jidDecode(pnJid)?.user;
    if (!user || !/^\d{6,15}$/.test(user)) return null;
    const aliases = [{ id: jidNormalizedUser(pnJid), kind: 'jid' }];
    if (lidJid) aliases.push({ id: jidNormalizedUser(lidJid), kind: 'lid' });
    return { id: `+${user}`, kind: 'phone', aliases, ...name };
  }
  if (lidJid) return { id: jidNormalizedUser(lidJid), kind: 'lid', ...name };
  return null;
}

export function toSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  if (value && typeof value === 'object' && 'toNumber' in value && typeof (value as { toNumber: unknown }).toNumber === 'function') {
    const n = (value as { toNumber(): number }).toNumber();
    return n > 0 ? n : undefined;
  }
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
