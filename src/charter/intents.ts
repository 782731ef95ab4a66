/**
 * Command parsing for the charter's user rights and the mentor's Teams commands.
 *
 * Youths type commands the way they type everything (« SUPRIMER », « mes
 * donnees », « un vrai humain stp »), so matching runs on the canonical form
 * (safety/normalize), with words of 5+ letters corrected to the command
 * vocabulary when one edit away. A command must make up the whole message
 * (polite fillers aside): « stop, j'ai une question sur mon cv » is a question.
 * Harassment reports are the exception — they are caught anywhere, and win
 * over a request for a human, because they go to NQT's alert channel.
 */
import { distance } from 'fastest-levenshtein';
import { normalizeForMatch, normalizeWithOffsets, toSourceRange, type NormalizedText } from '../safety/normalize.js';

export type ReportReason = 'inexacte' | 'biaisee' | 'inappropriee' | 'incomplete' | 'obsolete' | 'autre';

export type Intent =
  | { kind: 'help' }
  | { kind: 'charter' }
  | { kind: 'delete' }
  | { kind: 'my_data' }
  | { kind: 'stop' }
  | { kind: 'report'; reason: ReportReason; text?: string }
  | { kind: 'human' }
  | { kind: 'alert'; text: string }
  | { kind: 'profile' }
  | { kind: 'share_on' }
  | { kind: 'share_off' }
  | { kind: 'consent_yes' }
  | { kind: 'consent_no' }
  | { kind: 'thanks' }
  | { kind: 'greeting' }
  | { kind: 'question' };

export type IntentKind = Intent['kind'];

// ---------------------------------------------------------------------------
// Typo tolerance

const VOCABULARY = [
  'supprimer', 'supprime', 'supprimes', 'supprimez', 'effacer', 'efface', 'effaces', 'signaler', 'signale',
  'donnees', 'conseiller', 'conseillere', 'humain', 'humaine', 'mentor', 'marraine', 'parrain', 'profil',
  'profils', 'partage', 'partager', 'charte', 'alerte', 'alertes', 'alerter', 'harcele', 'harcelement',
  'desinscription', 'desinscrire', 'historique', 'echanges', 'messages', 'accepte', 'accepter', 'merci',
  'bonjour', 'bonsoir', 'salut', 'coucou', 'hello', 'arrete', 'arreter', 'reponse', 'reponses', 'fausse',
  'incorrecte', 'inexacte', 'obsolete', 'incomplete', 'inappropriee', 'biaisee', 'robot', 'robots',
  'personne', 'contacter', 'parler', 'discuter', 'accord', 'refuse', 'volontiers', 'parfait', 'informations',
  'synthese', 'resume', 'filleuls', 'filleules', 'mentores', 'mentorees', 'rendez', 'relais', 'attention',
  'jeunes', 'semaines', 'derniers', 'dernieres',
];
// Real words one edit away from a command word, which must never be "corrected".
const PROTECTED = new Set([
  'charge', 'chargee', 'profit', 'parle', 'parles', 'parlez', 'donner', 'mentir', 'menton', 'message',
  'salue', 'saluer', 'signal', 'arret', 'mentors', 'mentore', 'jeune', 'humains', 'resumer', 'resumes',
  'personnes', 'accords', 'derniere', 'dernier', 'semaine', 'refuser', 'refuses', 'parrains', 'marraines',
]);
const VOCAB_SET = new Set(VOCABULARY);

/**
 * The vocabulary word one edit away from `word` (5+ letters), else `word` itself.
 * Several candidates are forms of one command word (« effacr » → effacer/efface),
 * so the first listed wins.
 */
function correctWord(word: string): string {
  if (word.length < 5 || VOCAB_SET.has(word) || PROTECTED.has(word)) return word;
  return VOCABULARY.find((v) => Math.abs(v.length - word.length) <= 1 && distance(v, word) <= 1) ?? word;
}

