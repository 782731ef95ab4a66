import { describe, it, expect } from 'vitest';
import { parseIntent, parseMentorIntent, isYes, isNo, type IntentKind, type MentorIntent } from '../../src/charter/intents.js';
import { questionForAnswering } from '../../src/charter/question.js';

const YOUTH: readonly [text: string, kind: IntentKind][] = [
  // help
  ['AIDE', 'help'], ['aide', 'help'], ['Aide moi', 'help'], ['aide-moi !', 'help'], ['MENU', 'help'],
  ['?', 'help'], ['aide ?', 'help'], ['help', 'help'], ["qu'est-ce que tu sais faire ?", 'help'],
  // charter
  ['CHARTE', 'charter'], ['la charte', 'charter'], ['Comment ça marche ?', 'charter'], ["c'est quoi maia", 'charter'],
  ["t'es un robot ?", 'charter'], ['tes un robot', 'charter'], ['tu es une IA ?', 'charter'], ['qui es-tu ?', 'charter'],
  ['je parle à un humain ou à un robot ?', 'charter'], ['chartes', 'charter'], ["c'est quoi la charte ?", 'charter'],
  ['est-ce que mes données sont partagées ?', 'charter'], ["t'es qui toi", 'charter'],
  // delete
  ['SUPPRIMER', 'delete'], ['SUPRIMER', 'delete'], ['supprimé', 'delete'], ['supprime mes données', 'delete'],
  ['efface tout', 'delete'], ['supprimer mes échanges', 'delete'], ['je veux supprimer mes donnees stp', 'delete'],
  ['Bonjour, tu peux effacer notre conversation ?', 'delete'], ['suprime tout', 'delete'], ["droit à l'oubli", 'delete'],
  ['comment supprimer mes données ?', 'delete'],
  // my_data
  ['MES DONNÉES', 'my_data'], ['mes donnees', 'my_data'], ['mes donées', 'my_data'], ['quelles données tu as sur moi ?', 'my_data'],
  ["qu'est-ce que tu sais sur moi", 'my_data'], ['je veux voir mes données', 'my_data'], ['tu gardes mes messages ?', 'my_data'],
  // stop
  ['STOP', 'stop'], ['stop', 'stop'], ['Stop !', 'stop'], ['arrête', 'stop'], ['désinscription', 'stop'],
  ['je ne veux plus recevoir de messages', 'stop'], ['jveux plus recevoir de messages', 'stop'], ["arrête de m'écrire", 'stop'],
  ['me désinscrire', 'stop'], ["ne m'écris plus", 'stop'],
  // report
  ['SIGNALER', 'report'], ['signaler faux', 'report'], ["signaler c'est pas à jour", 'report'], ['réponse fausse', 'report'],
  ['ta réponse est fausse', 'report'], ["c'est faux", 'report'], ['signaler', 'report'], ['SIGNALE raciste', 'report'],
  // human
  ['MENTOR', 'human'], ['HUMAIN', 'human'], ['CONSEILLER', 'human'], ["je veux parler à quelqu'un", 'human'],
  ['je peux parler à mon parrain ?', 'human'], ['un vrai humain stp', 'human'], ['passe moi mon mentor', 'human'],
  ['contacter ma marraine', 'human'], ['parler au chargé de mission', 'human'], ['je veux parler à un humain', 'human'],
  ['mentor stp', 'human'], ['je voudrais discuter avec ma conseillère', 'human'], ['je veux parler à mon mentor de mon entretien', 'human'],
  ['conseillé', 'human'], ['humin', 'human'], ['je veux parler à un conseiller NQT', 'human'],
  // alert
  ['ALERTE', 'alert'], ['je veux signaler un harcèlement', 'alert'], ['mon mentor me harcèle', 'alert'],
  ["mon parrain m'a fait des avances, je veux parler à quelqu'un", 'alert'], ['ma marraine me met mal à l’aise', 'alert'],
  ['je suis harcelée par mon mentor', 'alert'], ['harcèlement', 'alert'], ['mon collègue me harcèle', 'alert'], ['alerte : mon mentor m’envoie des messages bizarres', 'alert'],
  // profile
  ['PROFIL', 'profile'], ['mon profil', 'profile'], ['modifier mon profil', 'profile'], ['profile', 'profile'], ['je veux mettre à jour mon profil', 'profile'],
  // share
  ['PARTAGE OUI', 'share_on'], ['partage oui', 'share_on'], ['ok pour partager avec mon mentor', 'share_on'], ["j'accepte le partage", 'share_on'],
  ['PARTAGE NON', 'share_off'], ['je veux pas que mon mentor voie', 'share_off'], ['je ne veux pas que ma marraine voie nos échanges', 'share_off'],
  ['ne partage pas avec mon mentor', 'share_off'],
  // consent
  ['oui', 'consent_yes'], ['Oui !', 'consent_yes'], ['ok', 'consent_yes'], ['OK', 'consent_yes'], ["d'accord", 'consent_yes'],
  ['dac', 'consent_yes'], ["j'accepte", 'consent_yes'], ["je suis d'accord", 'consent_yes'], ['vas-y', 'consent_yes'],
  ['👍', 'consent_yes'], ['✅', 'consent_yes'], ['👍🏽', 'consent_yes'], ['ouiii 😊', 'consent_yes'], ['ok merci', 'consent_yes'],
  ['ouais', 'consent_yes'], ['daccord', 'consent_yes'],
  ['OUI JE VEUX', 'consent_yes'], ['non', 'consent_no'], ['Non.', 'consent_no'], ['je refuse', 'consent_no'], ['👎', 'consent_no'], ['non merci', 'consent_no'],
  ['nan', 'consent_no'], ['pas d’accord', 'consent_no'],
  // thanks
  ['merci', 'thanks'], ['mrc', 'thanks'], ['thx', 'thanks'], ['🙏', 'thanks'], ['merci beaucoup !', 'thanks'], ['mercii', 'thanks'],
  ['merci pour ton aide', 'thanks'], ['cimer', 'thanks'], ['merci, au revoir', 'thanks'], ["Tu t'es trompé", 'report'],
  // greeting
  ['salut', 'greeting'], ['slt', 'greeting'], ['Bonjour', 'greeting'], ['cc', 'greeting'], ['wesh', 'greeting'], ['hello', 'greeting'],
  ['salut ça va ?', 'greeting'], ['au revoir', 'greeting'], ['bonne soirée !', 'greeting'], ['bonjour maia', 'greeting'], ['coucou !', 'greeting'],
  // questions, including sentences that contain a command word
  ["stop, j'ai une question sur mon cv", 'question'], ['oui mais comment je fais un cv ?', 'question'],
  ['aide moi à faire mon CV', 'question'], ['comment supprimer une ligne de mon CV ?', 'question'],
  ['mon profil LinkedIn est-il bien ?', 'question'], ['comment trouver un mentor ?', 'question'],
  ["c'est quoi le rôle du mentor ?", 'question'], ['Bonjour, comment préparer un entretien ?', 'question'],
  ['non je voulais dire en CDI', 'question'], ['merci, et pour la lettre de motivation ?', 'question'],
  ['comment ça marche pour postuler chez Orange ?', 'question'], ['je dois arrêter mon stage ?', 'question'],
  ['comment signaler un problème à la RH ?', 'question'], ["c'est faux ?", 'question'],
  ['ta réponse est top', 'question'], ['', 'question'],
];

