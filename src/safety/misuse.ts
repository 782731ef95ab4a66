/**
 * Misuse detection on inbound messages (charter §3: users must not solicit
 * the AI for uses contrary to NQT's mission; NQT may suspend access).
 *
 * Venting is not misuse: « c'est chiant », « putain j'ai encore été recalé »,
 * even « ce recruteur est un connard » in a longer message. Insults count when
 * aimed at the assistant (second person, « espèce de », or a bare insult).
 *
 * Patterns run on the canonical form of normalize.ts.
 */
import { asNormalized, type NormalizedText } from './normalize.js';

export type MisuseKind = 'insult' | 'harassment' | 'against_mission' | 'prompt_injection';

export interface MisuseResult {
  misuse: boolean;
  kind?: MisuseKind;
}

// Always aimed at the reader, whatever the rest of the message says.
const DIRECT_INSULT = /\b(?:ntm|nique ta (?:mere|race|soeur|famille)|ntr|ta gueule|tg|ferme ta gueule|ftg|fermes ta gueule|va te faire (?:foutre|enculer|voir|niquer)|vtff|vtfe|je te (?:nique|baise|pisse dessus|chie dessus)|suce ma|suce mon|sale (?:arabe|noir|noire|negre|juif|juive|bougnoule|renoi|rebeu|musulman|musulmane|pd|pede|gouine|chinois|chinoise|gitan|rom|immigre|blanc|blanche|francais|bot|robot|machine|ia|pute|chienne|chien))\b/;

// Insult words: only misuse when aimed at the assistant (see ADDRESSED_INSULT).
const INSULT_WORD = '(?:connard|connasse|conasse|conard|salope|salaud|pute|encule|enculee|batard|batarde|fdp|fils de pute|fils de chien|abruti|abrutie|debile|cretin|cretine|imbecile|idiot|idiote|gogol|mongol|con|conne|bouffon|bouffonne|tocard|tocarde|pd|pede|tapette|trou du cul|trouduc|merde|sous merde|clochard|baltringue|boloss|bolosse|teube|tebe|cassos|chienne|negro|negre|bougnoule|youpin|chinetoque|bicot)s?';
const INSULT_INTENSIFIER = '(?:(?:un|une|qu un|qu une|vraiment|trop|grave|completement|le plus|la plus|vrai|vraie|gros|grosse|sale|petit|petite|pauvre|putain de|espece de|de) )*';
const ADDRESSED_INSULT = new RegExp(
  `\\b(?:tu es|tu etais|tu fais|es tu|tes|t es|vous etes|espece de|pauvre|gros|grosse|sale|maia(?: tu es| est)?|ce bot est|cette ia est|le bot est|ce robot est|ton createur est|tu n es que|tu es que|tu es juste|toi le|toi la|toi) ${INSULT_INTENSIFIER}${INSULT_WORD}\\b|\\b${INSULT_WORD} (?:de|d) (?:bot|robot|ia|machine|maia|chatbot|programme|merde)\\b`,
);
// A short message made only of insults and fillers (« connard », « fdp va », « bouffon va »).
// « merde » alone is an exclamation, not an insult.
const BARE_WORD = '(?:connard|connasse|conasse|conard|salope|salaud|pute|encule|enculee|batard|batarde|fdp|fils de pute|abruti|abrutie|debile|cretin|cretine|imbecile|idiot|idiote|gogol|con|conne|bouffon|bouffonne|tocard|tocarde|pd|pede|trou du cul|boloss|cassos|teube)s?';
const BARE_INSULT = new RegExp(
  `^(?:(?:${BARE_WORD}|va|toi|maia|le bot|sale|gros|grosse|espece de|tu es|t es|tes|vraiment|trop|un|une|de|bot|robot)\\s*[!?.]*\\s*)+$`,
);
const BARE_ANCHOR = new RegExp(`\\b${BARE_WORD}\\b`);