const WORD_RE = /[\p{L}']+/gu;

function correctTypos(text: string): string {
  return text.replace(WORD_RE, correctWord);
}

/** Same as correctTypos, keeping the map to the original text (a corrected word maps to the typed one). */
function correctMapped(n: NormalizedText): NormalizedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const copy = (from: number, to: number): void => {
    text += n.text.slice(from, to);
    for (let k = from; k < to; k++) {
      starts.push(n.starts[k] ?? 0);
      ends.push(n.ends[k] ?? 0);
    }
  };
  let last = 0;
  for (const m of n.text.matchAll(WORD_RE)) {
    const from = m.index;
    const to = from + m[0].length;
    copy(last, from);
    const fixed = correctWord(m[0]);
    if (fixed === m[0]) copy(from, to);
    else {
      text += fixed;
      for (let k = 0; k < fixed.length; k++) {
        starts.push(n.starts[from] ?? 0);
        ends.push(n.ends[to - 1] ?? 0);
      }
    }
    last = to;
  }
  copy(last, n.text.length);
  return { source: n.source, text, starts, ends };
}

// ---------------------------------------------------------------------------
// Youth side

/** Punctuation and emoji removed: the words the youth typed, canonical and corrected. */
function bareWords(normalized: string): string {
  return correctTypos(normalized.replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim());
}

const LEAD_FILLERS = /^(?:(?:maia|bonjour|salut|hello|coucou|cc|wesh|hey|yo|bonsoir|euh|bon|alors|dis moi|excuse moi|pardon|s'il te plait|s'il vous plait|please|re) )+/;
const TRAIL_FILLERS = /(?: (?:s'il te plait|s'il vous plait|please|merci|merci beaucoup|merci bien|merci de avance|vite|stp|svp|urgent|maintenant|tout de suite|rapidement))+$/;

/** Polite words around a command are not part of it (« Bonjour, SUPPRIMER stp »). */
function stripFillers(bare: string): string {
  const stripped = bare.replace(LEAD_FILLERS, '').replace(TRAIL_FILLERS, '').trim();
  return stripped.length > 0 ? stripped : bare;
}

const anchored = (body: string): RegExp => new RegExp(`^(?:${body})$`);

const YES_EMOJI = /^(?:👍|✅|👌|🆗|✔|☑|🤝|💯|🙆)+$/u;
const NO_EMOJI = /^(?:👎|❌|🙅|✖|⛔|🚫)+$/u;
const THANKS_EMOJI = /^(?:🙏|🤗|😘|❤|💙|💜|🫶)+$/u;
const GREETING_EMOJI = /^(?:👋|🖐|✋)+$/u;

const YES_RE = anchored('oui|oui oui|oui je veux|oui je veux bien|je veux bien|oui avec plaisir|yes|yep|yeah|ok|okay|oki|okk|okey|ouki|ok ok|oui ok|ok oui|de accord|de accord oui|oui de accord|tout a fait|bien sur|oui bien sur|bien sur que oui|carrement|volontiers|avec plaisir|parfait|ca marche|ce est bon|ce est ok|ce est parti|go|vas y|allez y|allons y|je accepte|oui je accepte|accepte|je suis de accord|oui je suis de accord|valide|je valide|confirme|je confirme|absolument|exactement|evidemment|entendu|ca me va|si|ouep|ok pour moi|oui pour moi|ce est bon pour moi');
const NO_RE = anchored('non|nan|no|nope|non non|pas du tout|surtout pas|jamais|pas question|hors de question|je refuse|refuse|non je refuse|je ne accepte pas|je accepte pas|pas de accord|je ne suis pas de accord|je suis pas de accord|je ne veux pas|je veux pas|non je veux pas|non je ne veux pas|absolument pas|certainement pas|niet|pas maintenant|non pas maintenant|ca va pas|ca me va pas|ne accepte pas');

function emojiOnly(text: string): string {
  return text.replace(/[\s\uFE0F\u200D\u{1F3FB}-\u{1F3FF}]/gu, '');
}

/** True when the whole message is an agreement (« oui », « OK ! », « dac », « 👍 »). */
export function isYes(text: string): boolean {
  const e = emojiOnly(text);
  if (e.length > 0 && YES_EMOJI.test(e)) return true;
  return YES_RE.test(stripFillers(bareWords(normalizeForMatch(text))));
}

