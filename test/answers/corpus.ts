import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small knowledge base written for the tests (the real `knowledge/` evolves on its own):
 * youth, mentor-only and "all" pages, plus one public page with its URL.
 */
export const CORPUS: Record<string, string> = {
  'emploi/cv.md': `---
title: "Faire un CV de jeune diplômé"
audience: youth
topics: [emploi, cv, candidature]
---
# Faire un CV de jeune diplômé

## La photo sur le CV

La photo n'est pas obligatoire sur un CV en France. Si tu en mets une, choisis une photo professionnelle, neutre et récente, sur fond uni. Beaucoup de recruteurs préfèrent même un CV sans photo, pour limiter les biais.

## Les trous dans le CV

Une période sans activité dans ton CV n'est pas éliminatoire. Indique sobrement ce que tu as fait pendant ces mois : formation en ligne, projet personnel, bénévolat, aide familiale. Prépare une phrase simple et honnête pour l'entretien.

## Adapter ton CV à chaque offre

Relis l'annonce et repère les compétences clés. Reprends les mêmes mots-clés dans ton CV quand c'est vrai pour toi : beaucoup d'entreprises utilisent des logiciels de tri (ATS) qui cherchent ces mots. Garde une version complète et adapte une copie par candidature.
`,
  'emploi/entretien.md': `---
title: "Préparer un entretien d'embauche"
audience: youth
topics: [emploi, entretien, recruteur]
---
# Préparer un entretien d'embauche

## Se préparer avant l'entretien

La préparation d'un entretien commence quelques jours avant. Renseigne-toi sur l'entreprise, ses clients et ses actualités. Relis l'offre et associe à chaque compétence demandée un exemple concret de ton parcours. Prépare deux ou trois questions à poser au recruteur.

## La question « Présentez-vous »

Quand le recruteur dit « présentez-vous », ne récite pas ton CV. Raconte en deux minutes ton parcours, ce que tu sais faire et pourquoi ce poste t'intéresse. Entraîne-toi à voix haute avec ton mentor.

## Après l'entretien

Envoie un court e-mail de remerciement dans les 24 heures. Si tu n'as pas de nouvelles après le délai annoncé, relance poliment par e-mail.
`,
  'emploi/alternance.md': `---
title: "Trouver une alternance"
audience: all
topics: [alternance, apprentissage, contrat]
---
# Trouver une alternance

## Chercher une entreprise d'accueil

Pour trouver une alternance, commence tôt : les entreprises recrutent leurs alternants plusieurs mois avant la rentrée. Cible les entreprises de ton secteur, envoie des candidatures spontanées et parle de ta recherche autour de toi. Ton école peut aussi te transmettre des offres.

## Le rythme entre école et entreprise

L'alternance combine des périodes à l'école et des périodes en entreprise, selon un rythme fixé par ta formation : par exemple une semaine sur deux, ou trois jours en entreprise et deux jours à l'école.
`,
  'programme/mentor-absent.md': `---
title: "Ton mentor ne répond pas"
audience: youth
topics: [programme, mentor, relance]
---
# Ton mentor ne répond pas

## Relancer ton mentor

Si ton mentor ne répond pas, attends une semaine puis relance-le avec un message court et poli qui propose deux créneaux précis. Vérifie aussi que tu as utilisé le bon numéro ou la bonne adresse e-mail.

## Prévenir ton chargé de mission

Sans réponse après deux relances, préviens ton chargé de mission NQT : il contactera ton mentor et, si besoin, t'en proposera un autre.
`,
  'programme/inscription.md': `---
title: "S'inscrire à NQT"
audience: youth
topics: [programme, inscription, justificatifs]
---
# S'inscrire à NQT

## Les étapes de l'inscription

L'inscription à NQT se fait en ligne et elle est gratuite. Tu crées ton compte, tu remplis ton profil et tu déposes tes justificatifs : copie de ton diplôme et pièce d'identité. L'équipe valide ton dossier en une à deux semaines.
`,
  'mentors/alerter.md': `---
title: "Quand et comment alerter le chargé de mission"
audience: mentor
topics: [mentors, alerte, detresse, confidentialite]
---
# Quand et comment alerter le chargé de mission

## Un jeune en détresse

Si le jeune que vous accompagnez vous confie des idées noires ou une détresse importante, prenez-le au sérieux : écoutez sans juger, donnez-lui le numéro 3114 et prévenez sans attendre votre chargé de mission. La confidentialité s'arrête là où la sécurité du jeune est en jeu.
`,
  'public/periode-essai.md': `---
title: "Période d'essai d'un salarié en CDI"
audience: all
topics: [periode d'essai, cdi, cadre]
url: https://www.service-public.fr/particuliers/vosdroits/F1643
site: service-public.fr
---
# Période d'essai d'un salarié en CDI

## Durée maximale de la période d'essai

La durée maximale de la période d'essai en CDI est de 2 mois pour les ouvriers et employés, 3 mois pour les agents de maîtrise et techniciens, et 4 mois pour les cadres. Elle peut être renouvelée une fois si un accord de branche le prévoit, soit 8 mois au plus pour un cadre, renouvellement compris.
`,
};

/** Writes the corpus (plus `extra` files) into a fresh temporary directory. */
export async function writeCorpus(extra: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'maia-knowledge-'));
  for (const [path, content] of Object.entries({ ...CORPUS, ...extra })) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}
