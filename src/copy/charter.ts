/**
 * What MAIA says about itself, consent, rights and safety. Tutoiement for youths; warm, plain,
 * never moralizing (charter § 5). Only fixed texts here: the crisis reply is never generated.
 */

export interface CharterCopyContext {
  dpo: string;
  retentionDays: number;
}

/** The facts the charter texts quote, from the configuration. */
export function charterContext(config: { DPO_EMAIL: string; RETENTION_DAYS: number }): CharterCopyContext {
  return { dpo: config.DPO_EMAIL, retentionDays: config.RETENTION_DAYS };
}

export const charterCopy = {
  welcome: (c: CharterCopyContext) =>
    [
      "Bonjour 👋 Je suis **MAIA**, le Mentor IA de NQT (Nos Quartiers ont des Talents) : une intelligence artificielle, pas un humain.",
      "Je peux répondre à tes questions sur le programme NQT et ta recherche d'emploi (CV, entretiens, réseau…), 24 h/24, en m'appuyant d'abord sur les documents de NQT, puis sur des sites publics officiels. Si je ne sais pas, je te le dis et je te mets en lien avec un humain.",
      `🔒 Ce qui est gardé : tes messages et mes réponses, chiffrés, pendant ${c.retentionDays} jours au plus, pour te répondre et améliorer le service. Ton mentor ne voit un résumé de tes échanges que si tu es d'accord (je te le demanderai). Rien n'est vendu ni utilisé à des fins commerciales.`,
      "⚠️ Évite de m'envoyer des informations sensibles (santé, religion, numéro de sécu, coordonnées bancaires, mots de passe…).",
      `Tu peux à tout moment écrire AIDE, CHARTE, STOP ou SUPPRIMER. Questions sur tes données : ${c.dpo}.`,
      "👉 Es-tu d'accord pour échanger avec moi dans ces conditions ? Réponds **OUI** pour commencer, ou **NON**.",
    ].join('\n\n'),
  consentAgain: (c: CharterCopyContext) =>
    `La charte de MAIA a été mise à jour. Avant de continuer, relis les conditions : je suis une IA de NQT, tes échanges sont gardés ${c.retentionDays} jours au plus, ton mentor ne voit un résumé que si tu es d'accord, et tu peux tout supprimer (SUPPRIMER). Questions : ${c.dpo}.\n\n👉 Réponds **OUI** pour continuer, ou **NON**.`,
  waitingForConsent:
    "Je ne peux pas encore traiter ta demande : j'ai d'abord besoin de ton accord. Réponds **OUI** pour commencer (ou écris CHARTE pour en savoir plus).",
  consentGranted:
    "Merci, c'est noté ✅ Tu peux me poser tes questions quand tu veux.\n\nUne dernière chose : es-tu d'accord pour que ton mentor voie un **résumé** de nos échanges (les thèmes, pas tes messages) pour mieux t'accompagner ? Réponds **PARTAGE OUI** ou **PARTAGE NON** — tu pourras changer d'avis à tout moment.",
  consentGrantedWithPending: "Merci, c'est noté ✅ Je regarde ta question de tout à l'heure.",
  consentRefused:
    "D'accord, je ne traiterai pas tes messages. Si tu changes d'avis, écris simplement **OUI**. Pour parler à un humain de NQT, contacte ton chargé de mission.",
  stop: (c: CharterCopyContext) =>
    `C'est noté : je ne traite plus tes messages et je ne t'écrirai plus. Tes échanges passés restent conservés ${c.retentionDays} jours au plus, puis sont supprimés ; si tu veux les effacer dès maintenant, écris **SUPPRIMER**. Pour revenir, écris **OUI** à tout moment.`,
  shareOn: "C'est noté ✅ Ton mentor pourra voir un résumé de nos échanges (les thèmes, pas tes messages). Écris PARTAGE NON pour changer d'avis.",
  shareOff: "C'est noté ✅ Ton mentor ne verra pas de résumé de nos échanges. Écris PARTAGE OUI si tu changes d'avis.",
  help: [
    "Voici ce que tu peux m'écrire :",
    '- Ta question, avec tes mots (CV, entretien, stage, alternance, le programme NQT…)',
    '- **MENTOR** : parler à ton mentor ou à un humain de NQT',
    '- **SIGNALER** (+ raison) : signaler ma dernière réponse si elle est fausse, biaisée ou inadaptée',
    '- **ALERTE** : signaler un harcèlement ou un manquement à la charte, en toute confidentialité',
    '- **PROFIL** : voir et corriger ton profil',
    '- **PARTAGE OUI / NON** : autoriser ou non ton mentor à voir un résumé',
    '- **MES DONNÉES** : recevoir ce que je garde sur toi',
    '- **SUPPRIMER** : effacer tous tes échanges',
    '- **STOP** : arrêter',
    '- **CHARTE** : comment je fonctionne',
  ].join('\n'),
  charter: (c: CharterCopyContext) =>
    [
      "**Comment ça marche ?** Je suis MAIA, un service assisté par l'IA de NQT. Je ne suis pas un humain et je ne remplace pas ton mentor.",
      "1. Je cherche d'abord dans les documents de NQT. 2. S'ils ne suffisent pas, dans des sources publiques officielles (service-public.fr, France Travail…). 3. Sinon, je te dis honnêtement que je ne peux pas répondre et je te propose un humain.",
      "Chaque réponse indique ses sources. Je peux me tromper : vérifie les informations importantes et parles-en avec ton mentor avant toute décision.",
      `Tes données : échanges chiffrés, gardés ${c.retentionDays} jours au plus, jamais vendus. Tu peux les consulter (MES DONNÉES) ou les effacer (SUPPRIMER). Contact : ${c.dpo}.`,
      "Une réponse te semble fausse ou blessante ? Écris **SIGNALER**. Un harcèlement ? Écris **ALERTE**. Besoin d'un humain ? Écris **MENTOR**.",
    ].join('\n\n'),
  deleteConfirm:
    "Tu veux effacer **tous tes échanges** avec MAIA (messages, réponses, signalements) ? C'est définitif. Réponds **OUI** pour confirmer, ou **NON** pour annuler.",
  deleteCancelled: "D'accord, rien n'a été supprimé.",
  deleted: (n: { messages: number; traces: number; feedback: number; escalations: number }) =>
    `C'est fait ✅ J'ai effacé ${n.messages} message(s), ${n.traces} trace(s) de réponse, ${n.feedback} signalement(s) et ${n.escalations} demande(s) d'aide. Il ne reste qu'une trace anonyme que l'effacement a eu lieu. Tu peux continuer à m'écrire quand tu veux.`,
  reportThanks:
    "Merci pour ton signalement 🙏 Il est transmis à l'équipe NQT qui relira ma réponse pour l'améliorer. Si tu as besoin d'une réponse fiable rapidement, écris MENTOR.",
  reportNothing: "Je n'ai pas trouvé de réponse récente à signaler. Tu peux m'expliquer le problème en écrivant SIGNALER suivi de ta remarque.",
  feedbackUp: 'Merci pour ton retour 🙂',
  feedbackDown: "Merci, c'est noté. Dis-moi ce qui n'allait pas en écrivant SIGNALER + ta remarque, ou écris MENTOR pour parler à un humain.",
  thanks: "Avec plaisir 🙂 N'hésite pas si tu as une autre question.",
  greeting: "Salut 👋 Pose-moi ta question (CV, entretien, stage, alternance, programme NQT…) ou écris AIDE pour voir ce que je sais faire.",
  sensitiveReminder:
    "🔒 Petit rappel : j'ai masqué des informations personnelles sensibles de ton message. Évite de les partager ici — je peux t'aider sans elles.",
  misuse:
    "Je ne peux pas t'aider sur cette demande. Je suis là pour ta recherche d'emploi et ton parcours avec NQT : pose-moi une question sur ces sujets, ou écris MENTOR pour parler à un humain.",
  suspended: (c: CharterCopyContext) =>
    `Ton accès à MAIA est suspendu pour le moment, après une décision de l'équipe NQT. Si tu penses que c'est une erreur, tu peux la contester en écrivant à ton chargé de mission ou à ${c.dpo}. Tu peux toujours écrire SUPPRIMER ou STOP.`,
  crisis: [
    "Je suis vraiment désolé que tu traverses ça. Tu n'es pas seul·e, et tu mérites d'être aidé·e tout de suite par des personnes formées :",
    '📞 **3114** — prévention du suicide, gratuit, 24 h/24 et 7 j/7',
    '🚨 **17** (police) ou **112** si tu es en danger immédiat',
    '📞 **3919** — violences faites aux femmes, gratuit et anonyme',
    '📞 **119** — enfance en danger (moins de 18 ans)',
    '💬 **114** — par SMS, si tu ne peux pas parler',
    "J'ai aussi prévenu ton chargé de mission NQT pour qu'un humain te recontacte rapidement. Je ne suis qu'une IA : appelle l'un de ces numéros maintenant si tu en as besoin.",
  ].join('\n'),
  profileAsk: {
    lookingFor: "Pour mieux t'aider (facultatif) : tu cherches plutôt un **stage**, une **alternance**, un **CDD** ou un **CDI** ? Tu peux aussi me poser directement ta question.",
    city: "Et dans quelle **ville** (ou région) cherches-tu ? (facultatif)",
  },
  profileNoted: 'Noté ✅',
  profileDone: "Merci, c'est noté ✅ J'en tiendrai compte dans mes conseils. Tu peux voir ou corriger ton profil avec PROFIL. Pose-moi ta question quand tu veux !",
  profileSkipped: "Pas de souci 🙂 Pose-moi ta question quand tu veux. (Tu pourras compléter ton profil plus tard avec PROFIL.)",
  criticalThinking:
    "💡 C'est une décision importante : vérifie ces informations (sources ci-dessous) et prends le temps d'en parler avec ton mentor avant de décider.",
  moderationBlocked:
    "Je préfère ne pas répondre à cette question moi-même : elle mérite l'avis d'un humain. Écris **MENTOR** pour que ton mentor ou ton chargé de mission te réponde.",
} as const;
