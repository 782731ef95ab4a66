import { charterContext } from '../copy/charter.js';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { conversations, identities, pairs, persons } from '../db/schema.js';
import type { EngineDeps } from '../engine/deps.js';
import { copy } from '../copy/index.js';
import { AppError } from '../errors.js';

export const registerYouthInput = z.object({
  phone: z
    .string()
    .transform((v) => v.replace(/[\s.-]/g, ''))
    .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, 'international format, e.g. +33612345678')),
  firstName: z.string().trim().min(1).max(80),
  mentorTeamsId: z.string().trim().min(1).max(200).optional(),
  profile: z
    .object({
      studyField: z.string().max(120).optional(),
      studyLevel: z.string().max(60).optional(),
      city: z.string().max(80).optional(),
      lookingFor: z.string().max(60).optional(),
      searchStage: z.string().max(120).optional(),
      goals: z.string().max(300).optional(),
    })
    .strict()
    .optional(),
});
export type RegisterYouthInput = z.infer<typeof registerYouthInput>;

/**
 * Registers a youth (NQT's registration, « dès l'inscription ») and sends the welcome and
 * consent message on WhatsApp. Idempotent on the phone number.
 */
export async function registerYouth(deps: EngineDeps, input: RegisterYouthInput): Promise<{ personId: string; created: boolean; outboundIds: string[] }> {
  let mentorId: string | undefined;
  if (input.mentorTeamsId) {
    const [m] = await deps.db
      .select({ id: persons.id })
      .from(identities)
      .innerJoin(persons, eq(persons.id, identities.personId))
      .where(and(eq(identities.channel, 'teams'), eq(identities.value, input.mentorTeamsId), eq(persons.role, 'mentor')));
    if (!m) throw new AppError('INPUT_INVALID', `unknown mentor Teams id: ${input.mentorTeamsId}`);
    mentorId = m.id;
  }
  const ctx = charterContext(deps.config);
  let created = false;
  let personId = '';
  const outboundIds = await deps.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ personId: identities.personId })
      .from(identities)
      .where(and(eq(identities.channel, 'whatsapp'), eq(identities.value, input.phone)));
    if (existing) {
      personId = existing.personId;
      await tx.update(persons).set({ firstName: input.firstName, registeredBy: 'nqt', ...(input.profile ? { profile: input.profile } : {}) }).where(eq(persons.id, personId));
    } else {
      const [p] = await tx.insert(persons).values({ role: 'youth', registeredBy: 'nqt', firstName: input.firstName, profile: input.profile ?? {} }).returning({ id: persons.id });
      personId = p!.id;
      created = true;
      await tx.insert(identities).values({ personId, channel: 'whatsapp', kind: 'phone', value: input.phone });
    }
    if (mentorId) await tx.insert(pairs).values({ mentorId, youthId: personId }).onConflictDoUpdate({ target: [pairs.mentorId, pairs.youthId], set: { active: true } });
    const [conv] = await tx
      .insert(conversations)
      .values({ personId, channel: 'whatsapp', address: input.phone, state: { welcomedVersion: deps.config.CHARTER_VERSION } })
      .onConflictDoUpdate({ target: [conversations.channel, conversations.address], set: { personId } })
      .returning({ id: conversations.id });
    if (!created) return [];
    return deps.outbox.persist(
      [
        {
          channel: 'whatsapp',
          to: input.phone,
          kind: 'consent',
          text: `${input.firstName}, bienvenue chez NQT ! 🎉\n\n${copy.charter.welcome(ctx)}`,
          actions: [{ id: 'consent:yes', title: 'OUI' }, { id: 'consent:no', title: 'NON' }],
          conversationId: conv!.id,
          subjectPersonId: personId,
          recipientPersonId: personId,
        },
      ],
      tx,
    );
  });
  await deps.outbox.dispatch(outboundIds);
  return { personId, created, outboundIds };
}
