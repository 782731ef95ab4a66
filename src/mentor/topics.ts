import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/**
 * What a youth asked Mentor IA about, by topic: answer traces → the passages used → their
 * documents' topics. Never the text of a message. A question is counted once per topic.
 */

// Only the best passages of an answer say what the question was about; the tail is noise.
const PASSAGES_PER_ANSWER = 3;

// Tags that sit on whole folders of the knowledge base and say nothing about the question.
const UMBRELLA = new Set([
  'emploi', 'programme', 'nqt', 'mentors', 'mentor', 'mentorat', 'charte', 'droits', 'travail', 'maia', 'mentor ia',
  'super mentor ia', 'commandes', 'whatsapp', 'teams', 'ia', 'aide', 'contrat', 'questions', 'exemples', 'utilisation',
  'structure', 'limites', 'sources', 'association', 'historique', '2026',
]);

/**
 * A document about health, distress, harassment, discrimination or alerts is left out whole:
 * that a youth read it is itself sensitive (GDPR art. 9), and an alert may concern the mentor.
 */
const SENSITIVE_TOPIC = /sante|suicide|3114|detresse|harcelement|alerte|signal|discrimination|defenseur des droits|handicap|rqth|religi|orientation|bien-etre|addiction|violence|grossesse|deces|deuil/;

const LABELS: Readonly<Record<string, string>> = {
  cv: 'CV', linkedin: 'LinkedIn', cdi: 'CDI', cdd: 'CDD', ats: 'logiciels de tri (ATS)', cej: "contrat d'engagement jeune",
  "periode d'essai": "période d'essai", remuneration: 'rémunération', negociation: 'négociation', 'pretentions salariales': 'prétentions salariales',
  reseau: 'réseau', 'entretien reseau': 'entretien réseau', 'candidature spontanee': 'candidature spontanée', 'marche cache': 'marché caché',
  demission: 'démission', preavis: 'préavis', chomage: 'chômage', teletravail: 'télétravail', 'aide a la mobilite': 'aide à la mobilité',
  'methode star': 'méthode STAR', 'entretien differe': 'entretien différé', 'reponse negative': 'réponse négative', 'recherche d\'emploi': "recherche d'emploi",
  "demandeur d'emploi": "demandeur d'emploi", 'reprise d\'emploi': "reprise d'emploi", 'delai de carence': 'délai de carence', 'e-reputation': 'e-réputation',
  integration: 'intégration', 'premier emploi': 'premier emploi', 'lettre de motivation': 'lettre de motivation', strategie: 'stratégie',
  'confiance en soi': 'confiance en soi', "syndrome de l'imposteur": "syndrome de l'imposteur", 'fin de contrat': 'fin de contrat',
  'rupture conventionnelle': 'rupture conventionnelle', eligibilite: 'éligibilité', 'premier rendez-vous': 'premier rendez-vous',
  presentation: 'présentation', preparation: 'préparation', 'questions frequentes': 'questions fréquentes', 'entretien blanc': 'entretien blanc',
  'questions comportementales': 'questions comportementales', 'mise en forme': 'mise en forme', 'tableau de suivi': 'tableau de suivi',
  'fiche de paie': 'fiche de paie', 'bulletin de paie': 'bulletin de paie', 'complementaire sante': 'complémentaire santé', 'contrat de travail': 'contrat de travail',
  'recruteur': 'recruteur', 'securite': 'sécurité', 'evenements': 'événements', 'criteres': 'critères', 'ciblage': 'ciblage',
};

export function topicLabel(topic: string): string {
  return LABELS[topic] ?? topic;
}

export interface TopicCount {
  /** The knowledge base's tag (lower case, no accents), for rules. */
  topic: string;
  /** French, for people. */
  label: string;
  /** Answers that touched it. */
  count: number;
}

/** Topics of the youth's answered questions since `since`, most frequent first. */
export async function topicsAsked(db: Db, youthId: string, since: Date, limit = 5): Promise<TopicCount[]> {
  const rows = await db.execute<{ trace: string; topics: string[] }>(sql`
    select distinct a.id::text as trace, d.id as doc, d.topics as topics
    from answer_traces a
    cross join lateral jsonb_array_elements(case when jsonb_typeof(a.chunks) = 'array' then a.chunks else '[]'::jsonb end)
      with ordinality as c(item, ord)
    join chunks ch on ch.id = coalesce(c.item ->> 'id', c.item #>> '{}')
    join documents d on d.id = ch.document_id
    where a.person_id = ${youthId} and a.audience = 'youth' and a.created_at >= ${since.toISOString()}::timestamptz
      and c.ord <= ${PASSAGES_PER_ANSWER}`);
  const perTrace = new Map<string, Set<string>>();
  for (const row of rows) {
    const topics = row.topics ?? [];
    const set = perTrace.get(row.trace) ?? new Set<string>();
    perTrace.set(row.trace, set);
    if (topics.some((t) => SENSITIVE_TOPIC.test(t))) continue;
    for (const t of topics) if (!UMBRELLA.has(t)) set.add(t);
  }
  const counts = new Map<string, number>();
  for (const set of perTrace.values()) for (const t of set) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([topic, count]) => ({ topic, label: topicLabel(topic), count }));
}

/** « entretien (4), alternance (2), CV (1) ». */
export function formatTopics(topics: readonly TopicCount[]): string {
  return topics.map((t) => `${t.label} (${t.count})`).join(', ');
}