describe('parseIntent', () => {
  it.each(YOUTH)('%s → %s', (text, kind) => {
    expect(parseIntent(text).kind).toBe(kind);
  });
});

describe('parseIntent — report reasons and text', () => {
  it.each([
    ['signaler faux', 'inexacte', 'faux'],
    ["signaler c'est pas à jour", 'obsolete', "c'est pas à jour"],
    ['SIGNALER : réponse raciste', 'biaisee', 'réponse raciste'],
    ['signaler réponse déplacée', 'inappropriee', 'réponse déplacée'],
    ['signaler il manque les délais', 'incomplete', 'il manque les délais'],
    ['signaler bof', 'autre', 'bof'],
    ['Signalé obsolète', 'obsolete', 'obsolète'],
  ] as const)('%s → %s', (text, reason, comment) => {
    expect(parseIntent(text)).toEqual({ kind: 'report', reason, text: comment });
  });

  it('has no text when SIGNALER is alone', () => {
    expect(parseIntent('SIGNALER')).toEqual({ kind: 'report', reason: 'autre' });
  });

  it('keeps the whole message for a natural report', () => {
    expect(parseIntent("Ta réponse est fausse, c'est 2 mois")).toEqual({
      kind: 'report', reason: 'inexacte', text: "Ta réponse est fausse, c'est 2 mois",
    });
  });

  it('passes the original message on an alert', () => {
    expect(parseIntent('Mon mentor me harcèle depuis 2 semaines')).toEqual({
      kind: 'alert', text: 'Mon mentor me harcèle depuis 2 semaines',
    });
  });
});

describe('isYes / isNo', () => {
  it.each(['oui', 'OUI', 'Oui !', 'ok', 'okay', "d'accord", 'dac', 'je suis d’accord', 'vas-y', '👍', '✅ ', 'yes', 'ouais', 'bien sûr'])(
    'isYes(%s)', (text) => {
      expect(isYes(text)).toBe(true);
      expect(isNo(text)).toBe(false);
    },
  );

  it.each(['non', 'NON', 'nan', 'je refuse', '👎', 'non merci', 'pas question', 'je veux pas'])('isNo(%s)', (text) => {
    expect(isNo(text)).toBe(true);
    expect(isYes(text)).toBe(false);
  });

  it.each(['oui mais comment je fais ?', 'non je voulais dire en CDI', 'ok et pour le salaire ?', '👍 mais pourquoi', 'bonjour'])(
    'neither yes nor no: %s', (text) => {
      expect(isYes(text)).toBe(false);
      expect(isNo(text)).toBe(false);
    },
  );
});

