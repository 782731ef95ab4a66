/**
 * The one normalised shape in the middle. Adapters turn platform payloads into an
 * `InboundMessage`; everything that leaves goes out as a `SealedOutbound` built by the outbox.
 * Platform types stop at `adapters/`.
 */

export const CHANNELS = ['whatsapp', 'teams', 'console'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export type InboundKind =
  | 'text'
  | 'button'
  | 'media'
  | 'voice'
  | 'sticker'
  | 'reaction'
  | 'location'
  | 'contact'
  | 'deleted'
  | 'system'
  | 'unsupported';

export interface SenderIdentity {
  /** Address the person wrote from (WhatsApp phone/JID, Teams user id, console id). */
  id: string;
  /** e.g. phone | jid | lid | bsuid | aad | teams | console */
  kind: string;
  /** Other addresses of the same person known from this payload (LID ↔ phone…). */
  aliases?: { id: string; kind: string }[];
  /** Display name from the platform; never logged. */
  name?: string;
}

export interface InboundMessage {
  channel: Channel;
  /** Platform message id: the dedupe key, unique per channel. */
  channelMessageId: string;
  sender: SenderIdentity;
  /** Where replies go (a WhatsApp chat, a Teams conversation id); usually the sender's id. */
  conversationKey: string;
  kind: InboundKind;
  text: string;
  /** Button / card payload id (e.g. "feedback:up", "consent:yes", "escalation:ack:<id>"). */
  action?: { id: string; data?: Record<string, unknown> };
  /** Reaction emoji and the platform id of the message reacted to. */
  reaction?: { emoji: string; targetMessageId: string };
  /** Platform id of a quoted message. */
  replyToMessageId?: string;
  sentAt?: Date;
  receivedAt: Date;
  /** Channel-specific reference to write back (Teams conversation reference). */
  ref?: Record<string, unknown>;
  /** Raw platform payload: an escape hatch kept in memory only, never stored. */
  raw?: unknown;
}

export type Tier = 'internal' | 'public' | 'none';

export type OutboundKind =
  | 'consent'
  | 'answer'
  | 'refusal'
  | 'escalation'
  | 'crisis'
  | 'staff'
  | 'command'
  | 'notice'
  | 'relay';

export interface Source {
  title: string;
  url?: string;
}

/** A reply button / card action offered with a message. */
export interface OutboundAction {
  id: string;
  title: string;
}

/** What the engine asks the outbox to send. The outbox adds the disclosure and seals it. */
export interface OutboundDraft {
  channel: Channel;
  /** Recipient address on that channel. */
  to: string;
  kind: OutboundKind;
  /** Neutral text: `*bold*`, `_italic_`, `- ` lists; adapters render per platform. */
  text: string;
  /** Who wrote it: the AI (default) or a named human relaying through MAIA. */
  author?: { type: 'ai' } | { type: 'human'; personId: string; name: string } | { type: 'system' };
  tier?: Tier;
  sources?: Source[];
  actions?: OutboundAction[];
  /** Staff cards: structured content an adapter may render richly (Teams Adaptive Card). */
  card?: StaffCard;
  conversationId?: string;
  subjectPersonId?: string;
  recipientPersonId?: string;
  causeInboundId?: string;
}

/**
 * A card for staff (escalations, alerts, Super Mentor answers). `text` of the draft is the
 * plain-text fallback; Teams renders this as an Adaptive Card whose buttons come back as
 * `InboundMessage.action` with the same `id` (e.g. "escalation:ack:<uuid>").
 */
export interface StaffCard {
  title: string;
  facts?: { title: string; value: string }[];
  body?: string;
  actions?: OutboundAction[];
  urgency?: 'normal' | 'urgent';
}
