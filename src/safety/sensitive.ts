/**
 * Finds and masks sensitive data in youth messages before they are stored,
 * logged or sent to a model (charter: « invités à ne pas communiquer
 * d'informations sensibles »; RGPD art. 9 data needs explicit consent).
 *
 * Two families:
 * - GDPR art. 9 special categories, matched as *self-disclosing phrases*
 *   (« je suis musulman », « ma RQTH ») on the canonical form — a question about
 *   a topic (« discrimination liée à l'origine ») discloses nothing;
 * - identifiers (NIR, IBAN, card, password, address, e-mail, phone), matched on
 *   the original text and validated by checksum where one exists, so that order
 *   numbers and dates are not masked.
 *
 * Spans are always offsets in the original text.
 */
import { asNormalized, toSourceRange, type NormalizedText } from './normalize.js';

export type SpecialCategory =
  | 'health' | 'religion' | 'political' | 'union' | 'sexual_orientation' | 'ethnic_origin';
export type IdentifierCategory =
  | 'nir' | 'iban' | 'card' | 'password' | 'postal_address' | 'email' | 'phone';
export type SensitiveCategory = SpecialCategory | IdentifierCategory;

/** A sensitive range of the original text, [start, end). */
export interface SensitiveSpan {
  category: SensitiveCategory;
  start: number;
  end: number;
}

export interface RedactionResult {
  /** The text with every span replaced by its placeholder. */
  text: string;
  /** What was masked, as offsets in the *original* text. */
  spans: SensitiveSpan[];
}

/** French labels shown in placeholders; the single place to change the wording. */
export const SENSITIVE_LABELS: Readonly<Record<SensitiveCategory, string>> = {
  health: 'santé',
  religion: 'religion',
  political: 'opinion politique',
  union: 'appartenance syndicale',
  sexual_orientation: 'orientation sexuelle',
  ethnic_origin: 'origine',
  nir: 'numéro de sécurité sociale',
  iban: 'IBAN',
  card: 'carte bancaire',
  password: 'mot de passe',
  postal_address: 'adresse',
  email: 'e-mail',
  phone: 'téléphone',
};

export const SPECIAL_CATEGORIES: readonly SpecialCategory[] = [
  'health', 'religion', 'political', 'union', 'sexual_orientation', 'ethnic_origin',
];

/** Placeholder that replaces a masked span, e.g. `[donnée masquée: santé]`. */
export function placeholder(category: SensitiveCategory): string {
  return `[donnée masquée: ${SENSITIVE_LABELS[category]}]`;
}

// ---------------------------------------------------------------------------
// Art. 9 disclosures (canonical form)

// Words that may sit between « je suis » and the disclosure (« je suis aussi », « une jeune femme »).
const FILLER = '(?:(?:pas|plus|aussi|moi meme|vraiment|tres|un|une|devenu|devenue|de nouveau|enfin|toujours|encore|actuellement|officiellement|en fait|fier de etre|fiere de etre|bien|donc|meme|deja|un peu|femme|homme|fille|garcon|mec|meuf|personne|jeune|ouvertement) )*';
const I_AM = `\\bje (?:ne )?suis ${FILLER}`;