/** True when the whole message is a refusal (« non », « je refuse », « 👎 »). */
export function isNo(text: string): boolean {
  const e = emojiOnly(text);
  if (e.length > 0 && NO_EMOJI.test(e)) return true;
  return NO_RE.test(stripFillers(bareWords(normalizeForMatch(text))));
}

const STAFF = '(?:mentor|mentore|mentors|parrain|marraine|charge de mission|chargee de mission|conseiller|conseillere|tuteur|tutrice|benevole|referent|referente|coach)';

// Reports of harassment or misconduct: matched anywhere in the message.
const ALERT_RES: readonly RegExp[] = [
  /^alerte\b|^je (?:veux|voudrais|dois) (?:lancer|faire|envoyer|donner) (?:une|la) alerte\b/,
  /\b(?:signaler|signale|denoncer|denonce|rapporter|declarer|reporter) (?:un |une |des |du |le |la |les |de la )?(?:harcelement|cas de harcelement|agression|abus|violence|violences|comportement (?:deplace|inapproprie|bizarre|genant|limite|grave|anormal)|manquement|attouchement|propos (?:deplaces|sexistes|racistes|homophobes|inappropries)|fait grave|faits graves|probleme (?:grave )?avec (?:mon|ma) \w+|situation de harcelement)/,
  new RegExp(`\\b(?:mon|ma|le|la|un|une) ${STAFF} (?:me |nous )?(?:a |ont )?(?:harcel\\w*|drague\\w*|menace\\w*|insulte\\w*|touche\\w*|tripote\\w*|agresse\\w*|frappe\\w*|humilie\\w*|fait des avances|a fait des avances|met mal a le aise|a mis mal a le aise|fait du chantage|envoie des (?:messages|photos) (?:bizarres|deplaces|sexuels|intimes|genants)|demande des photos)`),
  new RegExp(`\\bje (?:suis|me sens|me fais|ai ete|me suis fait) (?:harcelee?|harceler|agressee?|agresser|menacee?|menacer|draguee?|draguer|touchee?|toucher) par (?:mon|ma|un|une) ${STAFF}`),
  /\bje (?:suis victime|subis|ai subi) (?:de |du |un |une )?(?:harcelement|agression|abus)/,
  // Harassment by anyone goes to the alert channel too (charter: « tout type de signalements »).
  /^harcelement$|\b(?:il|elle|ils|elles|on|quelqu'un|(?:mon|ma|mes|un|une|le|la|les|des) \w+(?: \w+)?) me (?:a |ont )?harcel|\bje (?:suis|me sens|me fais|ai ete|me suis fait) harcel/,
];

const DELETE_VERB = '(?:supprimer|supprime|supprimes|supprimez|effacer|efface|effaces|effacez|detruire|detruis|oublie|oublier|oublies|vider|vide|retirer|retire|enlever|enleve|virer|vire|nettoyer|nettoie)';
const DATA_OBJ = '(?:mes donnees(?: personnelles)?|toutes mes donnees|mes infos|toutes mes infos|mes informations(?: personnelles)?|mes messages|tous mes messages|mes echanges|nos echanges|tous nos echanges|nos conversations|nos messages|notre conversation|la conversation|ma conversation|mon historique|le historique|mes conversations|tout|tout ca|mon compte|mes traces|ce que je te ai dit|tout ce que je te ai dit)';
const WANT = '(?:je veux|je voudrais|je aimerais|je souhaite|je veux que tu|je voudrais que tu|tu peux|peux tu|tu pourrais|pourrais tu|vous pouvez|pouvez vous|est ce que tu peux|est ce que je peux|je peux|merci de|il faut|faut|je demande a|je demande la)';

const DELETE_RE = anchored(`supprimer|suppression|effacer|${DELETE_VERB}(?: moi)?(?: tout)?|(?:${WANT} |comment )?(?:${DELETE_VERB}|la suppression de|suppression de)(?: moi)? ${DATA_OBJ}|droit a le oubli|(?:${WANT} )?exercer mon droit a le (?:oubli|effacement)`);
const MY_DATA_RE = anchored(`(?:${WANT} )?(?:voir |consulter |acceder a |recuperer |telecharger |avoir acces a |acces a |recevoir )?(?:mes donnees|mes donnees personnelles|mes infos|mes informations|mes infos perso)|(?:quelles|quelle|quels|que|ce que|que est ce que) (?:donnees|infos|informations)(?: personnelles)? (?:tu as|as tu|vous avez|avez vous|tu gardes|tu conserves|tu stockes|tu detiens|detiens tu|tu collectes) (?:sur moi|de moi|me concernant)|(?:que est ce que|ce que|que) tu (?:sais|connais|as|gardes|retiens|stockes) (?:sur|de) moi|tu sais quoi (?:sur|de) moi|tu (?:gardes|stockes|conserves) mes (?:donnees|infos|messages)|(?:que est ce que|que) tu fais de mes (?:donnees|infos|messages)`);
const STOP_RE = anchored(`stop|stopp|arrete|arretez|arret|unsubscribe|desinscription|desabonnement|(?:stop|arrete|arretez) (?:tout|les messages|tout ca|maia)|(?:${WANT} )?(?:me desinscrire|me desabonner|desinscris moi|desabonne moi|arreter (?:les messages|de recevoir (?:des |les )?messages|maia|le service|tout)|ne plus recevoir (?:de |les |tes |vos )?messages|que tu arretes de me ecrire)|je (?:ne )?veux plus (?:recevoir (?:de |les |tes |vos )?messages|de messages|de tes messages|que tu me ecrives|etre contactee?|utiliser maia|de maia)|(?:arrete|arretez) de me (?:ecrire|envoyer des messages|contacter|spammer|relancer)|ne me (?:ecris|contacte|relance) plus`);
const SHARE_ON_RE = anchored(`partage (?:oui|on|ok|active|activer)|partager oui|(?:oui|ok|de accord|je accepte|je suis de accord|vas y)(?: pour| de)? (?:le )?partager?(?: avec (?:mon|ma) ${STAFF})?|je accepte le partage|(?:tu peux|vous pouvez|je veux bien|je accepte de|ok pour) partager(?: mes messages| nos echanges)? avec (?:mon|ma) ${STAFF}|je veux bien que (?:mon|ma) ${STAFF} (?:voie|voit|lise|ait acces)(?: a)?(?: mes messages| nos echanges)?|(?:mon|ma) ${STAFF} peut (?:voir|lire) (?:mes messages|nos echanges)`);
const SHARE_OFF_RE = anchored(`partage (?:non|off|desactive|desactiver|stop)|partager non|(?:je (?:ne )?veux pas|je ne veux plus|je veux plus) que (?:mon|ma) ${STAFF} (?:voie|voit|voir|lise|lit|sache|ait acces|ai acces|puisse voir|regarde)(?: .*)?|(?:ne partage pas|ne partage rien|partage pas|ne partagez pas|je refuse le partage|pas de partage|stop partage|stop le partage|arrete le partage|arreter le partage|non pour le partage|non au partage)(?: .*)?`);
const PROFILE_RE = anchored(`(?:${WANT} )?(?:voir |modifier |changer |mettre a jour |mettre a le jour |completer |editer |afficher |actualiser |corriger |maj )?(?:mon |le )?profil`);
const CHARTER_RE = anchored(`(?:ce est quoi |que est ce que |lire |voir )?(?:la )?charte(?: ia| ethique| de le ia| maia)?|(?:comment|pourquoi) (?:tu utilises|vous utilisez|tu traites|sont utilisees) mes donnees|(?:est ce que )?mes (?:donnees|infos|messages) sont (?:partagee?s|vendue?s|utilisee?s|stockee?s|protegee?s|confidentiel(?:le)?s|lue?s)|(?:tu es|tes) qui toi|(?:maia )?(?:comment (?:ca|ce|tu) (?:marche|fonctionne|marches|fonctionnes)|comment fonctionne maia|ce est quoi maia|que est ce que maia|maia ce est quoi|qui es tu|tu es qui|tes qui|ce est qui|ce est quoi ce (?:bot|service|truc)|tu sers a quoi maia)|(?:tu es|tes|es tu|est ce que tu es|ce est|vous etes|etes vous|je parle a) (?:un |une )?(?:vrai |vraie )?(?:robot|bot|ia|intelligence artificielle|humain|humaine|personne|machine|chatbot|chat gpt|chatgpt|programme|ordinateur|vraie personne)(?: ou (?:a )?(?:un |une )?(?:vrai |vraie )?\\w+)?`);
const HELP_RE = anchored('aide|aidez moi|aide moi|help|menu|le menu|commandes|les commandes|liste des commandes|options|que peux tu faire|que est ce que tu sais faire|que est ce que tu peux faire|tu sers a quoi|tu fais quoi|tu peux faire quoi|comment on fait|info|infos|au secours');
const HUMAN_TARGET = `(?:(?:un |une |mon |ma |le |la |au |aux |des |quelqu'un de |une personne de |les gens de )?(?:vrai |vraie )?(?:humain|humaine|personne|vraie personne|etre humain|${STAFF}|quelqu'un|equipe|equipe nqt|nqt|gens de nqt)(?: de nqt| nqt| de le association)?)`;
const HUMAN_RE = anchored(`${HUMAN_TARGET}|(?:(?:je veux|je voudrais|je aimerais|je souhaite|je peux|est ce que je peux|est ce que on peut|on peut|puis je|tu peux|peux tu|pouvez vous|vous pouvez|il faut que je|faut que je|je dois|je prefere|ce est possible de|est ce possible de) (?:me )?)?(?:parler|discuter|echanger|causer|contacter|joindre|appeler|ecrire|avoir|voir|rencontrer|passer|mettre en (?:contact|relation))(?: a| au| aux| avec| en contact avec| en relation avec)? ${HUMAN_TARGET}(?: (?:de|pour|sur|a propos de|concernant) .*)?|(?:passe|passez|transfere|transferez|mets|mettez) moi (?:en (?:contact|relation) avec )?${HUMAN_TARGET}|(?:je veux|je voudrais) ${HUMAN_TARGET}`);
const THANKS_RE = anchored('merci|mercii|merci beaucoup|merci bien|merci infiniment|mille merci|merci mille fois|thanks|thank you|ty|cimer|merci a toi|merci maia|ce est gentil|trop gentil|top merci|super merci|parfait merci|genial merci|nickel merci|grave merci|merci pour tout|merci pour (?:ton |ta |la |les |tes |votre )?(?:aide|reponse|conseils|infos|info)|je te remercie|je vous remercie|merci (?:et )?(?:au revoir|a bientot|a plus|bonne (?:journee|soiree|nuit)|bye)');
const GREETING_RE = anchored('(?:salut|bonjour|bonsoir|cc|coucou|wesh|hello|hey|yo|salam|salem|salam aleykoum|salam alaykoum|hi|re|rebonjour|rebonsoir)(?: (?:ca va|comment ca va|comment tu vas|tu vas bien|la forme|maia|toi|a toi|a tous|tout le monde|ma belle|mon frere|frere|le sang))*|au revoir|bonne (?:journee|soiree|nuit)|a plus|a bientot|a toute|bye|ciao|tchao');

const REASONS: readonly [ReportReason, RegExp][] = [
  ['obsolete', /\b(?:pas a jour|plus a jour|pas a le jour|obsolete|perime|depasse|plus valable|date|ancienne?|a change|vieille?s? infos?|plus vrai)\b/],
  ['biaisee', /\b(?:biais\w*|discrimin\w*|raciste|sexiste|homophobe|islamophobe|cliches?|prejuges?|stereotypes?|partiale?)\b/],
  ['inappropriee', /\b(?:inappropri\w*|deplacee?|choquante?|offensante?|insultante?|vulgaire|irrespectueu\w*|blessante?|inadaptee?|malaisante?|genante?|moralisa\w*)\b/],
  ['incomplete', /\b(?:incomplete?|manque|pas complete?|partielle?|pas assez|superficielle?|trop court|vague)\b/],
  ['inexacte', /\b(?:faux|fausse|inexacte?|erreur|erronee?|incorrecte?|pas vrai|pas juste|trompe|trompee|n importe quoi|ne importe quoi|mensonge|bidon|inventee?|hallucin\w*|pas correct)\b/],
];

// Order matters: deletion and sharing phrasings contain words of later commands.
const COMMANDS: readonly [RegExp, Intent][] = [
  [DELETE_RE, { kind: 'delete' }], [MY_DATA_RE, { kind: 'my_data' }], [SHARE_OFF_RE, { kind: 'share_off' }],
  [SHARE_ON_RE, { kind: 'share_on' }], [STOP_RE, { kind: 'stop' }], [PROFILE_RE, { kind: 'profile' }],
  [CHARTER_RE, { kind: 'charter' }], [HELP_RE, { kind: 'help' }], [HUMAN_RE, { kind: 'human' }],
];

function reasonOf(words: string): ReportReason {
  return REASONS.find(([, re]) => re.test(words))?.[0] ?? 'autre';
}

// Natural ways of flagging the previous answer without the SIGNALER keyword.
const NATURAL_REPORT_RE = /^(?:(?:ta |cette |la |ton |votre |ce |ces )?(?:reponse|reponses|info|infos|information|message|conseil|conseils)(?: est| etait| ce est| sont)? (?:pas |completement |totalement |vraiment |un peu |trop |archi |)|ce est (?:completement |totalement |archi |)|mauvaise reponse|tu (?:te es|as) (?:trompee?|tort|dit une betise|dit ne importe quoi|raconte ne importe quoi))/;

function matchReport(n: NormalizedText, bare: string, hasQuestionMark: boolean): Intent | undefined {
  const head = /^[^\p{L}]*(?:je veux |je voudrais )?([\p{L}]+)/u.exec(n.text);
  const keyword = head?.[1];
  if (head && keyword && /^(?:signaler|signale|signalement)$/.test(correctTypos(keyword))) {
    const [, keyEnd] = toSourceRange(n, head.index, head.index + head[0].length);
    const rest = n.source.slice(keyEnd).replace(/^[\s:,.\-–—!]+/u, '').trim();
    const restWords = bareWords(normalizeForMatch(rest));
    return rest ? { kind: 'report', reason: reasonOf(restWords), text: rest } : { kind: 'report', reason: 'autre' };
  }
  if (hasQuestionMark || !NATURAL_REPORT_RE.test(bare)) return undefined;
  const reason = reasonOf(bare);
  // « c'est faux » must carry a reason word; « ta réponse est top » is not a report.
  if (reason === 'autre' || bare.split(' ').length > 25) return undefined;
  return { kind: 'report', reason, text: n.source.trim() };
}

/**
 * Classify a youth message as a charter command or a free question.
 * Consent replies are `consent_yes` / `consent_no`; the engine reads them as
 * confirmations when it is waiting for one (see {@link isYes}, {@link isNo}).
 */
export function parseIntent(text: string): Intent {
  const e = emojiOnly(text);
  if (e === '?') return { kind: 'help' };
  if (e.length > 0 && YES_EMOJI.test(e)) return { kind: 'consent_yes' };
  if (e.length > 0 && NO_EMOJI.test(e)) return { kind: 'consent_no' };
  if (e.length > 0 && THANKS_EMOJI.test(e)) return { kind: 'thanks' };
  if (e.length > 0 && GREETING_EMOJI.test(e)) return { kind: 'greeting' };

  const n = normalizeWithOffsets(text);
  const bare = bareWords(n.text);
  if (bare.length === 0) return { kind: 'question' };
  if (ALERT_RES.some((re) => re.test(bare))) return { kind: 'alert', text: text.trim() };

  const core = stripFillers(bare);
  const report = matchReport(n, bare, /\?/.test(n.text));
  if (report) return report;
  for (const [re, intent] of COMMANDS) {
    if (re.test(core)) return { ...intent };
  }
  if (THANKS_RE.test(bare)) return { kind: 'thanks' };
  if (YES_RE.test(core)) return { kind: 'consent_yes' };
  if (NO_RE.test(core)) return { kind: 'consent_no' };
  if (GREETING_RE.test(bare)) return { kind: 'greeting' };
  return { kind: 'question' };
}

// ---------------------------------------------------------------------------
// Mentor side (Teams, vouvoiement)

export type MentorIntent =
  | { kind: 'my_youths' }
  | { kind: 'profile'; name: string }
  | { kind: 'summary'; name: string; period?: { days: number } }
  | { kind: 'follow_up' }
  | { kind: 'meeting'; name: string; note?: string }
  | { kind: 'handback' }
  | { kind: 'relay'; name: string; text: string }
  | { kind: 'help' }
  | { kind: 'question' };

// A first name, possibly compound or followed by a family name; lazy so that what follows can match.
const NAME = "\\p{L}[\\p{L}']*(?: \\p{L}[\\p{L}']*){0,2}?";
const END = '[\\s?.!]*';
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, quinze: 15, trente: 30,
};
const UNIT_DAYS: Readonly<Record<string, number>> = { jour: 1, semaine: 7, mois: 30, an: 365 };
const PERIOD = "(?:(?:sur|depuis|pendant|pour|des|de) )?(?:les |la |le )?(?:\\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|trente) (?:derniers |dernieres )?(?:jours?|semaines?|mois|ans?)(?: derniers| dernieres)?|(?:sur |depuis |pour )?(?:ce mois ci|ce mois|cette semaine|la semaine derniere|le mois dernier|de la semaine|du mois|aujourd'hui|depuis hier|hier)";