const MENTOR: readonly [text: string, intent: MentorIntent][] = [
  ['mes jeunes', { kind: 'my_youths' }],
  ['Mes filleuls', { kind: 'my_youths' }],
  ['mes mentorés ?', { kind: 'my_youths' }],
  ['liste de mes filleules', { kind: 'my_youths' }],
  ['profil Inès', { kind: 'profile', name: 'Inès' }],
  ['profil ines', { kind: 'profile', name: 'ines' }],
  ["profil d'Inès Martin", { kind: 'profile', name: 'Inès Martin' }],
  ['Synthèse Inès', { kind: 'summary', name: 'Inès' }],
  ['synthese ines 30 jours', { kind: 'summary', name: 'ines', period: { days: 30 } }],
  ['résumé de Yanis ce mois-ci', { kind: 'summary', name: 'Yanis', period: { days: 30 } }],
  ['synthèse Inès depuis 2 semaines', { kind: 'summary', name: 'Inès', period: { days: 14 } }],
  ['synthse Jean-Pierre sur 7 jours', { kind: 'summary', name: 'Jean-Pierre', period: { days: 7 } }],
  ['bilan de Yanis cette semaine', { kind: 'summary', name: 'Yanis', period: { days: 7 } }],
  ['synthèse des 3 derniers mois pour Inès', { kind: 'summary', name: 'Inès', period: { days: 90 } }],
  ['suivi', { kind: 'follow_up' }],
  ["qu'est-ce qui demande mon attention ?", { kind: 'follow_up' }],
  ['rdv fait avec Inès', { kind: 'meeting', name: 'Inès' }],
  ['rendez-vous avec Yanis hier : CV revu', { kind: 'meeting', name: 'Yanis', note: 'CV revu' }],
  ["J'ai eu un point avec Inès : on a travaillé sa lettre", { kind: 'meeting', name: 'Inès', note: 'on a travaillé sa lettre' }],
  ['rendre la main', { kind: 'handback' }],
  ['fin de relais', { kind: 'handback' }],
  ['Je rends la main à MAIA', { kind: 'handback' }],
  ['répondre à Inès : Bravo pour ton entretien !', { kind: 'relay', name: 'Inès', text: 'Bravo pour ton entretien !' }],
  ["dire à Yanis : je t'appelle demain à 18h", { kind: 'relay', name: 'Yanis', text: "je t'appelle demain à 18h" }],
  ['Réponds à Inès: OK pour jeudi, c’est noté', { kind: 'relay', name: 'Inès', text: 'OK pour jeudi, c’est noté' }],
  ['aide', { kind: 'help' }],
  ['?', { kind: 'help' }],
  ['Comment aider un jeune qui doute de lui ?', { kind: 'question' }],
  ['Quelle est la durée légale de la période d’essai ?', { kind: 'question' }],
];

describe('parseMentorIntent', () => {
  it.each(MENTOR)('%s', (text, intent) => {
    expect(parseMentorIntent(text)).toEqual(intent);
  });
});

describe('apostrophes dropped inside words, as typed on a phone', () => {
  it.each(['je veux parler a quelqu un', 'jveux parler a quelqu un de nqt', 'je peux parler à quelqu un stp'])('%s → human', (text) => {
    expect(parseIntent(text).kind).toBe('human');
  });
});

describe('questionForAnswering: who asks is not part of the question', () => {
  it.each([
    ['Je m’appelle Mohamed, comment je prépare un entretien ?', 'comment je prépare un entretien ?'],
    ['Salut, moi c’est Lucas, j’habite à la campagne, comment faire un CV ?', 'j’habite à la campagne, comment faire un CV ?'],
    ['Je suis Kévin, un homme de 28 ans, comment négocier ?', 'un homme de 28 ans, comment négocier ?'],
    ['bonjour je m appelle Fatoumata Diallo. je cherche une alternance', 'je cherche une alternance'],
    ['je suis perdue, comment faire un CV ?', 'je suis perdue, comment faire un CV ?'],
    ['Comment préparer un entretien chez Decathlon ?', 'Comment préparer un entretien chez Decathlon ?'],
    ['Je m’appelle Aïcha et [donnée masquée: religion], comment trouver un stage ?', 'comment trouver un stage ?'],
  ])('%s', (input, expected) => {
    expect(questionForAnswering(input)).toBe(expected);
  });
});
