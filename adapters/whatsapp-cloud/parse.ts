import type { InboundKind, InboundMessage, SenderIdentity } from '../../src/engine/messages.js';
import { dedupe, toE164, type WhatsAppAddress } from './directory.js';
import type { CloudContact, CloudMessage, CloudStatus, CloudUserIdUpdate, CloudValue, CloudWebhook } from './payload.js';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusUpdate {
  /** wamid of the message the status is about. */
  platformMessageId: string;
  status: DeliveryStatus;
  at: Date;
  /** "<code> <title>" for failures; never contains a phone number. */
  error?: string;
}

/** New addresses for a person already known by one of `known` (BSUID changes). */
export interface IdentityLink {
  known: string[];
  add: WhatsAppAddress[];
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  links: IdentityLink[];
  /** Messages left out, with why (logged by the caller; the batch still succeeds). */
  skipped: { reason: string; type?: string }[];
}

const STATUSES: readonly DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];

/**
 * Normalises one webhook delivery. Pure: no I/O. `phoneNumberId`, when given, drops changes for
 * other numbers of the same Meta app (they are not this MAIA's conversations).
 */
export function parseCloudWebhook(body: CloudWebhook, opts: { phoneNumberId?: string; receivedAt?: Date } = {}): ParsedWebhook {
  const out: ParsedWebhook = { messages: [], statuses: [], links: [], skipped: [] };
  const receivedAt = opts.receivedAt ?? new Date();
  if (body?.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) return out;
  for (const entry of body.entry) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const value = change?.value;
      if (!value || typeof value !== 'object') continue;
      const numberId = value.metadata?.phone_number_id;
      if (opts.phoneNumberId && numberId && numberId !== opts.phoneNumberId) {
        out.skipped.push({ reason: 'other phone number id' });
        continue;
      }
      parseValue(value, receivedAt, out);
    }
  }
  return out;
}

function parseValue(value: CloudValue, receivedAt: Date, out: ParsedWebhook): void {
  const contacts = Array.isArray(value.contacts) ? value.contacts : [];
  for (const msg of Array.isArray(value.messages) ? value.messages : []) {
    try {
      const inbound = normalizeCloudMessage(msg, contacts, receivedAt);
      if (inbound) out.messages.push(inbound);
      else out.skipped.push({ reason: 'no sender or id', type: typeof msg?.type === 'string' ? msg.type : undefined });
    } catch (err) {
      out.skipped.push({ reason: `malformed: ${(err as Error).message}`, type: typeof msg?.type === 'string' ? msg.type : undefined });
    }
  }
  for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
    const parsed = parseStatus(status);
    if (parsed) out.statuses.push(parsed);
    else out.skipped.push({ reason: 'malformed status' });
  }
  for (const update of Array.isArray(value.user_id_update) ? value.user_id_update : []) {
    const link = parseUserIdUpdate(update);
    if (link) out.links.push(link);
  }
}

/** One Cloud API message → the engine's InboundMessage (null when it has no id or sender). */
export function normalizeCloudMessage(msg: CloudMessage, contacts: CloudContact[], receivedAt: Date): InboundMessage | null {
  if (!msg || typeof msg.id !== 'string' || !msg.id) return null;
  const sender = senderOf(msg, contacts);
  if (!sender) return null;
  const seconds = Number(msg.timestamp);
  const base: InboundMessage = {
    channel: 'whatsapp',
    channelMessageId: msg.id,
    sender,
    conversationKey: sender.id,
    kind: 'unsupported',
    text: '',
    receivedAt,
    raw: msg,
  };
  if (Number.isFinite(seconds) && seconds > 0) base.sentAt = new Date(seconds * 1000);
  if (typeof msg.context?.id === 'string' && msg.context.id) base.replyToMessageId = msg.context.id;
  return { ...base, ...content(msg) };
}

