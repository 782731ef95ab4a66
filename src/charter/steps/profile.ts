import { eq, sql } from 'drizzle-orm';
import { persons } from '../../db/schema.js';
import type { EngineDeps } from '../../engine/deps.js';
import { reply, type Turn } from '../../engine/turn.js';
import { journal } from '../../privacy/audit.js';

/** The profile fields a youth can see and correct, with their French labels. */
export const PROFILE_FIELDS: Record<string, string> = {
  studyField: 'Domaine d’études',
  studyLevel: "Niveau d'études",
  city: 'Ville',
  lookingFor: 'Tu cherches',
  searchStage: 'Où tu en es',
  goals: 'Objectif',
};
const ALIASES: Record<string, string> = {
  domaine: 'studyField', etudes: 'studyField', filiere: 'studyField', formation: 'studyField',
  niveau: 'studyLevel', diplome: 'studyLevel',
  ville: 'city',
  cherche: 'lookingFor', recherche: 'lookingFor', contrat: 'lookingFor',
  etape: 'searchStage', avancement: 'searchStage', situation: 'searchStage',
  objectif: 'goals', but: 'goals', projet: 'goals',
};
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * PROFIL: shows what MAIA knows of the youth's situation (used to tailor answers) and lets
 * them correct a field in plain words: « PROFIL ville Lyon », « profil objectif : devenir RH ».
 */
export async function profileCommand(deps: EngineDeps, turn: Turn): Promise<void> {
  const person = turn.person!;
  turn.intent = 'profile';
  const m = /^\s*(?:mon\s+)?profil\s*:?\s+([\p{L}’']+)\s*[:=]?\s+(.{1,120})$/iu.exec(turn.text);
  const field = m ? ALIASES[fold(m[1]!)] : undefined;
  const profile = { ...(person.profile as Record<string, unknown>) };
  if (m && field) {
    const value = m[2]!.trim();
    profile[field] = value;
    turn.onCommit.push(async (tx) => {
      await tx.update(persons).set({ profile: sql`${persons.profile} || ${JSON.stringify({ [field]: value })}::jsonb` }).where(eq(persons.id, person.id));
      await journal(tx, { actor: deps.pseudo(`person:${person.id}`), action: 'profile.corrected', detail: { field } });
    });
  }
  const lines = Object.entries(PROFILE_FIELDS).map(([k, label]) => `- ${label} : ${profile[k] ? String(profile[k]) : '(non renseigné)'}`);
  reply(
    turn,
    'command',
    [
      m && field ? "C'est corrigé ✅ Voici ton profil :" : 'Voici ton profil (il sert à adapter mes conseils) :',
      lines.join('\n'),
      'Pour corriger : écris par exemple « PROFIL ville Lyon » ou « PROFIL cherche alternance ». Les champs : domaine, niveau, ville, cherche, étape, objectif.',
    ].join('\n\n'),
  );
}