const HEALTH_STATE = '(?:enceinte|diabetique|epileptique|bipolaire|schizophrene|autiste|asperger|asthmatique|dyslexique|dyspraxique|dysorthographique|dyscalculique|hyperactif|hyperactive|depressif|depressive|anorexique|boulimique|seropositif|seropositive|handicapee?|malade|malvoyante?|sourde?|aveugle|paraplegique|tetraplegique|cancereux|cancereuse|hospitalisee?|immunodeprimee?|insulinodependante?|tdah|invalide|en depression|en burn out|en arret (?:maladie|de travail)|en situation de handicap|en invalidite|en ald|en (?:chimio|chimiotherapie|dialyse|convalescence|reeducation|therapie)|reconnue? (?:comme )?(?:travailleur|travailleuse) handicapee?|reconnue? rqth|rqth|sous (?:traitement|antidepresseurs|anxiolytiques|chimio|insuline|methadone)|suivie? (?:par|chez) (?:un|une|mon|ma) (?:psy|psychiatre|psychologue|therapeute|addictologue|neurologue|oncologue)|atteinte? (?:de|du|de la|de une|de un|de le|des) \\w+)';
const HEALTH_HAVE = '(?:depression|burn out|cancer|diabete|asthme|epilepsie|sida|vih|hepatite \\w|sclerose en plaques|maladie (?:de \\w+|chronique|rare|grave|auto immune|genetique|orpheline|mentale|psychique)|troubles? (?:bipolaires?|anxieux|psy\\w*|dys\\w*|obsessionnels?|du spectre autistique|de (?:la |le )?(?:personnalite|attention|humeur|alimentation|comportement|anxiete))|tdah|handicap(?: (?:moteur|visuel|auditif|psychique|mental|invisible|cognitif))?|rqth|ald|endometriose|anorexie|boulimie|crises? de (?:panique|angoisse|epilepsie)|attaques? de panique|dyslexie|dyspraxie|autisme|covid|mucoviscidose|drepanocytose|lupus|crohn|fibromyalgie|arret maladie|arret de travail|traitement (?:medical|lourd|pour \\w+)|antidepresseurs|tentative de suicide|fausse couche|ivg|avortement|addiction (?:a|au|aux) \\w+|problemes? de sante|soucis? de sante|reconnaissance (?:de )?travailleur handicape|statut de travailleur handicape|grossesse)';
const HEALTH_MINE = '(?:rqth|handicap|maladie|depression|burn out|diabete|cancer|grossesse|therapie|psy|psychiatre|psychologue|arret maladie|ald|pathologie|traitement(?! de texte| des donnees| de donnees| de mon dossier| de ma candidature)|troubles? (?:dys\\w*|bipolaires?|anxieux|psy\\w*)|epilepsie|reconnaissance (?:de )?travailleur handicape|statut de travailleur handicape|medicaments|antidepresseurs|hospitalisation|sclerose en plaques|chimio|dyslexie|autisme|tdah)';

const RELIGION_WORD = '(?:musulmane?s?|chretienne?s?|catholiques?|juifs?|juives?|protestante?s?|bouddhistes?|hindoue?s?|athees?|agnostiques?|evangeliques?|orthodoxes?|sikhs?|croyante?s?|pratiquante?s?|convertie?s? (?:a le islam|au christianisme|au judaisme|au bouddhisme)|convertie?|mormone?s?|temoin de jehovah|de confession \\w+|de religion \\w+)';

const UNIONS = '(?:cgt|cfdt|fo|force ouvriere|cftc|cfe cgc|cgc|sud|solidaires|unsa|fsu|snes|unef|fage|snuipp)';
const UNION_STATE = `(?:syndiquee?s?|deleguee? syndica(?:l|le)|representante? syndica(?:l|le)|adherente? (?:a la |au |de la |du |a )?${UNIONS}|membre (?:de la |du |de )?${UNIONS}|militante? (?:a la |au |chez |a )?${UNIONS}|elue? ${UNIONS}|(?:a la|au|chez) ${UNIONS})`;

const PARTIES = '(?:rn|fn|lfi|ps|lr|eelv|nupes|npa|pcf|modem|udi|reconquete|renaissance|horizons|les republicains|republicains|front national|rassemblement national|france insoumise|la france insoumise|les ecologistes|parti socialiste|parti communiste|zemmour|le pen|macron|melenchon|bardella|glucksmann|la gauche|la droite|le extreme (?:gauche|droite)|les verts|ecolo)';
const POLITICAL_STATE = `(?:de gauche|de droite|de extreme (?:gauche|droite)|du centre|communiste|socialiste|ecolo|ecologiste|insoumise?|macroniste|lepeniste|zemmouriste|anarchiste|gaulliste|trotskiste|royaliste|marxiste|facho|fasciste|militante? (?:a|au|chez|pour|de) ${PARTIES}|membre (?:du |de la |de )?${PARTIES}|adherente? (?:du |de la |a la |au |a )?${PARTIES}|encartee?(?: (?:au|a la|chez) ${PARTIES})?)`;

