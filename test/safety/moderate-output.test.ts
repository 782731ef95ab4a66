import { describe, it, expect } from 'vitest';
import { moderateAnswer, type ModerationReason } from '../../src/safety/moderate-output.js';

const FLAGGED: readonly [answer: string, reason: ModerationReason][] = [
  // discriminatory
  ['Les femmes sont souvent moins fiables sur les postes techniques.', 'discriminatory'],
  ['Ton quartier risque de te desservir auprès des recruteurs.', 'discriminatory'],
  ['Cache ton origine sur ton CV, ce sera plus simple.', 'discriminatory'],
  ['Vu ton âge, tu devrais viser des postes moins exigeants.', 'discriminatory'],
  ['Ton nom de famille va te pénaliser, change-le.', 'discriminatory'],
  ['Pour une femme, il vaut mieux éviter les métiers du BTP.', 'discriminatory'],
  ['Tu es trop vieux pour une alternance.', 'discriminatory'],
  ['Enlève ton voile pour l’entretien.', 'discriminatory'],
  // offensive
  ["Tu es vraiment nul, relis ta lettre.", 'offensive'],
  ['Quelle question débile.', 'offensive'],
  ['Ta question est stupide.', 'offensive'],
  // moralizing
  ['Tu devrais avoir honte de ne pas avoir préparé cet entretien.', 'moralizing'],
  ["C'est irresponsable de ta part de démissionner sans rien.", 'moralizing'],
  ['Tu aurais dû envoyer ta candidature plus tôt.', 'moralizing'],
  ['Tu n’aurais jamais dû accepter ce contrat.', 'moralizing'],
  ["C'est de ta faute si tu n'as pas été retenu.", 'moralizing'],
  ['Arrête de te plaindre et postule.', 'moralizing'],
  ['Vous auriez dû prévenir votre filleule.', 'moralizing'],
  // medical verdict
  ['Tu as une dépression, il faut te soigner.', 'medical_verdict'],
  ["C'est un burn-out, clairement.", 'medical_verdict'],
  ['Tu es probablement en burn-out.', 'medical_verdict'],
  ['Prends du Xanax avant ton entretien pour te calmer.', 'medical_verdict'],
  ['Je te conseille de prendre de la mélatonine.', 'medical_verdict'],
  ['Arrête ton traitement si tu te sens mieux.', 'medical_verdict'],
  ['Tu souffres sûrement d’un trouble anxieux.', 'medical_verdict'],
  // legal verdict
  ['Ton employeur est en tort, tu gagneras aux prud’hommes.', 'legal_verdict'],
  ['Ton licenciement est abusif.', 'legal_verdict'],
  ['Tu vas forcément gagner si tu portes l’affaire devant le juge.', 'legal_verdict'],
  ['Les prud’hommes te donneront raison.', 'legal_verdict'],
  // promise
  ['NQT te garantit un emploi en 3 mois.', 'promise'],
  ['Tu auras un mentor demain.', 'promise'],
  ['Je te promets que tu vas réussir.', 'promise'],
  ['Tu vas forcément décrocher ce poste !', 'promise'],
  ['NQT va te trouver un CDI.', 'promise'],
  ['Ton mentor te rappellera demain sans faute.', 'promise'],
  ['Votre filleule aura une réponse, je vous le garantis.', 'promise'],
];

const HELPFUL: readonly string[] = [
  'Pour ton CV, mets en avant tes expériences les plus récentes et quantifie tes résultats (ex. : « +20 % de ventes »).',
  "En entretien, prépare 2 ou 3 exemples concrets avec la méthode STAR : situation, tâche, action, résultat.",
  "La période d'essai d'un CDI cadre dure 4 mois maximum, renouvelable une fois si ta convention collective le prévoit.",
  "Pendant la période d'essai, l'employeur comme le salarié peuvent rompre le contrat, en respectant un délai de prévenance.",
  "Tu devrais adapter ta lettre de motivation à chaque offre : reprends les mots-clés de l'annonce.",
  "Si tu te sens épuisé, parle-en à ton médecin ou à ton mentor : tu n'as pas à gérer ça seul.",
  "Le burn-out est un syndrome d'épuisement professionnel reconnu ; un médecin peut t'aider à y voir clair.",
  "La discrimination à l'embauche en raison de l'origine, du lieu de résidence ou du handicap est interdite par la loi.",
  "Tu aurais dû recevoir ta fiche de paie avec ton salaire : tu peux la demander au service RH.",
  "Tu n'es pas obligé de mentionner ton handicap ; la RQTH est une démarche personnelle et confidentielle.",
  "Si tu penses être victime d'une situation injuste au travail, le Défenseur des droits ou un syndicat peuvent t'orienter.",
  "Ton mentor pourra t'aider à préparer cet entretien : tu peux lui écrire quand tu veux.",
  "NQT t'accompagne dans ta recherche, mais la décision finale t'appartient.",
  "Je transmets ta demande à ton chargé de mission, qui reviendra vers toi.",
  "Vous pouvez consulter la synthèse d'Inès : elle a envoyé 4 candidatures ce mois-ci.",
  "Un employeur n'a pas le droit de te demander ta religion en entretien.",
  "Pour un poste en alternance, vise les entreprises qui recrutent déjà des alternants.",
  "C'est normal de stresser avant un entretien : respire, prépare tes questions et arrive 10 minutes en avance.",
  "Les femmes sont encore sous-représentées dans le numérique : des réseaux comme Femmes@Numérique peuvent t'aider.",
  "Si tu as un doute sur ta situation, un conseiller juridique ou l'inspection du travail pourra te répondre.",
  'Tu peux demander une rupture conventionnelle : elle ouvre droit à une indemnité au moins égale à l’indemnité légale.',
  "Bravo pour ton entretien ! Tu peux envoyer un mail de remerciement dans les 24 heures.",
  "Tu aurais pu aussi postuler chez Thales, ils recrutent des alternants.",
  'Tu aurais dû le recevoir sous 8 jours : relance le service RH.',
  "Si tu as une dépression, un professionnel peut t'accompagner.",
  'Ne mentionne pas ton adresse complète sur ton CV, la ville suffit.',
];

describe('moderateAnswer — flagged answers', () => {
  it.each(FLAGGED)('%s → %s', (answer, reason) => {
    const r = moderateAnswer(answer);
    expect(r.ok).toBe(false);
    expect(r.reasons).toContain(reason);
  });
});

describe('moderateAnswer — ordinary helpful answers pass', () => {
  it.each(HELPFUL)('%s', (answer) => {
    expect(moderateAnswer(answer)).toEqual({ ok: true, reasons: [] });
  });
});

describe('moderateAnswer — several reasons', () => {
  it('lists every reason in a stable order', () => {
    const r = moderateAnswer("Tu as une dépression et tu aurais dû le dire. NQT te garantit un emploi.");
    expect(r.reasons).toEqual(['moralizing', 'medical_verdict', 'promise']);
  });
});
