/** Escalation wording: tutoiement to the youth, vouvoiement to staff. */

export type EscalationKind = 'human' | 'alert' | 'crisis' | 'review';

const KIND_LABEL: Record<EscalationKind, string> = {
  human: "Demande à parler à un humain",
  alert: 'Alerte confidentielle (harcèlement / manquement à la charte)',
  crisis: 'Détresse signalée — urgent',
  review: 'Compte à relire (usages inappropriés répétés)',
};

export const escalationCopy = {
  kindLabel: (k: EscalationKind) => KIND_LABEL[k],
  toYouth: {
    mentor: (name: string, hours: number) =>
      `C'est transmis ✅ J'ai prévenu **${name}**, ton mentor NQT. Tu devrais avoir une réponse sous ${hours} h environ ; sinon ton chargé de mission prendra le relais. En attendant, tu peux continuer à me poser tes questions.`,
    cdm: (name: string, hours: number) =>
      `C'est transmis ✅ J'ai prévenu **${name}**, ton chargé de mission NQT. Tu devrais avoir une réponse sous ${hours} h environ.`,
    team: (hours: number) =>
      `C'est transmis ✅ J'ai prévenu l'équipe des chargés de mission NQT. Quelqu'un te répondra sous ${hours} h environ.`,
    alert:
      "Ton alerte est transmise ✅ de façon **confidentielle** à l'équipe d'alerte de NQT — pas à ton mentor. Quelqu'un de cette équipe te recontactera rapidement. Si tu es en danger, appelle le 17 ou le 112.",
    acknowledged: (name: string) => `**${name}** a bien reçu ta demande et va revenir vers toi 🙂`,
    resolved: (name: string) => `${name} a indiqué que ta demande est traitée. Si ce n'est pas le cas, écris MENTOR.`,
  },
  toStaff: {
    title: (kind: EscalationKind, youth: string) =>
      kind === 'crisis' ? `🚨 URGENT — ${youth} a peut-être besoin d'aide immédiate` : kind === 'alert' ? `Alerte confidentielle de ${youth}` : kind === 'review' ? `À relire : compte de ${youth}` : `${youth} souhaite parler à un humain`,
    reminder: (youth: string, minutes: number) => `⏰ Sans prise en charge depuis ${formatDelay(minutes)} : la demande de ${youth} attend toujours.`,
    told: 'Ce qui a été dit au jeune',
    noExcerpt: "(message non partagé : le jeune n'a pas donné son accord au partage)",
    ack: 'Je prends en charge',
    resolve: 'Résolu',
    ackDone: (youth: string) => `Merci, c'est noté : vous avez pris en charge la demande de ${youth}. Le jeune en est informé. Pour lui répondre via MAIA : « répondre à ${youth} : votre message ».`,
    resolveDone: (youth: string) => `Merci, la demande de ${youth} est marquée comme résolue.`,
    notAllowed: "Cette demande ne vous est pas attribuée : je ne peux pas l'enregistrer à votre nom.",
    unknown: 'Je ne retrouve pas cette demande (elle a peut-être été supprimée à la demande du jeune).',
    relayed: (youth: string) => `Message transmis à ${youth}, signé de votre nom (pas de l'IA). Je reste en retrait dans cette conversation jusqu'à ce que vous écriviez « rendre la main ».`,
    handback: (youth: string) => `C'est noté : MAIA reprend la conversation avec ${youth}.`,
    youthSays: (youth: string) => `${youth} vous écrit (relais MAIA) :`,
    relayUnknown: (name: string) => `Je ne trouve pas ${name} parmi vos jeunes.`,
  },
};

function formatDelay(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  return `${Math.round(minutes / 60)} h`;
}