function content(msg: CloudMessage): Partial<InboundMessage> & { kind: InboundKind; text: string } {
  switch (msg.type) {
    case 'text':
      return { kind: 'text', text: str(msg.text?.body) };
    case 'interactive': {
      const reply = msg.interactive?.button_reply ?? msg.interactive?.list_reply;
      if (reply?.id) return { kind: 'button', text: str(reply.title), action: { id: reply.id } };
      return { kind: 'unsupported', text: '' };
    }
    case 'button':
      // Quick-reply button of a template: the payload is the action id.
      return { kind: 'button', text: str(msg.button?.text), action: { id: str(msg.button?.payload) || str(msg.button?.text) } };
    case 'image':
    case 'video':
    case 'document':
      return { kind: 'media', text: str(msg[msg.type]?.caption) };
    case 'audio':
      return msg.audio?.voice === false ? { kind: 'media', text: '' } : { kind: 'voice', text: '' };
    case 'sticker':
      return { kind: 'sticker', text: '' };
    case 'reaction':
      if (!msg.reaction?.message_id) throw new Error('reaction without message_id');
      return { kind: 'reaction', text: str(msg.reaction.emoji), reaction: { emoji: str(msg.reaction.emoji), targetMessageId: msg.reaction.message_id } };
    case 'location': {
      const l = msg.location;
      return { kind: 'location', text: [l?.name, l?.address].filter((s): s is string => typeof s === 'string' && s !== '').join(' — ') };
    }
    case 'contacts':
      return { kind: 'contact', text: (msg.contacts ?? []).map((c) => str(c?.name?.formatted_name)).filter(Boolean).join(', ') };
    case 'system':
    case 'request_welcome':
      // The system body names the person and both numbers: not kept (the aliases carry the change).
      return { kind: 'system', text: '' };
    case 'deleted':
    case 'revoked':
      return { kind: 'deleted', text: '' };
    default:
      // "unsupported", "unknown", "order", ads referrals without text…
      return { kind: 'unsupported', text: '' };
  }
}

function senderOf(msg: CloudMessage, contacts: CloudContact[]): SenderIdentity | null {
  const phone = typeof msg.from === 'string' ? toE164(msg.from) : undefined;
  const contact =
    contacts.find((c) => (msg.from && c?.wa_id === msg.from) || (msg.from_user_id && c?.user_id === msg.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const bsuid = nonEmpty(msg.from_user_id) ?? nonEmpty(contact?.user_id);
  const aliases: WhatsAppAddress[] = [];
  if (bsuid) aliases.push({ id: bsuid, kind: 'bsuid' });
  const parent = nonEmpty(msg.from_parent_user_id) ?? nonEmpty(contact?.parent_user_id);
  if (parent) aliases.push({ id: parent, kind: 'bsuid' });
  const waId = contact?.wa_id ? toE164(contact.wa_id) : undefined;
  if (waId && waId !== phone) aliases.push({ id: waId, kind: 'phone' });
  if (msg.type === 'system') aliases.push(...systemAliases(msg));
  const name = nonEmpty(contact?.profile?.name);
  const id = phone ?? bsuid ?? waId;
  if (!id) return null;
  const kind = phone || (!bsuid && waId) ? 'phone' : 'bsuid';
  const rest = dedupe(aliases).filter((a) => a.id !== id);
  return { id, kind, ...(rest.length ? { aliases: rest } : {}), ...(name ? { name } : {}) };
}

/** A changed number or BSUID becomes an alias of the person who wrote from the old one. */
function systemAliases(msg: CloudMessage): WhatsAppAddress[] {
  const s = msg.system ?? {};
  const out: WhatsAppAddress[] = [];
  if (s.type === 'user_changed_number' || s.type === 'customer_changed_number') {
    const next = toE164(str(s.wa_id ?? s.new_wa_id));
    if (next) out.push({ id: next, kind: 'phone' });
  }
  const nextUser = nonEmpty(s.user_id) ?? nonEmpty(s.new_user_id);
  if (nextUser && nextUser !== msg.from_user_id) out.push({ id: nextUser, kind: 'bsuid' });
  return out;
}

function parseStatus(s: CloudStatus): StatusUpdate | null {
  if (!s || typeof s.id !== 'string' || !STATUSES.includes(s.status as DeliveryStatus)) return null;
  const seconds = Number(s.timestamp);
  const update: StatusUpdate = {
    platformMessageId: s.id,
    status: s.status as DeliveryStatus,
    at: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(),
  };
  const err = Array.isArray(s.errors) ? s.errors[0] : undefined;
  if (err) update.error = [err.code, err.title ?? err.message].filter((v) => v !== undefined && v !== '').join(' ').slice(0, 300);
  return update;
}

function parseUserIdUpdate(u: CloudUserIdUpdate): IdentityLink | null {
  const previous = nonEmpty(u?.previous_user_id) ?? nonEmpty(u?.detail?.previous_user_id) ?? nonEmpty(u?.detail?.previous);
  const current = nonEmpty(u?.new_user_id) ?? nonEmpty(u?.detail?.current_user_id) ?? nonEmpty(u?.detail?.current) ?? nonEmpty(u?.user_id);
  const phone = u?.wa_id ? toE164(u.wa_id) : undefined;
  const known = [previous, phone].filter((v): v is string => !!v);
  if (!current || known.length === 0 || current === previous) return null;
  return { known, add: [{ id: current, kind: 'bsuid' }] };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