const ORIENTATION_WORD = '(?:gay|gai|gays|homo|homos|homosexuel(?:le)?s?|lesbiennes?|bi|bisexuel(?:le)?s?|pansexuel(?:le)?s?|queer|asexuel(?:le)?s?|trans|transgenres?|non binaires?|lgbt\\w*|heterosexuel(?:le)?s?|hetero)';

const ORIGIN_ADJ = '(?:algerien|marocain|tunisien|senegalais|malien|ivoirien|camerounais|congolais|comorien|turc|turque|portugais|haitien|vietnamien|chinois|cambodgien|laotien|libanais|syrien|egyptien|guineen|mauritanien|mauricien|kabyle|berbere|africain|maghrebin|arabe|asiatique|antillais|guadeloupeen|martiniquais|reunionnais|guyanais|mahorais|pakistanais|indien|tamoul|kurde|armenien|polonais|roumain|espagnol|italien|russe|ukrainien|bresilien|colombien|nigerian|ghaneen|togolais|beninois|burkinabe|gabonais|tchadien|soudanais|somalien|ethiopien|erythreen|afghan|iranien|irakien|bangladais|sri lankais|philippin|coreen|japonais|thailandais|juif|gitan|rom|tzigane|manouche|peul)(?:ne|e|s|nes|es)?';
const COUNTRY = '(?:algerie|maroc|tunisie|senegal|mali|cote de ivoire|cameroun|congo|comores|turquie|portugal|haiti|vietnam|chine|cambodge|laos|liban|syrie|egypte|guinee|mauritanie|maurice|kabylie|afrique|maghreb|antilles|guadeloupe|martinique|reunion|guyane|mayotte|pakistan|inde|sri lanka|kurdistan|armenie|pologne|roumanie|espagne|italie|russie|ukraine|bresil|colombie|nigeria|ghana|togo|benin|burkina(?: faso)?|gabon|tchad|soudan|somalie|ethiopie|erythree|afghanistan|iran|irak|bangladesh|philippines|coree|japon|thailande)';
const ORIGIN_STATE = `(?:de origines? ${ORIGIN_ADJ}(?: et ${ORIGIN_ADJ})?|de origine (?:du |de la |des |de le |de )?${COUNTRY}|originaire (?:du |de la |des |de le |de )${COUNTRY}|issue? de le immigration(?: ${ORIGIN_ADJ})?|noire?s?|arabes?|beur|beurette|rebeu|renoi|reunoi|black|maghrebine?|metisse?|asiatique|rom|gitane?|kabyle|berbere|tzigane|manouche|africaine?|antillaise?|peule?|amazigh|racisee?)`;

interface PhraseRule {
  category: SpecialCategory;
  re: RegExp;
}

