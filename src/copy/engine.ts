/** What the engine itself says (French, tutoiement for youths, vouvoiement for staff). */
export const engineCopy = {
  empty: "Je n'ai pas reçu de texte 🙂 Écris-moi ta question et je te réponds.",
  tooLong: (max: number) =>
    `Ton message est très long (plus de ${max} caractères) et je risque de mal le comprendre. Peux-tu me poser ta question en quelques phrases ?`,
  voiceUnsupported: 'Je ne peux pas encore écouter les vocaux, écris-moi ton message 🙏',
  mediaWithoutText: "J'ai bien reçu ton fichier, mais je ne sais pas encore lire les images ni les documents. Écris-moi ta question en quelques mots 🙂",
  kindUnsupported: "Je ne sais pas encore lire ce type de message. Écris-moi ta question en quelques mots et je te réponds 🙂",
  unknownTeamsUser:
    "Bonjour, je ne vous trouve pas dans l'annuaire des mentors de NQT. Si vous êtes mentor ou chargé·e de mission, demandez à l'équipe NQT de vous ajouter ; en attendant je ne peux pas traiter vos demandes.",
  teamsWelcome:
    "Bonjour, je suis Super Mentor IA, l'assistant des mentors NQT (service assisté par l'IA). Je peux répondre à vos questions sur le mentorat, et vous aider à suivre vos jeunes : écrivez « mes jeunes », « suivi », « synthèse <prénom> », « profil <prénom> » ou « rdv fait avec <prénom> ». Mes réponses sont des aides à la réflexion : vous restez décisionnaire.",
  answerFailed:
    "Désolé, je n'arrive pas à répondre pour le moment à cause d'un souci technique. Réessaie dans quelques minutes, ou écris MENTOR pour parler à un humain.",
  answerFailedMentor:
    "Désolé, je n'arrive pas à répondre pour le moment à cause d'un souci technique. Réessayez dans quelques minutes.",
} as const;
