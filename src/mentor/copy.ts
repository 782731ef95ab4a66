/**
 * What Super Mentor IA says to mentors and chargés de mission: French, vouvoiement, short.
 * Every reply ends with {@link FRAMING} (added by `mentorReply`, never by hand): the charter
 * makes the mentor the judge of last resort and the AI a help to think, not a decision-maker.
 */
export const FRAMING = '_Aide à la réflexion — vous restez décisionnaire._';

const DAY_MS = 86_400_000;
const PARIS = 'Europe/Paris';

/** « d'Inès », « de Yanis »: French elides « de » before a vowel or a mute h. */
export function de(name: string): string {
  return /^[aeiouhàâäéèêëîïôöùûüœæ]/i.test(name) ? `d'${name}` : `de ${name}`;
}

/** « 1 échange », « 3 échanges » (0 takes the singular in French). */
export function plural(n: number, singular: string, many = `${singular}s`): string {
  return `${n} ${n >= 2 ? many : singular}`;
}

export function dateFr(d: Date): string {
  return d.toLocaleDateString('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: PARIS });
}

/** « aujourd'hui », « hier », « il y a 5 jours », « il y a 2 mois », « jamais ». */
export function ago(date: Date | null | undefined, now: Date): string {
  if (!date) return 'jamais';
  const days = Math.floor((now.getTime() - date.getTime()) / DAY_MS);
  if (days <= 0) return "aujourd'hui";
  if (days === 1) return 'hier';
  if (days < 60) return `il y a ${days} jours`;
  return `il y a ${Math.floor(days / 30)} mois`;
}

/** How long something has been waiting: « depuis 5 h », « depuis 3 jours ». */
export function waiting(since: Date, now: Date): string {
  const hours = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 3_600_000));
  if (hours < 1) return "depuis moins d'une heure";
  if (hours < 48) return `depuis ${hours} h`;
  return `depuis ${Math.floor(hours / 24)} jours`;
}

/** Long quotes of what the mentor typed are cut: we echo a name, not a paragraph. */
export function echo(typed: string): string {
  const t = typed.trim().replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

const MILESTONE_LABELS: Readonly<Record<string, string>> = {
  first_meeting: 'premier rendez-vous',
  meeting: 'rendez-vous',
};

export function milestoneLabel(kind: string): string {
  return MILESTONE_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

const ESCALATION_LABELS: Readonly<Record<string, string>> = {
  human: 'demande à parler à un humain',
  crisis: 'situation de détresse signalée',
  review: 'compte à relire',
};
const ESCALATION_STATES: Readonly<Record<string, string>> = { open: 'en attente', acknowledged: 'prise en charge', resolved: 'résolue' };

export const escalationLabel = (kind: string) => ESCALATION_LABELS[kind] ?? 'demande';
export const escalationState = (status: string) => ESCALATION_STATES[status] ?? status;

export const mentorCopy = {
  notAllowed:
    "Ces fonctions sont réservées aux mentors et aux chargés de mission NQT : je ne peux pas vous montrer de données de jeunes. En cas de besoin, contactez l'équipe NQT.",
  noYouths: (cdm: boolean) =>
    cdm
      ? "Aucun jeune n'est rattaché à votre portefeuille pour le moment."
      : "Aucun jeune ne vous est attribué pour le moment. Dès qu'un binôme sera formé, vous le retrouverez ici.",
  notFoundById: 'Je ne trouve pas ce jeune parmi vos jeunes. Écrivez « mes jeunes » pour voir la liste.',
  notFound: (typed: string) => `Je ne trouve pas « ${echo(typed)} » parmi vos jeunes. Écrivez « mes jeunes » pour voir la liste.`,
  ambiguous: (typed: string, options: string[]) =>
    `Plusieurs de vos jeunes correspondent à « ${echo(typed)} » : ${options.join(', ')}. Pouvez-vous préciser avec l'initiale du nom (par exemple « ${options[0]} ») ?`,
  noShare: (first: string, what: 'profile' | 'summary') =>
    `${first} n'a pas donné son accord pour partager avec vous ${what === 'profile' ? 'son profil et les thèmes abordés' : 'le suivi de ses échanges'} avec Mentor IA : je ne peux donc pas vous les montrer.\n` +
    `Le plus simple est de lui demander directement où en est sa recherche lors de votre prochain échange. Si ${first} le souhaite, ce partage s'active en écrivant PARTAGE OUI à Mentor IA — c'est entièrement son choix.`,
  invalidAction: "Je n'ai pas pu lire cette action. Vous pouvez écrire par exemple « rdv fait avec Inès : CV revu ».",
  help: [
    '*Super Mentor IA — ce que je peux faire pour vous*',
    '- « mes jeunes » : vos jeunes et où ils en sont',
    '- « suivi » : ce qui demande votre attention',
    '- « profil Inès » : études, objectifs, thèmes abordés avec Mentor IA (si le jeune l’a accepté)',
    '- « synthèse Inès 30 jours » : ses progrès sur la période et des idées pour votre prochaine séance',
    '- « rdv fait avec Inès : CV revu » : noter un rendez-vous',
    '- « répondre à Inès : votre message » : lui écrire via MAIA, signé de votre nom',
    '- « rendre la main » : laisser MAIA reprendre la conversation',
    'Vous pouvez aussi me poser une question sur le mentorat.',
  ].join('\n'),
  helpTitle: 'Super Mentor IA — commandes',
} as const;