// Sexual remarks or threats aimed at the assistant or the humans behind it.
const HARASSMENT = /\b(?:je vais te (?:violer|tuer|retrouver|buter|defoncer|baiser|niquer|egorger|planter|frapper)|je sais ou (?:tu habites|tu es|vous etes)|on va te (?:retrouver|buter|tuer)|montre(?: moi)? (?:tes seins|ton cul|tes fesses|ta chatte|ta bite|ton corps)|envoie(?: moi)? (?:des nudes|tes nudes|une photo de toi nue?|des photos de toi nue?)|(?:tu es|t es) (?:trop |tellement |vraiment |)bonne(?! (?:en|a|au|aux|pour|dans|avec|de|sur))|tu suces|tu veux (?:coucher|baiser)|couche avec moi|viens (?:on )?baiser|suce moi|tu es (?:sexy|chaude|excitante)|je bande|je te veux dans mon lit)\b/;

// Official documents whose forgery is fraud.
const OFFICIAL_DOC = '(?:diplomes?|fiches? de paie|fiches? de paye|bulletins? de (?:salaire|paie|paye)|attestations?|certificats?|releves? de notes|lettres? de recommandation|contrats? de travail|titres? de sejour|cartes? vitale|cartes? de identite|cni|papiers|passeports?|permis(?: de conduire)?|avis de imposition|justificatifs?|quittances?|arrets? (?:maladie|de travail)|certificats? de travail|attestations? (?:employeur|france travail|pole emploi|de stage)|conventions? de stage|rib)';
const FAKE_ADJ = '(?:faux|fausse|fausses|falsifiee?s?|contrefaite?s?|bidon|trafiquee?s?|truquee?s?)';
const FORGE_VERB = '(?:falsifier|falsifie|trafiquer|trafique|truquer|retoucher|retouche|photoshoper|photoshop|bidouiller|maquiller|fabriquer|fabrique|imiter|imite|contrefaire|acheter|achete|modifier|modifie|changer|change)';
const GROUP = '(?:arabes|noirs|blacks|juifs|musulmans|chretiens|femmes|meufs|homosexuels|homos|gays|pedes|lesbiennes|trans|immigres|migrants|etrangers|africains|asiatiques|chinois|roms|gitans|handicapes|blancs|maghrebins|rebeus|renois|feujs|francais|vieux|noires|arabes|gens des quartiers|gens des cites|jeunes de banlieue|banlieusards)';

