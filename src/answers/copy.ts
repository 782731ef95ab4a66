import type { Audience } from './answerer.js';

/**
 * Everything the answer side says in its own words (the rest comes from the documents).
 * French, warm and plain: tutoiement for youths, vouvoiement for mentors.
 */

const HUMAN = {
  youth: 'Écris MENTOR pour parler à ton mentor ou à ton chargé de mission.',
  mentor: 'Pour en parler avec un humain, contactez votre chargé de mission NQT.',
};

export const answerCopy = {
  refusal: {
    out_of_scope: (audience: Audience) =>
      audience === 'youth'
        ? `Je ne peux pas répondre à cette question : elle sort de la mission de NQT, qui t'accompagne dans ta recherche d'emploi et ton parcours professionnel. ${HUMAN.youth}`
        : `Je ne peux pas répondre à cette question : elle sort de la mission de NQT et du mentorat. ${HUMAN.mentor}`,
    no_source: (audience: Audience) =>
      audience === 'youth'
        ? `Je ne peux pas répondre à cette question : je n'ai trouvé aucune source fiable, ni dans les documents de NQT ni dans les sources publiques que j'utilise, et je préfère ne pas deviner. ${HUMAN.youth}`
        : `Je ne peux pas répondre à cette question : je n'ai trouvé aucune source fiable, ni dans les documents de NQT ni dans les sources publiques que j'utilise, et je préfère ne pas deviner. ${HUMAN.mentor}`,
    prediction: (audience: Audience) =>
      audience === 'youth'
        ? `Je ne peux pas répondre à cette question : personne ne peut savoir à l'avance ce que décidera un recruteur, et aucune source fiable ne le dit. Ton mentor peut t'aider à faire le point sur ta candidature. ${HUMAN.youth}`
        : `Je ne peux pas répondre à cette question : aucune source fiable ne permet de prévoir la décision d'un recruteur. ${HUMAN.mentor}`,
    entity: (audience: Audience) =>
      audience === 'youth'
        ? `Je ne peux pas répondre à cette question : je n'ai pas de source fiable sur cette entreprise ou cette personne en particulier (salaires, recrutements, avis internes). ${HUMAN.youth}`
        : `Je ne peux pas répondre à cette question : je n'ai pas de source fiable sur cette organisation ou cette personne en particulier. ${HUMAN.mentor}`,
    private: (audience: Audience) =>
      audience === 'youth'
        ? `Je ne peux pas répondre à cette question : je n'ai pas accès aux coordonnées personnelles des gens, et ce n'est pas à moi de les donner. ${HUMAN.youth}`
        : `Je ne peux pas répondre à cette question : je n'ai pas accès aux coordonnées personnelles des gens. ${HUMAN.mentor}`,
    local: (audience: Audience) =>
      audience === 'youth'
        ? `Je ne peux pas répondre à cette question : je n'ai pas de chiffres fiables à ce niveau de détail. ${HUMAN.youth}`
        : `Je ne peux pas répondre à cette question : je n'ai pas de chiffres fiables à ce niveau de détail (région, année). ${HUMAN.mentor}`,
  },
  smalltalk: {
    youth: "Je suis là 🙂 Pose-moi ta question sur ta recherche d'emploi ou le programme NQT (CV, entretien, mentor…), ou écris AIDE pour voir ce que je sais faire.",
    mentor: 'Je suis à votre disposition. Posez-moi votre question sur le mentorat ou le programme NQT.',
  },
  publicIntro: (audience: Audience, site: string) =>
    audience === 'youth'
      ? `Les documents de NQT ne traitent pas ce point ; voici ce qu'indique une source publique (${site}) :`
      : `Les documents de NQT ne traitent pas ce point ; voici ce qu'indique une source publique (${site}) :`,
  publicOutro: (audience: Audience) =>
    audience === 'youth'
      ? 'Ces règles peuvent dépendre de ta situation : vérifie sur le site cité, et parles-en à ton mentor avant une décision importante.'
      : 'Ces règles peuvent dépendre de la situation : vérifiez sur le site cité.',
  alsoIntro: (audience: Audience) => (audience === 'youth' ? 'À savoir aussi :' : 'À noter également :'),
  tailored: (lookingFor: string) => `Vu que tu cherches ${lookingFor}, voici ce qui te concerne :`,
} as const;

/** How a profile's `lookingFor` reads in a sentence ("une alternance"). */
export function lookingForPhrase(value: string): string {
  const v = value.trim().toLowerCase();
  const known: Record<string, string> = {
    alternance: 'une alternance',
    apprentissage: 'une alternance',
    stage: 'un stage',
    cdi: 'un CDI',
    cdd: 'un CDD',
    emploi: 'un emploi',
    job: 'un emploi',
    'premier emploi': 'un premier emploi',
    interim: 'des missions en intérim',
    vie: 'un VIE',
  };
  return known[v] ?? `« ${value.trim()} »`;
}
