import type { TopicCount } from './topics.js';

/**
 * Ideas for the next session, derived from what the youth asked about and what was noted.
 * Plain rules, so a mentor can see why an idea came up; they are suggestions, the mentor
 * judges (charter: the AI proposes, never imposes).
 */

interface TopicRule {
  match: RegExp;
  idea: string;
}

const TOPIC_RULES: readonly TopicRule[] = [
  { match: /entretien|recruteur|methode star|questions comportementales|simulation/, idea: "Lui proposer une simulation d'entretien (20 minutes suffisent), suivie d'un débrief à chaud." },
  { match: /^cv$|mise en forme|^ats$|relecture/, idea: "Relire ensemble son CV face à une offre précise qui l'intéresse." },
  { match: /lettre de motivation|candidature$|^mail$|relance|reponse negative/, idea: "Regarder ensemble une candidature en cours : lettre, mail d'accompagnement ou relance." },
  { match: /linkedin|reseau|networking|marche cache|candidature spontanee|contacts|e-reputation|ciblage/, idea: 'Activer votre réseau : lui présenter une ou deux personnes de votre entourage professionnel.' },
  { match: /alternance|apprentissage|^cfa$|contrat de professionnalisation/, idea: "Faire le point sur son calendrier d'alternance : écoles, entreprises ciblées, dates limites." },
  { match: /salaire|negociation|pretentions|remuneration|avantages|smic|gratification/, idea: 'Préparer ensemble ses prétentions salariales, avec les repères de votre secteur.' },
  { match: /contrat de travail|periode d'essai|^cdd$|^cdi$|interim|fin de contrat|demission|rupture/, idea: "Lui demander s'il reste des questions sur son contrat : votre expérience du monde du travail l'éclairera." },
  { match: /confiance en soi|syndrome de l'imposteur|motivation/, idea: 'Prendre un moment sur ses réussites récentes : la confiance revient souvent par là.' },
  { match: /organisation|tableau de suivi|planning|plan d'action|objectifs|smart/, idea: "Construire ensemble un plan d'action pour les deux prochaines semaines." },
  { match: /logement|mobilite|caution|visale|aide au loyer|^apl$/, idea: 'Aborder la mobilité ou le logement, et l’orienter vers son chargé de mission NQT pour les aides.' },
  { match: /france travail|demandeur d'emploi|chomage|allocation|^cej$|mission locale|actualisation/, idea: 'Vérifier que ses démarches (France Travail, droits) sont à jour ; son chargé de mission peut aider.' },
  { match: /integration|onboarding|premier emploi/, idea: 'Partager vos conseils pour réussir ses premières semaines en poste.' },
];

export interface IdeaInput {
  topics: readonly TopicCount[];
  firstMeetingDone: boolean;
  messages: number;
  /** Milestones of the period (kinds) and the notes the viewer may read. */
  milestoneCount: number;
  notes: readonly string[];
  pendingRequests: number;
}

const MAX_IDEAS = 3;
const MIN_IDEAS = 2;

export function sessionIdeas(input: IdeaInput): string[] {
  const ideas: string[] = [];
  const add = (idea: string) => {
    if (!ideas.includes(idea)) ideas.push(idea);
  };

  if (!input.firstMeetingDone) add('Fixer votre premier rendez-vous : faire connaissance et poser ensemble ses objectifs.');
  if (input.pendingRequests > 0) add('Revenir sur sa demande d’échange restée en attente.');

  // Topics asked most often first; each rule once.
  const scored = TOPIC_RULES.map((rule) => ({
    rule,
    score: input.topics.filter((t) => rule.match.test(t.topic)).reduce((sum, t) => sum + t.count, 0),
  }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  for (const { rule } of scored) add(rule.idea);

  // What was noted at the last meetings.
  const notes = input.notes.join(' ').toLowerCase();
  if (/\bcv\b/.test(notes)) add("Faire le point sur l'effet du CV retravaillé : candidatures envoyées, retours reçus.");
  if (/entretien/.test(notes)) add('Débriefer ses derniers entretiens : ce qui a marché, ce qui a coincé.');

  if (input.messages === 0 && input.milestoneCount === 0) add('Prendre de ses nouvelles : rien sur la période, un message court suffit.');
  if (ideas.length < MIN_IDEAS) add("Lui demander ce qui a avancé depuis votre dernier échange, et ce qui bloque.");
  if (ideas.length < MIN_IDEAS) add('Faire le point sur ses objectifs et convenir ensemble de la prochaine étape.');
  return ideas.slice(0, MAX_IDEAS);
}
