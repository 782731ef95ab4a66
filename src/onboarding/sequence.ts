import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { consents, conversations, identities, persons } from '../db/schema.js';
import type { Answerer } from '../answers/answerer.js';
import type { EngineDeps } from '../engine/deps.js';
import type { MaintenanceTask } from '../runtime/maintenance.js';
import { journal } from '../privacy/audit.js';

/** The topic of each onboarding message, in order; the profile sharpens the query. */
const STEPS = [
  { topic: 'premier rendez-vous avec son mentor, comment bien démarrer le parrainage NQT', intro: 'Pour bien démarrer avec NQT' },
  { topic: 'faire un CV', intro: 'Le conseil du jour : ton CV' },
  { topic: 'préparer un entretien d’embauche', intro: 'Le conseil du jour : les entretiens' },
  { topic: 'développer son réseau et LinkedIn, le marché caché', intro: 'Le conseil du jour : ton réseau' },
  { topic: 'organiser sa recherche d’emploi chaque semaine', intro: 'Le conseil du jour : t’organiser' },
];

export interface OnboardingDeps extends EngineDeps {
  answerer: Answerer;
}

/**
 * Proactive help « dès l'inscription » (charter § 1): until a first mentor meeting is recorded,
 * youths registered by NQT who said yes to MAIA get a tip at each configured day offset, chosen
 * for their profile. STOP (consent withdrawn), a suspension or a first meeting ends it. The
 * WhatsApp adapter turns a message outside the 24-hour window into a template (Cloud API).
 */
export async function runOnboarding(deps: OnboardingDeps, now = new Date()): Promise<{ sent: number }> {
  const offsets = deps.config.ONBOARDING_DAYS.map(Number).filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  if (offsets.length === 0) return { sent: 0 };
  const due = await deps.db
    .select({ person: persons, conversation: conversations })
    .from(persons)
    .innerJoin(identities, and(eq(identities.personId, persons.id), eq(identities.channel, 'whatsapp'), eq(identities.kind, 'phone')))
    .innerJoin(conversations, and(eq(conversations.channel, 'whatsapp'), eq(conversations.address, identities.value)))
    .where(
      and(
        eq(persons.role, 'youth'),
        eq(persons.registeredBy, 'nqt'),
        eq(persons.status, 'active'),
        isNull(persons.firstMeetingAt),
        sql`(select c.granted from ${consents} c where c.person_id = ${persons.id} and c.kind = 'maia' order by c.at desc limit 1) is true`,
        // Only youths whose next step is due, oldest first: a backlog drains run after run.
        sql`coalesce((${conversations.state}->>'onboardingStep')::int, 0) < ${Math.min(offsets.length, STEPS.length)}`,
        sql`${persons.createdAt} <= ${now.toISOString()}::timestamptz - interval '1 day' * (${`{${offsets.join(',')}}`}::float8[])[coalesce((${conversations.state}->>'onboardingStep')::int, 0) + 1]`,
      ),
    )
    .orderBy(asc(persons.createdAt))
    .limit(500);
  let sent = 0;
  for (const { person, conversation } of due) {
    const done = Number((conversation.state as { onboardingStep?: number }).onboardingStep ?? 0);
    const days = (now.getTime() - person.createdAt.getTime()) / 86_400_000;
    const step = offsets.findIndex((d, i) => i >= done && days >= d);
    if (step < 0 || step !== done || step >= STEPS.length) continue;
    const plan = STEPS[step]!;
    const profile = person.profile as Record<string, unknown>;
    const focus = [plan.topic, profile.lookingFor, profile.studyField].filter(Boolean).join(' ');
    const tip = await deps.answerer.answer({ question: focus, audience: 'youth', profile });
    if (tip.kind !== 'answer') continue;
    const ids = await deps.db.transaction(async (tx) => {
      // Claim the step first: two workers never send the same tip.
      const claimed = await tx
        .update(conversations)
        .set({ state: sql`${conversations.state} || ${JSON.stringify({ onboardingStep: step + 1 })}::jsonb` })
        .where(and(eq(conversations.id, conversation.id), sql`coalesce((${conversations.state}->>'onboardingStep')::int, 0) = ${step}`))
        .returning({ id: conversations.id });
      if (claimed.length === 0) return [];
      await journal(tx, { actor: 'maia:onboarding', action: 'onboarding.sent', subject: deps.pseudo(`person:${person.id}`), detail: { step: step + 1 } });
      return deps.outbox.persist(
        [
          {
            channel: 'whatsapp',
            to: conversation.address,
            kind: 'notice',
            text: `${person.firstName ? `${person.firstName}, ` : ''}${plan.intro} 💡\n\n${tip.text}\n\nTu peux me poser tes questions à tout moment. (Écris STOP pour ne plus recevoir ces conseils.)`,
            tier: tip.tier,
            sources: tip.sources,
            conversationId: conversation.id,
            subjectPersonId: person.id,
            recipientPersonId: person.id,
          },
        ],
        tx,
      );
    });
    await deps.outbox.dispatch(ids);
    sent += ids.length;
  }
  return { sent };
}

// Every 15 minutes: a tip lands within a quarter of an hour of its day, never twice.
export function onboardingTask(answerer: () => Answerer): MaintenanceTask {
  return {
    name: 'onboarding',
    every: 15 * 60_000,
    run: async (deps) => ({ ...(await runOnboarding({ ...deps, answerer: answerer() })) }),
  };
}