function periodDays(words: string): number | undefined {
  const m = /(\d+|[a-z]+) (?:derniers |dernieres )?(jour|semaine|mois|an)s?\b/.exec(words);
  if (m?.[1] && m[2]) {
    const count = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS[m[1]];
    const unit = UNIT_DAYS[m[2]];
    if (count !== undefined && unit !== undefined) return count * unit;
  }
  if (/\bmois\b/.test(words)) return 30;
  if (/\bsemaine\b/.test(words)) return 7;
  if (/\bdepuis hier\b/.test(words)) return 2;
  if (/\b(?:hier|aujourd'hui)\b/.test(words)) return 1;
  return undefined;
}

interface Part {
  start: number;
  end: number;
  value: string;
}

/**
 * Match `parts` in sequence against the whole text; each part's range is
 * returned so a captured name or note can be mapped back to the original.
 * Parts must use only non-capturing groups.
 */
function matchParts(text: string, parts: readonly string[]): Part[] | undefined {
  const m = new RegExp(`^${parts.map((p) => `(${p})`).join('')}$`, 'u').exec(text);
  if (!m) return undefined;
  let pos = 0;
  return parts.map((_, i) => {
    const value = m[i + 1] ?? '';
    const part = { start: pos, end: pos + value.length, value };
    pos += value.length;
    return part;
  });
}

function original(n: NormalizedText, part: Part | undefined): string {
  if (!part || part.end <= part.start) return '';
  const [from, to] = toSourceRange(n, part.start, part.end);
  return n.source.slice(from, to).trim();
}

const YOUTHS = '(?:jeunes|filleuls|filleules|filleul e s|mentores|mentorees|binomes|mentees|protegees?)';
const WHEN = "(?: (?:hier|aujourd'hui|ce matin|cet apres midi|ce soir|avant hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|la semaine derniere|le \\d+(?: \\w+)?))?";
const MENTOR_HELP_RE = anchored('aide|help|menu|commandes|les commandes|que pouvez vous faire|que est ce que vous pouvez faire|que sais tu faire|que peux tu faire|comment ca marche');
const MY_YOUTHS_RE = anchored(`(?:(?:voir|afficher|liste de|lister|la liste de|montre moi|montrez moi|donne moi|qui sont) )?(?:mes|les|tous mes|toutes mes) ${YOUTHS}(?: suivis)?|liste des ${YOUTHS}`);
const FOLLOW_UP_RE = anchored("(?:le |mon )?suivi|points? de attention|a surveiller|(?:les )?alertes?|(?:les )?priorites|(?:que est ce qui|qu est ce qui|quoi|qui) (?:demande|necessite|requiert|merite) (?:mon|votre|notre) attention|qui a besoin de moi|quoi de neuf|y a t il des alertes|des nouvelles");
const HANDBACK_RE = anchored('(?:je )?(?:rends?|rendez|rendre|redonne|redonner|reprends|reprendre) la main(?: a maia| a le ia| a le assistant)?|(?:fin|terminer|termine|arreter|stop|arrete|je termine|je arrete|je mets fin a) (?:du |de |le |la |au )?relais|ce est bon (?:pour moi )?tu peux reprendre');

/** Classify a mentor message in Teams. Names are returned as typed; matching them is the caller's job. */
export function parseMentorIntent(text: string): MentorIntent {
  const n = correctMapped(normalizeWithOffsets(text));
  const t = n.text;
  const words = bareWords(n.text);
  if (words.length === 0 || n.text === '?') return { kind: 'help' };
  if (MENTOR_HELP_RE.test(words)) return { kind: 'help' };
  if (MY_YOUTHS_RE.test(words)) return { kind: 'my_youths' };
  if (FOLLOW_UP_RE.test(words)) return { kind: 'follow_up' };
  if (HANDBACK_RE.test(words)) return { kind: 'handback' };

  const relay = matchParts(t, [
    '(?:(?:repondre|reponds|reponse|dire|dis|ecrire|ecris|transmettre|transmets|envoyer|envoie|message|relayer|relaie|repondez|dites|ecrivez|transmettez|envoyez)(?: a| au| pour)? )',
    NAME, ' ?[:\\-–] ?', '[\\s\\S]+',
  ]);
  if (relay) {
    const body = original(n, relay[3]);
    if (body) return { kind: 'relay', name: original(n, relay[1]), text: body };
  }

  const meeting = matchParts(t, [
    "(?:je ai (?:eu|fait|vu) (?:un |le |mon )?)?(?:rdv|rendez vous|entretien|point|echange|seance|rencontre|visio|appel|call)(?: (?:fait|effectue|realise|eu|termine|ok|fini))? (?:avec|de|pour) |je ai vu ",
    NAME, WHEN, '(?: ?[:\\-–,] ?[\\s\\S]*)?', END,
  ]);
  if (meeting) {
    const note = original(n, meeting[3]).replace(/^[\s:\-–,]+/u, '').trim();
    const name = original(n, meeting[1]);
    return note ? { kind: 'meeting', name, note } : { kind: 'meeting', name };
  }

  const summary =
    matchParts(t, ['(?:la |une |un |le )?(?:synthese|resume|bilan|point|recap|recapitulatif)(?: de| du| sur| pour| concernant)? ', NAME, `(?: (?:${PERIOD}))?`, END]) ??
    reorderPeriodFirst(t);
  if (summary) {
    const name = original(n, summary[1]);
    const days = periodDays(summary[2]?.value ?? '');
    return days !== undefined ? { kind: 'summary', name, period: { days } } : { kind: 'summary', name };
  }

  const profile = matchParts(t, ['(?:(?:voir|afficher|ouvrir|montre moi|montrez moi|donne moi|donnez moi) )?(?:le |la )?(?:profil|fiche)(?: de| du)? ', NAME, END]);
  if (profile) return { kind: 'profile', name: original(n, profile[1]) };
  return { kind: 'question' };
}

/** « synthèse des 30 derniers jours pour Inès »: same parts as the usual order, name second. */
function reorderPeriodFirst(t: string): Part[] | undefined {
  const m = matchParts(t, ['(?:la |une |un |le )?(?:synthese|resume|bilan|recap) ', `(?:${PERIOD})`, ' (?:de|pour|sur|du|concernant) ', NAME, END]);
  return m && m[0] && m[1] && m[3] && m[4] ? [m[0], m[3], m[1], m[4]] : undefined;
}
