import { and, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { alias as tableAlias } from 'drizzle-orm/pg-core';
import type { ConversationReference } from 'botbuilder';
import type { Db } from '../../src/db/client.js';
import { channelEndpoints, identities } from '../../src/db/schema.js';

const CHANNEL = 'teams';

/**
 * Where MAIA can write proactively on Teams: one conversation reference per conversation id
 * (`channel_endpoints`), some of them also known by a destination alias (`alertes`,
 * `cdm-equipe`). Identities carry the personal-chat reference the engine stored.
 */
export class EndpointStore {
  constructor(private readonly db: Db) {}

  /**
   * Saves or refreshes the reference of a conversation. An alias given here moves to this
   * conversation (a re-created channel takes over); without one, the alias already set stays.
   */
  async save(address: string, ref: Partial<ConversationReference>, alias?: string): Promise<void> {
    const row = { channel: CHANNEL, address, alias: alias ?? null, ref: minimalReference(ref), updatedAt: new Date() };
    await this.db.transaction(async (tx) => {
      if (alias) {
        await tx
          .update(channelEndpoints)
          .set({ alias: null })
          .where(and(eq(channelEndpoints.channel, CHANNEL), eq(channelEndpoints.alias, alias), ne(channelEndpoints.address, address)));
      }
      await tx
        .insert(channelEndpoints)
        .values(row)
        .onConflictDoUpdate({
          target: [channelEndpoints.channel, channelEndpoints.address],
          set: { ref: row.ref, updatedAt: row.updatedAt, alias: sql`coalesce(excluded.alias, ${channelEndpoints.alias})` },
        });
    });
  }

  /** The reference for an address: a conversation id, an alias, or a Teams user id. */
  async find(to: string): Promise<Partial<ConversationReference> | undefined> {
    const [byAddress] = await this.db
      .select({ ref: channelEndpoints.ref })
      .from(channelEndpoints)
      .where(and(eq(channelEndpoints.channel, CHANNEL), eq(channelEndpoints.address, to)));
    if (byAddress) return byAddress.ref as Partial<ConversationReference>;
    const [byAlias] = await this.db
      .select({ ref: channelEndpoints.ref })
      .from(channelEndpoints)
      .where(and(eq(channelEndpoints.channel, CHANNEL), eq(channelEndpoints.alias, to)))
      .orderBy(desc(channelEndpoints.updatedAt))
      .limit(1);
    if (byAlias) return byAlias.ref as Partial<ConversationReference>;
    // A Teams user id: the personal chat's reference stored on any of that person's Teams
    // identities (the engine records it on the address seen first, the AAD id or the user id).
    const sender = tableAlias(identities, 'sender');
    const [byIdentity] = await this.db
      .select({ ref: identities.ref })
      .from(sender)
      .innerJoin(identities, and(eq(identities.personId, sender.personId), eq(identities.channel, CHANNEL), isNotNull(identities.ref)))
      .where(and(eq(sender.channel, CHANNEL), eq(sender.value, to)))
      .orderBy(desc(eq(identities.value, to)), desc(identities.createdAt))
      .limit(1);
    return (byIdentity?.ref ?? undefined) as Partial<ConversationReference> | undefined;
  }
}

/**
 * What proactive sending needs, and no more: the display name of the user is dropped
 * (data minimisation — the reference is stored in clear, unlike message bodies).
 */
export function minimalReference(ref: Partial<ConversationReference>): Record<string, unknown> {
  const user = ref.user ? { id: ref.user.id, aadObjectId: ref.user.aadObjectId, role: ref.user.role } : undefined;
  const conversation = ref.conversation
    ? {
        id: ref.conversation.id,
        conversationType: ref.conversation.conversationType,
        tenantId: ref.conversation.tenantId,
        isGroup: ref.conversation.isGroup,
      }
    : undefined;
  // No activityId: a proactive message is a new message, not a reply to an old one.
  return stripUndefined({
    user: user && stripUndefined(user),
    bot: ref.bot && stripUndefined({ id: ref.bot.id, name: ref.bot.name }),
    conversation: conversation && stripUndefined(conversation),
    channelId: ref.channelId,
    locale: ref.locale,
    serviceUrl: ref.serviceUrl,
  });
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
