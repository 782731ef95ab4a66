/**
 * Distress detection on inbound youth messages.
 *
 * A miss here is far worse than a false alarm, but job-search talk is full of
 * hyperbole (« ce CV me tue », « je suis mort de fatigue »), so rules are
 * phrased as first-person acts or reports rather than bare keywords: « mourir »
 * only counts after a wish verb, « me tuer » only after an intent verb, « me
 * frappe » only with a person as subject.
 *
 * Patterns run on the canonical form of normalize.ts (elisions expanded:
 * « j'ai » → `je ai`, « m'a » → `me a`, « l'air » → `le air`).
 */
import { asNormalized, type NormalizedText } from './normalize.js';

export type DistressCategory = 'suicide' | 'self_harm' | 'violence' | 'abuse' | 'harassment_severe';

/**
 * `danger`: risk to life, physical safety or sexual integrity — escalate to a
 * human now and give emergency contacts (3114, 17, 3919, 119).
 * `concern`: a distress signal that is not an immediate danger — check in
 * gently and flag to a human.
 */
export type DistressLevel = 'none' | 'concern' | 'danger';

export interface DistressResult {
  level: DistressLevel;
  categories: DistressCategory[];
}

interface Rule {
  re: RegExp;
  categories: readonly DistressCategory[];
  level: Exclude<DistressLevel, 'none'>;
}

const CATEGORY_ORDER: readonly DistressCategory[] = [
  'suicide', 'self_harm', 'violence', 'abuse', 'harassment_severe',
];

// Optional filler between a verb and its complement (« je veux juste mourir »).
const ADV = '(?:(?:juste|vraiment|tellement|trop|bien|simplement|tout simplement|parfois|souvent|encore|deja|presque|meme|plus|serieusement|carrement) )*';

// Wish verbs: enough to make « mourir » / « crever » a statement about oneself.
const WISH = '(?:veux|veut|ve|voudrais|voulais|aimerais|prefere|prefererais|ai envie de|avais envie de|ai envie d|ai hate de|reve de|souhaite)';
// Intent verbs: needed for deliberate acts whose infinitive is also used figuratively.
const INTENT = `(?:${WISH}|vais|vas|compte|pense a|pense|songe a|essaie de|essaye de|ai essaye de|ai tente de|prevois de|ai decide de|me prepare a|suis pret a|suis prete a|vais aller|dois|devrais|finirai par|ai envie)`;

// Complements that turn « mourir/crever de X » into an idiom.
const IDIOM_DE = '(?! de (?:rire|faim|soif|chaud|froid|ennui|honte|peur|stress|envie|fatigue|impatience|jalousie|curiosite)| la dalle)';

// « en finir » is only suicidal when nothing ordinary follows (« en finir avec ce dossier » is not).
const EN_FINIR = '(?:en finir(?! avec (?!la vie|ma vie|tout|moi|cette vie|ce monde|le monde|l existence|le existence)))';

const DELIBERATE_ACT = [
  'me suicider', 'me tuer', EN_FINIR, 'me foutre en (?:le |l)?air', 'mettre fin a (?:mes jours|ma vie)',
  'me pendre', 'me jeter (?:sous|du|de la|de le|par|dans)', 'sauter (?:du|de la|de le|par la|par le|d un|sous)',
  'me ouvrir les veines', 'me tailler les veines', 'me couper les veines', 'partir pour toujours',
  'me flinguer', 'me tirer une balle', 'avaler (?:toutes? )?(?:mes |les |des )(?:medicaments|medocs|cachets|pilules|comprimes)',
  'prendre (?:toutes? )?(?:mes |les )(?:medicaments|medocs|cachets|pilules|comprimes) (?:de un coup|en meme temps|pour)',
].join('|');

