import type { Channel, OutboundAction, OutboundKind, Source, StaffCard, Tier } from '../engine/messages.js';

// Not exported: no module but this one can name the brand, so only `seal()` makes a
// SealedOutbound. Adapters receive them; they cannot build one.
declare const sealedBrand: unique symbol;

/**
 * A message that went through the outbox: persisted, disclosure attached. The only thing a
 * `ChannelAdapter` can send.
 */
export interface SealedOutbound {
  readonly [sealedBrand]: true;
  /** Outbound id: the idempotency key of the delivery. */
  readonly id: string;
  readonly channel: Channel;
  readonly to: string;
  readonly kind: OutboundKind;
  /** Full text as the recipient sees it, disclosure or human label included. */
  readonly text: string;
  /** The label line alone (also inside `text`), for adapters that render it apart. */
  readonly label: string;
  /** The body without the label, for adapters that render it apart (cards). */
  readonly body: string;
  readonly author: 'ai' | 'human' | 'system';
  readonly tier?: Tier;
  readonly sources?: readonly Source[];
  readonly actions?: readonly OutboundAction[];
  readonly card?: Readonly<StaffCard>;
  readonly conversationId?: string;
  readonly causeInboundId?: string;
}

type Fields = Omit<SealedOutbound, typeof sealedBrand>;

/** @internal for the outbox only. */
export function seal(fields: Fields): SealedOutbound {
  return Object.freeze({ ...fields }) as SealedOutbound;
}

export interface SendResult {
  /** The platform's id for the message (wamid, Teams activity id), to match statuses. */
  platformMessageId?: string;
}

/** A channel transport. It can only send what the outbox sealed. */
export interface ChannelAdapter {
  readonly channel: Channel;
  send(message: SealedOutbound): Promise<SendResult>;
  /** Optional typing indicator while an answer is prepared. */
  typing?(to: string): Promise<void>;
}
