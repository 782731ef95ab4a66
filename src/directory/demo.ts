import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Config } from '../config/index.js';
import type { Db } from '../db/client.js';
import { channelEndpoints, consents, milestones, persons } from '../db/schema.js';
import type { Tx } from '../outbox/outbox.js';
import { Sealer } from '../privacy/crypto.js';
import { deactivateOtherPairs, ensurePair, ensurePortfolio, upsertPerson } from './people.js';

/**
 * The demo directory, for the demo script, the docs and the tests. Youth phone numbers are in
 * the +336000000xx range, which no real subscriber has.
 */
export const DEMO = {
  claire: { teamsId: '29:mentor-claire', firstName: 'Claire', lastName: 'Martin' },
  thomas: { teamsId: '29:mentor-thomas', firstName: 'Thomas', lastName: 'Bernard' },
  karim: { teamsId: '29:cdm-karim', firstName: 'Karim', lastName: 'Haddad' },
  ines: {
    phone: '+33600000001', firstName: 'Inès', lastName: 'Benali', mentor: 'claire', shareWithMentor: true,
    profile: {
      studyField: 'Ressources humaines', studyLevel: 'Master 2', city: 'Lyon', lookingFor: 'alternance',
      searchStage: 'candidatures envoyées, premiers entretiens', goals: 'Décrocher une alternance RH en entreprise pour la rentrée',
    },
  },
  yanis: {
    phone: '+33600000002', firstName: 'Yanis', lastName: 'Moreau', mentor: 'claire', shareWithMentor: false,
    profile: {
      studyField: 'Informatique', studyLevel: 'Licence professionnelle', city: 'Lille', lookingFor: 'cdi',
      searchStage: 'début de recherche', goals: 'Premier poste de développeur web',
    },
  },
  aicha: {
    phone: '+33600000003', firstName: 'Aïcha', lastName: 'Diallo', mentor: 'thomas', shareWithMentor: true,
    profile: {
      studyField: 'Finance', studyLevel: 'Master 2', city: 'Marseille', lookingFor: 'cdi',
      searchStage: 'entretiens en cours', goals: "Premier poste d'analyste financière",
    },
  },
  lucas: {
    phone: '+33600000004', firstName: 'Lucas', lastName: 'Girard', mentor: null, shareWithMentor: false,
    profile: {
      studyField: 'Marketing digital', studyLevel: 'Bachelor', city: 'Toulouse', lookingFor: 'stage',
      searchStage: 'cherche des entreprises cibles', goals: "Stage de fin d'études de six mois",
    },
  },
} as const;

export type DemoYouth = 'ines' | 'yanis' | 'aicha' | 'lucas';
export type DemoKey = keyof typeof DEMO;
const YOUTHS: readonly DemoYouth[] = ['ines', 'yanis', 'aicha', 'lucas'];
const DAY = 86_400_000;

// Fixed ids: re-seeding finds them instead of adding copies (notes are sealed, so not comparable).
const DEMO_MILESTONES = [
  { id: '5eed0000-0000-4000-8000-000000000001', kind: 'first_meeting', daysAgo: 21, note: 'Premier rendez-vous : présentation, objectifs, calendrier des candidatures en alternance' },
  { id: '5eed0000-0000-4000-8000-000000000002', kind: 'meeting', daysAgo: 9, note: 'CV revu ensemble, à adapter aux offres en alternance RH' },
] as const;

export interface SeedSummary {
  /** Person ids, by demo key. */
  ids: Record<DemoKey, string>;
  /** People created, and existing people whose names, roles or profile were put back. */
  created: number;
  updated: number;
  /** Pairs created or reactivated; pairs of demo youths with other mentors ended. */
  pairs: number;
  endedPairs: number;
  /** Consent rows written (only when the latest one differed). */
  consents: number;
  milestones: number;
  /** Aliases of the Teams channels registered (alert team, chargés de mission). */
  endpoints: string[];
}

/**
 * Puts the demo directory in place, in one transaction. Safe to re-run: it restores the
 * declared people, pairs, portfolio, consents and channels, adds the example milestones if
 * missing, and leaves what happened during a demo (messages, meetings noted) alone.
 */