// A person that can hit, threaten or abuse the youth (subject of « me frappe »).
const PERSON_NOUN = '(?:pere|mere|beau pere|belle mere|daron|daronne|frere|soeur|grand frere|beau frere|oncle|tante|cousin|cousine|copain|copine|mec|meuf|ex|mari|femme|conjoint|conjointe|compagnon|compagne|petit ami|petite amie|manager|patron|patronne|chef|boss|collegue|collegues|mentor|mentore|marraine|parrain|prof|professeur|voisin|voisine|coloc|colocataire|proprio|proprietaire|recruteur|superieur|responsable|tuteur|tutrice|maitre de stage|entraineur|parents|famille|fils|cousins|freres)';
const FAMILY_NOUN = '(?:pere|mere|beau pere|belle mere|daron|daronne|frere|soeur|grand frere|beau frere|oncle|tante|cousin|cousine|copain|copine|mec|ex|mari|femme|conjoint|conjointe|compagnon|compagne|petit ami|petite amie|parents|famille|freres)';
const DET = '(?:mon|ma|mes|son|sa|ses|le|la|les|un|une|des|ce|cette|ces|notre|nos)';
const AGENT = `(?:il|elle|ils|elles|on|quelqu'un|${DET} ${PERSON_NOUN})`;
const FAMILY_AGENT = `(?:${DET} ${FAMILY_NOUN})`;

// « me bat à Fifa », « m'a battu aux échecs »: beaten at a game.
const GAME = '(?! (?:toujours |encore |souvent |)(?:a|au|aux|en) (?!mort|coups))';
const HIT_PRESENT = `(?:frappe|frappent|(?:bat|battent)${GAME}|tape|tapent|cogne|cognent|gifle|giflent|tabasse|tabassent|etrangle|etranglent|brutalise|brutalisent|maltraite|maltraitent|agresse(?! verbalement)|agressent(?! verbalement))`;
const HIT_PAST = `(?:frappee?|battue?${GAME}|tapee?|cognee?|giflee?|tabassee?|etranglee?|agressee?(?! verbalement)|poignardee?|brutalisee?|maltraitee?|roue de coups|roulee? de coups|menacee? (?:de mort|avec))`;
// Idioms built on the same verbs: « me tape sur les nerfs », « me bat aux échecs », « m'a tapé dans l'œil ».
const HIT_IDIOM = '(?!(?: (?:toujours|encore|souvent|tout le temps|facilement|carrement|grave))? (?:sur les nerfs|sur le systeme|aux |au |a (?:plate|chaque|tous|la course|ce jeu)|la discute|la discussion|la causette|la bise|dans le oeil|la main|en \\w+ de))';

// Objects that make « je vais le tuer / défoncer » about a task, not a person.
const TASK_OBJECT = '(?!,? ?(?:cet|ce|cette|le|la|mon|ma|les) (?:entretien|oral|exam|examen|test|concours|partiel|cv|projet|dossier|jeu|match|niveau|game|boss|challenge|qcm|job|poste|stage|taf)\\b)';
const PERSON_TARGET = '(?:ce|cette|mon|ma|le|la|les|ces|mes) (?:recruteur|recruteuse|manager|patron|patronne|chef|boss|mec|type|gars|meuf|collegue|collegues|prof|mentor|voisin|voisine|pere|mere|frere|soeur|copain|copine|mari|femme|keum|rh|drh|ex|cousin|cousine)';

const SEX_ABUSE_PAST = '(?:violee?|abusee?|agressee? sexuellement|touchee? (?:sans|de force|contre|alors que|la ou))';