const AGAINST_MISSION: readonly RegExp[] = [
  new RegExp(`\\b${FAKE_ADJ} ${OFFICIAL_DOC}\\b|\\b${OFFICIAL_DOC} ${FAKE_ADJ}\\b`),
  // « modifier/changer » only count with an intent to deceive an official document's figures.
  new RegExp(`\\b(?:falsifier|falsifie|trafiquer|trafique|truquer|retoucher|photoshoper|bidouiller|maquiller|contrefaire) (?:mon |ma |mes |un |une |des |le |la |les |ce |cette )?${OFFICIAL_DOC}\\b`),
  /\b(?:fabriquer|fabrique|creer|cree|faire|fais|generer|genere|ecrire|ecris|rediger|redige|inventer|invente)(?: moi)? (?:un |une |des |le |la )?(?:faux|fausses?) (?:cv|profil|experiences?|references?|avis|signature|tampon|cachet|stage|emploi|employeur)\b/,
  new RegExp(`\\b(?:acheter|achete|obtenir sans (?:le passer|passer))(?: un| le)? diplome\\b|\\b(?:imiter|imite|copier|reproduire) (?:la |sa |une )?signature\\b`),
  new RegExp(`\\b(?:${FORGE_VERB}) (?:le |la |les )?(?:montant|salaire|dates?|notes?|mention|nom) (?:sur|de|du|dans) (?:mon |ma |mes |le |la )?${OFFICIAL_DOC}\\b`),
  // Cheating: asked for, not reported (« on m'accuse d'avoir triché » is not a request).
  /\b(?:comment|aide moi a|aidez moi a|me aider a|astuces? pour|moyen de|je veux|je voudrais|je compte|je vais|faut que je|tu peux|peux tu)(?: \w+){0,2} (?:tricher|frauder|gruger|pomper)\b/,
  /\b(?:passer|faire|repondre a|remplir) (?:le |mon |ce |au |a le |les |mes )?(?:test|tests|qcm|examen|exam|evaluation|quiz|questionnaire|partiel|concours|test technique|assessment|toeic|toefl) (?:a ma place|pour moi)\b/,
  /\b(?:je suis en train de passer|je passe en ce moment|en plein|pendant) (?:le |un |mon |ce )?(?:test|qcm|examen|exam|evaluation|quiz|test technique|assessment)\b.*\b(?:reponses?|solution|aide moi|dis moi|donne moi)\b/,
  /\b(?:les reponses|le corrige|les corriges) (?:du|de le|au) (?:test|qcm|examen|concours|toeic|toefl) (?:en direct|en temps reel|a ma place|pendant)/,
  // Hacking and identity theft.
  // A past participle after an auxiliary reports being hacked (« on a piraté mon compte »).
  /\b(?:pirater|hacker|cracker|craquer|forcer|infiltrer|(?<!\b(?:a|ont|ai|as|avait|avaient|ete|fait|se est|me suis) )(?:pirate|hacke))(?: moi)? (?:un |le |la |son |sa |mon |ma |ce |cette |des |les |ses |leur |de )?(?:compte|comptes|site|wifi|mot de passe|mdp|reseau|ordinateur|pc|telephone|portable|instagram|insta|facebook|snap|snapchat|whatsapp|mail|mails|boite mail|linkedin|serveur|base de donnees|ent|pronote|pole emploi|france travail|caf|ameli|tiktok|messenger)\b/,
  /\b(?:voler|volez|recuperer|trouver|cracker) (?:un |le |les |des |son |ses |sa )?(?:compte|comptes|identifiants?|mots? de passe|mdp|codes? (?:cb|de carte)|donnees bancaires)(?: de (?:quelqu'un|qqn|mon ex|ma ex|mon patron|mon manager|un autre|une autre|mon voisin|ma voisine))/,
  /\b(?:usurper|voler) (?:une |le |la |l |son |sa )?identite\b|\b(?:keylogger|ddos|ransomware|rancongiciel)\b|\b(?:faire|creer|envoyer|lancer) (?:un |une |du )?(?:phishing|hameconnage)\b/,
  /\b(?:espionner|pister|tracer) (?:le |la |les |son |sa |ses |mon |ma )?(?:telephone|portable|messages|conversations|whatsapp|snap|localisation)\b/,
  // Hate content against a group.
  new RegExp(`\\b(?:texte|message|post|tweet|blagues?|article|slogan|discours|poeme|chanson|insultes?|commentaires?)s? (?:raciste|antisemite|homophobe|sexiste|islamophobe|xenophobe|haineu(?:x|se)|transphobe|negrophobe)s?\\b`),
  new RegExp(`\\bje (?:deteste|hais|ne supporte pas|supporte pas|peux pas voir|peux pas supporter|vomis|vomi|conchie) (?:les |ces |tous les |toutes les )${GROUP}\\b|\\b(?:blagues?|vannes?|insultes?|moqueries?) (?:sur|contre|a propos des|sur les|pour) (?:les |des )?${GROUP}\\b`),
  new RegExp(`\\b(?:les )${GROUP} (?:dominent|controlent|volent|envahissent|remplacent|gangrenent|pourrissent|infestent|tiennent) (?:le |la |les |tout|notre|nos)`),
  new RegExp(`\\b(?:contre|pour insulter|pour se moquer des|pour humilier|qui insulte|qui se moque des|qui degrade|pour rabaisser) (?:les |des )?${GROUP}\\b`),
  new RegExp(`\\b(?:les |tous les |toutes les |ces )${GROUP} (?:sont (?:tous |toutes |que |juste )?(?:des |)(?:voleurs|terroristes|feignants|faineants|parasites|sales|inferieurs|inferieures|sous hommes|animaux|singes|chiens|bons a rien|racailles|nuls|nulles|dangereux|une plaie|une race)|(?:devraient|doivent|faut les) (?:tous |toutes )?(?:etre |)(?:expulses|expulsees|renvoyes|renvoyees|rentrer chez eux|crever|mourir|disparaitre|gazes|bruler))\\b`),
];

// Role-play as an interviewer is core to the mission, not an injection.
const ALLOWED_ROLE = '(?:un |une |le |la |mon |ma )?(?:recruteur|recruteuse|rh|drh|jury|manager|employeur|examinateur|examinatrice|interviewer|charge de recrutement|chargee de recrutement|coach|responsable rh|directeur|directrice|chef)';
const PROMPT_INJECTION: readonly RegExp[] = [
  // Imperative only: « j'ai oublié les consignes du test » must not match.
  /(?<!\b(?:ai|as|a|avons|avez|ont|je|il|elle|on|ne|tu|sans) )\b(?:ignore|ignorez|oublie|oubliez|abandonne|efface|zappe|supprime) (?:toutes |tout |)(?:tes|vos|les|ces|ses) (?:instructions|consignes|regles|directives|restrictions|limites|filtres|parametres|programmations?)\b(?! (?:du|de la|de le|des|de mon|de ma|de mes|de ce|de cette) (?!systeme))/,
  /\bne (?:tiens|tenez) (?:pas|plus) compte (?:de tes|de vos|des) (?:instructions|consignes|regles|directives)\b/,
  /\b(?:ignore|disregard|forget) (?:all |any |the |your |previous |prior |above )*(?:instructions|rules|prompts?|directives)\b|\byou are now\b|\bpretend (?:to be|you are)\b|\bnew instructions\b|\bdeveloper mode\b|\bdo anything now\b/,
  new RegExp(`\\b(?:tu es|tu seras|tu deviens) (?:maintenant|desormais|a present|a partir de maintenant)\\b(?! ${ALLOWED_ROLE}\\b)`),
  new RegExp(`\\b(?:a partir de maintenant|desormais|des maintenant|a present),? tu (?:es|vas etre|seras|deviens|joues|agis|reponds sans|ne respectes plus|oublies|ignores)\\b(?! ${ALLOWED_ROLE}\\b)(?! (?:plus|encore) )`),
  /\b(?:system prompt|prompt systeme|prompt system|prompt initial|ton prompt|tes instructions (?:initiales|systeme|de base|cachees|secretes|internes)|tes consignes (?:initiales|systeme|de base|cachees|secretes|internes))\b/,
  /\b(?:montre|affiche|revele|donne|ecris|repete|copie|recopie|dis)(?: moi)? (?:ton|tes|le|les) (?:prompt|prompts|instructions|consignes) (?:systeme|initiales?|de depart|cachees?|completes?|exactes?|originales?)\b/,
  /\bmode (?:developpeur|dev|dan|sans filtre|sans limite|debug|admin|god|dieu|jailbreak)\b|\bjailbreak\b/,
  /\b(?:reponds|parle|agis|joue|ecris)(?: moi)? sans (?:aucun |aucune )?(?:filtre|filtres|restriction|restrictions|censure|limites?|regles)\b|\bsans (?:aucun |aucune )?(?:filtre|censure|restriction)s? (?:ni|et) (?:limite|regle|morale)s?\b/,
  /\bfais comme si tu (?:etais|avais|navais|ne avais) (?:pas de |aucune |aucun |sans |plus de )?(?:regles|limites|restrictions|filtres|une autre ia|un humain sans|libre|programmation)\b|\btu ne as (?:plus|pas) (?:aucune |de |)(?:regles|limites|restrictions|filtres)\b/,
];

/**
 * Classify a message as misuse of the service.
 * Accepts raw text, or a {@link NormalizedText} when the caller already normalised.
 */
export function detectMisuse(input: string | NormalizedText): MisuseResult {
  const text = asNormalized(input).text;
  if (PROMPT_INJECTION.some((re) => re.test(text))) return { misuse: true, kind: 'prompt_injection' };
  if (HARASSMENT.test(text)) return { misuse: true, kind: 'harassment' };
  if (AGAINST_MISSION.some((re) => re.test(text))) return { misuse: true, kind: 'against_mission' };
  if (DIRECT_INSULT.test(text) || ADDRESSED_INSULT.test(text)) return { misuse: true, kind: 'insult' };
  if (BARE_ANCHOR.test(text) && BARE_INSULT.test(text)) return { misuse: true, kind: 'insult' };
  return { misuse: false };
}