export async function seedDemo(db: Db, config: Pick<Config, 'CHARTER_VERSION' | 'ALERT_CHANNEL' | 'ESCALATION_CHANNEL' | 'encryptionKeys'>): Promise<SeedSummary> {
  const sealer = new Sealer(config.encryptionKeys);
  return db.transaction(async (tx) => {
    const s: SeedSummary = { ids: {} as Record<DemoKey, string>, created: 0, updated: 0, pairs: 0, endedPairs: 0, consents: 0, milestones: 0, endpoints: [] };
    const tally = (r: { id: string; created: boolean; changed: boolean }, key: DemoKey) => {
      s.ids[key] = r.id;
      if (r.created) s.created++;
      else if (r.changed) s.updated++;
    };

    for (const key of ['claire', 'thomas'] as const) {
      const m = DEMO[key];
      tally(await upsertPerson(tx, { address: { channel: 'teams', value: m.teamsId }, role: 'mentor', acceptRoles: ['mentor'], firstName: m.firstName, lastName: m.lastName }), key);
    }
    const k = DEMO.karim;
    tally(
      await upsertPerson(tx, { address: { channel: 'teams', value: k.teamsId }, role: 'staff', acceptRoles: ['staff'], firstName: k.firstName, lastName: k.lastName, staffRoles: ['cdm'] }),
      'karim',
    );

    for (const key of YOUTHS) {
      const y = DEMO[key];
      const r = await upsertPerson(tx, {
        address: { channel: 'whatsapp', phone: y.phone },
        role: 'youth',
        acceptRoles: ['youth'],
        firstName: y.firstName,
        lastName: y.lastName,
        profile: { ...y.profile },
      });
      tally(r, key);
      const mentorId = y.mentor ? s.ids[y.mentor] : undefined;
      s.endedPairs += await deactivateOtherPairs(tx, r.id, mentorId);
      if (mentorId && (await ensurePair(tx, mentorId, r.id)) !== 'unchanged') s.pairs++;
      await ensurePortfolio(tx, s.ids.karim, r.id);
      s.consents += await ensureConsent(tx, r.id, 'maia', true, config.CHARTER_VERSION);
      s.consents += await ensureConsent(tx, r.id, 'share_mentor', y.shareWithMentor, config.CHARTER_VERSION);
    }

    const now = Date.now();
    for (const m of DEMO_MILESTONES) {
      const at = new Date(now - m.daysAgo * DAY);
      const inserted = await tx
        .insert(milestones)
        .values({ id: m.id, youthId: s.ids.ines, byPersonId: s.ids.claire, kind: m.kind, note: sealer.seal(m.note), at })
        .onConflictDoNothing()
        .returning({ id: milestones.id });
      s.milestones += inserted.length;
      if (m.kind === 'first_meeting') {
        await tx.update(persons).set({ firstMeetingAt: at }).where(and(eq(persons.id, s.ids.ines), isNull(persons.firstMeetingAt)));
      }
    }

    for (const alias of [config.ALERT_CHANNEL, config.ESCALATION_CHANNEL]) {
      // A real conversation reference saved by the Teams adapter is kept; only the alias is put back.
      await tx
        .insert(channelEndpoints)
        .values({ channel: 'teams', address: alias, alias, ref: {} })
        .onConflictDoUpdate({ target: [channelEndpoints.channel, channelEndpoints.address], set: { alias } });
      s.endpoints.push(alias);
    }
    return s;
  });
}

/** Writes a consent row only when the latest one of that kind says otherwise. */
async function ensureConsent(tx: Tx, personId: string, kind: 'maia' | 'share_mentor', granted: boolean, version: string): Promise<number> {
  const [latest] = await tx
    .select({ granted: consents.granted, version: consents.charterVersion })
    .from(consents)
    .where(and(eq(consents.personId, personId), eq(consents.kind, kind)))
    .orderBy(desc(consents.at))
    .limit(1);
  if (latest && latest.granted === granted && latest.version === version) return 0;
  await tx.insert(consents).values({ personId, kind, granted, charterVersion: version, channel: 'whatsapp' });
  return 1;
}

/** The summary as the CLI prints it. */
export function formatSeedSummary(s: SeedSummary): string {
  return [
    `Démo en place : ${s.created} personne(s) créée(s), ${s.updated} remise(s) à jour, ${s.pairs} binôme(s) créé(s) ou réactivé(s), ${s.consents} consentement(s) écrit(s), ${s.milestones} jalon(s) ajouté(s).`,
    `Mentors : Claire (${DEMO.claire.teamsId}), Thomas (${DEMO.thomas.teamsId}) · chargé de mission : Karim (${DEMO.karim.teamsId}).`,
    `Jeunes : Inès ${DEMO.ines.phone}, Yanis ${DEMO.yanis.phone}, Aïcha ${DEMO.aicha.phone}, Lucas ${DEMO.lucas.phone} (sans mentor).`,
    `Canaux Teams : ${s.endpoints.join(', ')}.`,
    `Essayez : maia chat --as mentor --user ${DEMO.claire.teamsId}`,
  ].join('\n');
}