const RULES: readonly Rule[] = [
  // --- suicide -----------------------------------------------------------
  { re: new RegExp(`\\b${WISH} ${ADV}(?:mourir|crever|etre mort|etre morte|ne plus etre la|plus etre la|ne plus me reveiller|plus me reveiller|dormir pour toujours)\\b${IDIOM_DE}`), categories: ['suicide'], level: 'danger' },
  { re: new RegExp(`\\b${INTENT} ${ADV}(?:${DELIBERATE_ACT})`), categories: ['suicide'], level: 'danger' },
  { re: /\b(?:me suicider|me pendre|me foutre en (?:le |l)?air|mettre fin a mes jours)\b/, categories: ['suicide'], level: 'danger' },
  { re: /\bsu?i[cs]id/, categories: ['suicide'], level: 'danger' },
  { re: /\b(?:je (?:ne )?)?veux (?:plus|pas) vivre\b/, categories: ['suicide'], level: 'danger' },
  { re: /\b(?:plus|pas|aucune|perdu le|perdu toute) envie de vivre\b/, categories: ['suicide'], level: 'danger' },
  { re: /\b(?:marre|fatiguee?|lassee?) de (?:vivre|la vie|ma vie|exister)\b/, categories: ['suicide'], level: 'danger' },
  { re: /\b(?:plus de|aucune|pas de) raisons? de vivre\b|\ba quoi bon vivre\b|\bla vie ne vaut (?:pas|plus) la peine\b/, categories: ['suicide'], level: 'danger' },
  { re: /\b(?:tout le monde|ils|ma famille|mes proches|le monde) (?:serai(?:en)?t|ser(?:a|ont)|irai(?:en)?t|vivrai(?:en)?t) mieux sans moi\b/, categories: ['suicide'], level: 'danger' },
  { re: /\blettre de adieu\b|\bdire adieu a tout le monde\b/, categories: ['suicide'], level: 'danger' },
  { re: /\b(?:plus|pas) la force de vivre\b|\bplus la force de continuer a vivre\b/, categories: ['suicide'], level: 'danger' },
  { re: /\bidees noires\b|\bje (?:veux|voudrais|aimerais|ai envie de) disparaitre\b|\bje sers a rien sur cette terre\b|\bpersonne ne (?:me )?remarquerait si je (?:disparaissais|mourais)\b/, categories: ['suicide'], level: 'concern' },

  // --- self-harm ---------------------------------------------------------
  { re: /\bje me (?:scarifie|mutile|taillade|lacere|brule(?! (?:les|la|le|avec le soleil))|fais du mal|frappe(?: moi meme)?|coupe(?= *$| *[.!?,]| (?:les bras|le bras|les poignets|le poignet|les cuisses|les veines|avec|encore|souvent|tous les|quand|pour|en cachette)))/, categories: ['self_harm'], level: 'danger' },
  { re: /\bje me suis (?:scarifiee?|mutilee?|taillade|tailladee|fait du mal|coupee? (?:les bras|le bras|les poignets|le poignet|les veines|expres|volontairement))/, categories: ['self_harm'], level: 'danger' },
  { re: /\bscarif|\bauto ?mutil/, categories: ['self_harm'], level: 'danger' },
  { re: new RegExp(`\\b${INTENT} ${ADV}(?:me faire du mal|me scarifier|me mutiler|me couper|me bruler)\\b`), categories: ['self_harm'], level: 'danger' },

  // --- violence against the youth ----------------------------------------
  { re: new RegExp(`\\b${FAMILY_AGENT} me ${HIT_PRESENT}\\b${HIT_IDIOM}`), categories: ['violence', 'abuse'], level: 'danger' },
  { re: new RegExp(`\\b${FAMILY_AGENT} me (?:a|ont) ${HIT_PAST}\\b${HIT_IDIOM}`), categories: ['violence', 'abuse'], level: 'danger' },
  { re: new RegExp(`\\b${AGENT} me ${HIT_PRESENT}\\b${HIT_IDIOM}`), categories: ['violence'], level: 'danger' },
  { re: new RegExp(`\\b${AGENT} me (?:a|ont) ${HIT_PAST}\\b${HIT_IDIOM}`), categories: ['violence'], level: 'danger' },
  { re: /\bje (?:me )?(?:suis|fais|me suis fait|me fais|ai ete) (?:frapper|battre|tabasser|agresser|taper dessus|cogner|etrangler|poignarder|violenter|frappee?|battue?|tabassee?|agressee?|poignardee?|maltraitee?|violentee?)\b(?! verbalement)/, categories: ['violence'], level: 'danger' },
  { re: /\bmenaces? de mort\b|\bmenacee? de mort\b|\b(?:me|m) menace(?:nt)? de (?:me tuer|me frapper|me buter|me planter|me egorger|me defoncer)/, categories: ['violence'], level: 'danger' },
  { re: new RegExp(`\\b(?:${AGENT}) (?:a|ont|veut|veulent|va|vont) (?:menace de )?(?:me tuer|me buter|me planter|me egorger)\\b(?! si)`), categories: ['violence'], level: 'danger' },
  { re: /\bviolences? (?:conjugales?|familiales?|domestiques?)\b/, categories: ['violence', 'abuse'], level: 'danger' },

  // --- violence by the youth ---------------------------------------------
  { re: new RegExp(`\\bje (?:vais|veux|voudrais|vas|ai envie de|compte|pourrais) (?:le|la|les|lui) (?:tuer|buter|planter|crever|egorger|massacrer|defoncer|fracasser|tabasser|frapper|cogner|etrangler)\\b${TASK_OBJECT}`), categories: ['violence'], level: 'danger' },
  { re: new RegExp(`\\bje (?:vais|veux|voudrais|ai envie de) (?:tuer|buter|planter|egorger|massacrer|tabasser|frapper|etrangler) ${PERSON_TARGET}\\b`), categories: ['violence'], level: 'danger' },

  // --- sexual / domestic abuse -------------------------------------------
  { re: new RegExp(`\\b(?:je ai ete|je (?:me )?suis fait|je suis|on me a|${AGENT} me (?:a|ont)) ${SEX_ABUSE_PAST}`), categories: ['abuse'], level: 'danger' },
  { re: /\bje (?:me )?(?:suis fait|fais) (?:violer|abuser|toucher (?:sans|de force|contre))/, categories: ['abuse'], level: 'danger' },
  { re: new RegExp(`\\b${AGENT} (?:me force|me a force|me oblige|me a oblige) a (?:coucher|avoir des rapports|faire des choses|le toucher|le sucer|me deshabiller)`), categories: ['abuse'], level: 'danger' },
  { re: new RegExp(`\\b${AGENT} me (?:touche|touchent|tripote|tripotent|viole|violent) (?:sans|alors que|contre|quand|la nuit|de force|pendant)`), categories: ['abuse'], level: 'danger' },
  { re: /\b(?:inceste|attouchements?|abus sexuels?|agression sexuelle|pedophil)/, categories: ['abuse'], level: 'concern' },
  { re: /\bviol\b(?! de (?:la |le |mes |ma |mon |des )?(?:vie privee|donnees|confidentialite|secret|droit|contrat|domicile|correspondance))/, categories: ['abuse'], level: 'concern' },

  // --- severe harassment --------------------------------------------------
  { re: new RegExp(`\\b(?:${AGENT}|des gens|tout le monde) me (?:harcele|harcelent|a harcelee?|ont harcelee?|harcelait|harcelaient|stalke|traque|suit partout)`), categories: ['harassment_severe'], level: 'concern' },
  { re: new RegExp(`\\b${AGENT} me (?:menace|menacent|a menacee?|ont menacee?)\\b`), categories: ['harassment_severe'], level: 'concern' },
  { re: /\bje (?:suis|me fais|me suis fait|me sens|ai ete) harcel/, categories: ['harassment_severe'], level: 'concern' },
  { re: /\bje (?:subis|vis|suis victime de|ai subi|suis victime (?:de un|de une|du)) (?:du |un |une |de le |de la )?(?:harcelement|cyber ?harcelement|chantage|menaces|intimidation)/, categories: ['harassment_severe'], level: 'concern' },
  { re: /\bvictime de (?:harcelement|cyber ?harcelement)\b/, categories: ['harassment_severe'], level: 'concern' },
  { re: new RegExp(`\\b(?:${AGENT}) me (?:fait|font|a fait|envoie|envoient|a envoye|demande|demandent|a demande) (?:des )?(?:avances|propositions sexuelles|photos (?:de lui |de elle )?(?:nu|nue|intimes|de son sexe)|nudes|du chantage)`), categories: ['harassment_severe'], level: 'danger' },
  { re: /\bagressee? verbalement\b/, categories: ['harassment_severe'], level: 'concern' },
  { re: /\bharcelement sexuel\b|\bharcel\w* sexuellement\b|\bchantage (?:sexuel|a la sextape|aux photos|aux nudes)\b|\bsextorsion\b|\brevenge porn\b|\b(?:diffuse|publie|partage) mes (?:photos|videos) (?:intimes|nue?s?)\b/, categories: ['harassment_severe'], level: 'danger' },
];

/**
 * Scan a youth message for signs of danger or distress.
 * Accepts raw text, or a {@link NormalizedText} when the caller already normalised.
 */
export function detectDistress(input: string | NormalizedText): DistressResult {
  const text = asNormalized(input).text;
  const found = new Set<DistressCategory>();
  let level: DistressLevel = 'none';
  for (const rule of RULES) {
    if (!rule.re.test(text)) continue;
    for (const c of rule.categories) found.add(c);
    if (rule.level === 'danger' || level === 'none') level = rule.level;
  }
  return { level, categories: CATEGORY_ORDER.filter((c) => found.has(c)) };
}