// Order matters only for overlaps: union before political (« militant à la CGT »).
const PHRASE_RULES: readonly PhraseRule[] = [
  { category: 'health', re: new RegExp(`${I_AM}${HEALTH_STATE}\\b`, 'g') },
  { category: 'health', re: new RegExp(`\\bje (?:ai|avais) (?:eu |fait |aussi |moi meme |)(?:une |un |le |la |les |des |de la |du |de le |mon |ma )?${HEALTH_HAVE}\\b`, 'g') },
  { category: 'health', re: /\bje fais (?:une |un |des )?(?:depression|burn out|crises? de (?:panique|angoisse|epilepsie)|de le diabete|du diabete|de la tension)\b/g },
  { category: 'health', re: new RegExp(`\\b(?:ma|mon|mes) ${HEALTH_MINE}\\b`, 'g') },
  { category: 'health', re: /\bje prends (?:des |un |mon |ma |mes |du |de le )?(?:antidepresseurs|anxiolytiques|xanax|lexomil|lithium|ritaline|insuline|neuroleptiques|somniferes|methadone|traitement|medicaments (?:pour|contre) (?:la |le |les |mon |ma )?\w+)\b/g },
  { category: 'health', re: /\bje vois (?:un |une |mon |ma )?(?:psy|psychiatre|psychologue|therapeute)\b/g },
  { category: 'health', re: /\bje attends un (?:bebe|enfant)\b|\benceinte de \d+ (?:mois|semaines)\b/g },

  { category: 'religion', re: new RegExp(`${I_AM}${RELIGION_WORD}\\b`, 'g') },
  { category: 'religion', re: /\bje porte (?:le |un |la )?(?:voile|foulard|hijab|kippa|turban|niqab|burqa|jilbab|croix)\b/g },
  { category: 'religion', re: /\bje (?:fais|pratique|respecte|observe) (?:le |la )?(?:ramadan|careme|shabbat|sabbat|priere|prieres|jeune du ramadan)\b/g },
  { category: 'religion', re: /\bje (?:vais|me rends) (?:a la |a le |au |a )(?:mosquee|eglise|synagogue|temple|messe|pagode)\b/g },
  { category: 'religion', re: /\bje prie\b|\bje pratique ma (?:religion|foi)\b|\bma (?:religion|foi) (?:est|ce est|:) ?\w+\b/g },

  { category: 'union', re: new RegExp(`${I_AM}${UNION_STATE}\\b(?: (?:a la|au|chez|a) ${UNIONS}\\b)?`, 'g') },
  { category: 'union', re: new RegExp(`\\bje (?:milite|adhere|cotise) (?:a la |au |chez |dans un |dans le |a )?(?:${UNIONS}|syndicat)\\b|\\bmon syndicat\\b|\\bma carte (?:a la |de la |du )?${UNIONS}\\b`, 'g') },

  { category: 'political', re: new RegExp(`\\bje (?:vote|votais|voterai|voterais|ai vote|vais voter|ai toujours vote|soutiens|milite pour) (?:pour |a )?(?:le |la |les )?${PARTIES}\\b`, 'g') },
  { category: 'political', re: new RegExp(`${I_AM}${POLITICAL_STATE}\\b`, 'g') },
  { category: 'political', re: new RegExp(`\\bje milite (?:au|a la|chez|pour|dans|a) (?:le |la )?${PARTIES}\\b`, 'g') },

  { category: 'sexual_orientation', re: new RegExp(`${I_AM}${ORIENTATION_WORD}\\b`, 'g') },
  { category: 'sexual_orientation', re: /\bje (?:ai fait|fais|vais faire) mon coming out\b/g },

  { category: 'ethnic_origin', re: new RegExp(`${I_AM}${ORIGIN_STATE}\\b`, 'g') },
  { category: 'ethnic_origin', re: new RegExp(`\\bmes (?:parents|origines|racines|grands parents) (?:sont |viennent |me viennent )?(?:${ORIGIN_ADJ}|de ${COUNTRY}|du ${COUNTRY}|des ${COUNTRY}|de la ${COUNTRY})\\b`, 'g') },
  { category: 'ethnic_origin', re: new RegExp(`\\bmes origines ${ORIGIN_ADJ}\\b`, 'g') },
];

function findPhrases(n: NormalizedText, out: Candidate[]): void {
  PHRASE_RULES.forEach((rule, priority) => {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(n.text); m !== null; m = rule.re.exec(n.text)) {
      const [start, end] = toSourceRange(n, m.index, m.index + m[0].length);
      out.push({ category: rule.category, start, end, priority: 100 + priority });
    }
  });
}
