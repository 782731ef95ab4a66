import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { conversations, identities, persons } from '../../src/db/schema.js';
import type { InboundMessage } from '../../src/engine/messages.js';
import { AppError } from '../../src/errors.js';

/** One WhatsApp address of a person: `+33612345678` (phone), a JID, a LID, a BSUID. */
export interface WhatsAppAddress {
  id: string;
  kind: 'phone' | 'jid' | 'lid' | 'bsuid' | string;
}

export interface Recipient {
  personId: string;
  registeredBy: 'self' | 'nqt';
  /** Last time this person wrote on WhatsApp (any of their addresses), null if never. */
  lastInboundAt: Date | null;
}

const CHANNEL = 'whatsapp';

/**
 * The `identities` table seen from WhatsApp: one person, many addresses (phone number, JID, LID,
 * BSUID). Both WhatsApp adapters use it to resolve a LID or a BSUID to the phone number before
 * anything is written, to record newly learnt mappings, and to check a recipient may be written to.
 */
export class WhatsAppDirectory {
  constructor(private readonly db: Db) {}

  /** The person owning any of these addresses, with their most recent phone number if known. */
  async lookup(values: string[]): Promise<{ personId: string; phone?: string } | undefined> {
    if (values.length === 0) return undefined;
    const [owner] = await this.db
      .select({ personId: identities.personId })
      .from(identities)
      .where(and(eq(identities.channel, CHANNEL), inArray(identities.value, values)))
      .limit(1);
    if (!owner) return undefined;
    const [phone] = await this.db
      .select({ value: identities.value })
      .from(identities)
      .where(and(eq(identities.channel, CHANNEL), eq(identities.personId, owner.personId), eq(identities.kind, 'phone')))
      .orderBy(desc(identities.createdAt))
      .limit(1);
    return { personId: owner.personId, phone: phone?.value };
  }

  /**
   * Records `add` as addresses of the person who owns one of `known`. Addresses already owned by
   * someone else are left alone (counted as conflicts: merging people is a staff decision).
   */
  async link(known: string[], add: WhatsAppAddress[]): Promise<{ personId?: string; added: number; conflicts: number }> {
    const owner = await this.lookup(known);
    if (!owner || add.length === 0) return { personId: owner?.personId, added: 0, conflicts: 0 };
    const inserted = await this.db
      .insert(identities)
      .values(add.map((a) => ({ personId: owner.personId, channel: CHANNEL, kind: a.kind, value: a.id })))
      .onConflictDoNothing()
      .returning({ value: identities.value });
    const existing = await this.db
      .select({ personId: identities.personId })
      .from(identities)
      .where(and(eq(identities.channel, CHANNEL), inArray(identities.value, add.map((a) => a.id))));
    const conflicts = existing.filter((e) => e.personId !== owner.personId).length;
    return { personId: owner.personId, added: inserted.length, conflicts };
  }

  /** Who is behind `address`, whether NQT registered them, and when they last wrote here. */
  async recipient(address: string): Promise<Recipient | undefined> {
    const [row] = await this.db
      .select({ personId: persons.id, registeredBy: persons.registeredBy })
      .from(identities)
      .innerJoin(persons, eq(persons.id, identities.personId))
      .where(and(eq(identities.channel, CHANNEL), eq(identities.value, address)))
      .limit(1);
    if (!row) return undefined;
    const [last] = await this.db
      .select({ at: sql<Date | null>`max(${conversations.lastInboundAt})` })
      .from(conversations)
      .where(and(eq(conversations.channel, CHANNEL), eq(conversations.personId, row.personId), isNotNull(conversations.lastInboundAt)));
    const at = last?.at ? new Date(last.at) : null;
    return { personId: row.personId, registeredBy: row.registeredBy, lastInboundAt: at };
  }

  /**
   * The rule of both WhatsApp channels: MAIA writes only to someone who wrote first or whom NQT
   * registered. Anything else is refused for good (DELIVERY_REJECTED), never retried.
   */
  async mayWrite(address: string): Promise<Recipient> {
    const recipient = await this.recipient(address);
    if (!recipient) throw new AppError('DELIVERY_REJECTED', 'recipient unknown: never wrote to MAIA and not registered by NQT');
    if (recipient.registeredBy !== 'nqt' && !recipient.lastInboundAt) {
      throw new AppError('DELIVERY_REJECTED', 'recipient never wrote to MAIA on WhatsApp and was not registered by NQT');
    }
    return recipient;
  }

  /**
   * When a message carries no phone number (a LID, a BSUID), finds the phone number the same
   * person wrote from before and makes it the sender id and conversation key, keeping the other
   * ids as aliases: one youth stays one person and one conversation whatever WhatsApp shows.
   */
  async preferPhone(inbound: InboundMessage, extraPhone?: string): Promise<InboundMessage> {
    if (inbound.sender.kind === 'phone') return inbound;
    const values = [inbound.sender.id, ...(inbound.sender.aliases ?? []).map((a) => a.id)];
    const phone = extraPhone ?? (await this.lookup(values))?.phone;
    if (!phone) return inbound;
    const aliases = dedupe([{ id: inbound.sender.id, kind: inbound.sender.kind }, ...(inbound.sender.aliases ?? [])]).filter((a) => a.id !== phone);
    return { ...inbound, sender: { ...inbound.sender, id: phone, kind: 'phone', aliases }, conversationKey: phone };
  }
}

export function dedupe<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
}

/** `+` and digits only: what MAIA stores as a phone identity. */
export function toE164(digits: string): string | undefined {
  const clean = digits.replace(/[^\d]/g, '');
  return clean.length >= 6 && clean.length <= 15 ? `+${clean}` : undefined;
}
