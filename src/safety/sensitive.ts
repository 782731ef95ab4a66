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
/** « je suis X » plus any « et Y » / « , Y » of the same kind (« dyslexique et dyspraxique »). */
const iAm = (state: string): RegExp => new RegExp(`${I_AM}${state}(?:(?:,| et| ou| mais aussi| et aussi) ${state})*\\b`, 'g');

const HEALTH_HAVE = '(?:depression|burn out|cancer|diabete|asthme|epilepsie|sida|vih|hepatite \\w|sclerose en plaques|maladie (?:de \\w+|chronique|rare|grave|auto immune|genetique|orpheline|mentale|psychique)|troubles? (?:bipolaires?|anxieux|psy\\w*|dys\\w*|obsessionnels?|du spectre autistique|de (?:la |le )?(?:personnalite|attention|humeur|alimentation|comportement|anxiete))|tdah|handicap(?: (?:moteur|visuel|auditif|psychique|mental|invisible|cognitif))?|rqth|ald|endometriose|anorexie|boulimie|crises? de (?:panique|angoisse|epilepsie)|attaques? de panique|dyslexie|dyspraxie|autisme|covid|mucoviscidose|drepanocytose|lupus|crohn|fibromyalgie|arret maladie|arret de travail|traitement (?:medical|lourd|pour \\w+)|antidepresseurs|tentative de suicide|fausse couche|ivg|avortement|addiction (?:a|au|aux) \\w+|problemes? de sante|soucis? de sante|reconnaissance (?:de )?travailleur handicape|statut de travailleur handicape|grossesse)';
const HEALTH_STATE = `(?:enceinte|diabetique|epileptique|bipolaire|schizophrene|autiste|asperger|asthmatique|dyslexique|dyspraxique|dysorthographique|dyscalculique|hyperactif|hyperactive|depressif|depressive|anorexique|boulimique|seropositif|seropositive|handicapee?|malade|malvoyante?|sourde?|aveugle|paraplegique|tetraplegique|cancereux|cancereuse|hospitalisee?|immunodeprimee?|insulinodependante?|tdah|invalide|en depression|en burn out|en arret (?:maladie|de travail)|en situation de handicap|en invalidite|en ald|en (?:chimio|chimiotherapie|dialyse|convalescence|reeducation|therapie)|reconnue? (?:comme )?(?:travailleur|travailleuse) handicapee?|reconnue? rqth|rqth|sous (?:traitement|antidepresseurs|anxiolytiques|chimio|insuline|methadone)|suivie? (?:par|chez) (?:un|une|mon|ma) (?:psy|psychiatre|psychologue|therapeute|addictologue|neurologue|oncologue)|atteinte? (?:de|du|de la|de une|de un|de le|des) (?:${HEALTH_HAVE}|\\w+))`;
const HEALTH_MINE = '(?:rqth|handicap|maladie|depression|burn out|diabete|cancer|grossesse|therapie|psy|psychiatre|psychologue|arret maladie|ald|pathologie|traitement(?! de texte| des donnees| de donnees| de mon dossier| de ma candidature)|troubles? (?:dys\\w*|bipolaires?|anxieux|psy\\w*)|epilepsie|reconnaissance (?:de )?travailleur handicape|statut de travailleur handicape|medicaments|antidepresseurs|hospitalisation|sclerose en plaques|chimio|dyslexie|autisme|tdah)';

const RELIGION_WORD = '(?:musulmane?s?|chretienne?s?|catholiques?|juifs?|juives?|protestante?s?|bouddhistes?|hindoue?s?|athees?|agnostiques?|evangeliques?|orthodoxes?|sikhs?|croyante?s?|pratiquante?s?|convertie?s? (?:a le islam|au christianisme|au judaisme|au bouddhisme)|convertie?|mormone?s?|temoin de jehovah|de confession \\w+|de religion \\w+)';

const UNIONS = '(?:cgt|cfdt|fo|force ouvriere|cftc|cfe cgc|cgc|sud|solidaires|unsa|fsu|snes|unef|fage|snuipp)';
const UNION_STATE = `(?:syndiquee?s?|deleguee? syndica(?:l|le)|representante? syndica(?:l|le)|adherente? (?:a la |au |de la |du |a )?${UNIONS}|membre (?:de la |du |de )?${UNIONS}|militante? (?:a la |au |chez |a )?${UNIONS}|elue? ${UNIONS}|(?:a la|au|chez) ${UNIONS})`;

const PARTIES = '(?:rn|fn|lfi|ps|lr|eelv|nupes|npa|pcf|modem|udi|reconquete|renaissance|horizons|les republicains|republicains|front national|rassemblement national|france insoumise|la france insoumise|les ecologistes|parti socialiste|parti communiste|zemmour|le pen|macron|melenchon|bardella|glucksmann|la gauche|la droite|le extreme (?:gauche|droite)|les verts|ecolo)';
const POLITICAL_STATE = `(?:(?:au|a la|chez|chez les|a le) ${PARTIES}|de gauche|de droite|de extreme (?:gauche|droite)|du centre|communiste|socialiste|ecolo|ecologiste|insoumise?|macroniste|lepeniste|zemmouriste|anarchiste|gaulliste|trotskiste|royaliste|marxiste|facho|fasciste|militante? (?:a|au|chez|pour|de) ${PARTIES}|membre (?:du |de la |de )?${PARTIES}|adherente? (?:du |de la |a la |au |a )?${PARTIES}|encartee?(?: (?:au|a la|chez) ${PARTIES})?)`;

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
  { category: 'health', re: iAm(HEALTH_STATE) },
  { category: 'health', re: new RegExp(`\\bje (?:ai|avais) (?:eu |fait |aussi |moi meme |)(?:une |un |le |la |les |des |de la |du |de le |mon |ma )?${HEALTH_HAVE}\\b`, 'g') },
  { category: 'health', re: /\bje fais (?:une |un |des )?(?:depression|burn out|crises? de (?:panique|angoisse|epilepsie)|de le diabete|du diabete|de la tension)\b/g },
  { category: 'health', re: new RegExp(`\\b(?:ma|mon|mes) ${HEALTH_MINE}\\b`, 'g') },
  { category: 'health', re: /\bje prends (?:des |un |mon |ma |mes |du |de le )?(?:antidepresseurs|anxiolytiques|xanax|lexomil|lithium|ritaline|insuline|neuroleptiques|somniferes|methadone|traitement|medicaments (?:pour|contre) (?:la |le |les |mon |ma )?\w+)\b/g },
  { category: 'health', re: /\bje vois (?:un |une |mon |ma )?(?:psy|psychiatre|psychologue|therapeute)\b/g },
  { category: 'health', re: /\bje attends un (?:bebe|enfant)\b|\benceinte de \d+ (?:mois|semaines)\b/g },

  { category: 'religion', re: iAm(RELIGION_WORD) },
  { category: 'religion', re: /\bje porte (?:le |un |la )?(?:voile|foulard|hijab|kippa|turban|niqab|burqa|jilbab|croix)\b/g },
  { category: 'religion', re: /\bje (?:fais|pratique|respecte|observe) (?:le |la )?(?:ramadan|careme|shabbat|sabbat|priere|prieres|jeune du ramadan)\b/g },
  { category: 'religion', re: /\bje (?:vais|me rends) (?:a la |a le |au |a )(?:mosquee|eglise|synagogue|temple|messe|pagode)\b/g },
  { category: 'religion', re: /\bje prie\b|\bje pratique ma (?:religion|foi)\b|\bma (?:religion|foi) (?:est|ce est|:) ?\w+\b/g },

  { category: 'union', re: new RegExp(`${I_AM}${UNION_STATE}\\b(?: (?:a la|au|chez|a) ${UNIONS}\\b)?`, 'g') },
  { category: 'union', re: new RegExp(`\\bje (?:milite|adhere|cotise) (?:a la |au |chez |dans un |dans le |a )?(?:${UNIONS}|syndicat)\\b|\\bmon syndicat\\b|\\bma carte (?:a la |de la |du )?${UNIONS}\\b`, 'g') },

  { category: 'political', re: new RegExp(`\\bje (?:vote|votais|voterai|voterais|ai vote|vais voter|ai toujours vote|soutiens|milite pour) (?:pour |a )?(?:le |la |les )?${PARTIES}\\b`, 'g') },
  { category: 'political', re: iAm(POLITICAL_STATE) },
  { category: 'political', re: new RegExp(`\\bje milite (?:au|a la|chez|pour|dans|a) (?:le |la )?${PARTIES}\\b`, 'g') },

  { category: 'sexual_orientation', re: iAm(ORIENTATION_WORD) },
  { category: 'sexual_orientation', re: /\bje (?:ai fait|fais|vais faire) mon coming out\b/g },

  { category: 'ethnic_origin', re: iAm(ORIGIN_STATE) },
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

// ---------------------------------------------------------------------------
// Identifiers

interface Candidate extends SensitiveSpan {
  /** Lower wins when two candidates cover the same range. */
  priority: number;
}

function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Luhn checksum used by payment cards. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Remainder mod 97 of a long decimal string, without BigInt. */
function mod97(numeric: string): number {
  let r = 0;
  for (const ch of numeric) r = (r * 10 + Number(ch)) % 97;
  return r;
}

/** ISO 13616 check: move the first four characters to the end, letters → 10..35, mod 97 = 1. */
export function ibanValid(raw: string): boolean {
  const s = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const numeric = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return mod97(numeric) === 1;
}

/** NIR key = 97 − (13 first digits mod 97); Corsica 2A/2B count as 19/18. */
export function nirKeyValid(raw: string): boolean {
  const s = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(s)) return false;
  const body = s.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - mod97(body) === Number(s.slice(13));
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE_RE = /(?<![\d+])(?:(?:\+|00)33 ?(?:\(0\) ?)?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)/g;
const NIR_CUE = /s[ée]cu|s[ée]curit[ée] sociale|\bnir\b|carte vitale|ameli/i;
const NIR_RE = /(?<![\dA-Za-z])[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3}(?: ?\d{2})?(?![\dA-Za-z])/g;
const IBAN_RE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;
const DIGIT_RUN_RE = /(?<!\d)\d+(?:[ -]\d+)*(?!\d)/g;

// Context words that make a phone-shaped number an order, file or tracking number.
const REFERENCE_CUE = /(?:commande|cmd|n°|num(?:e|é)ro de (?:commande|suivi|dossier|colis|facture|client|candidature|contrat|sinistre|adh(?:e|é)rent|allocataire)|r(?:e|é)f(?:(?:e|é)rence)?|facture|dossier|colis|suivi|siret|siren|identifiant|id)\b[^\d]{0,15}$/i;
const PHONE_CUE = /(?:t(?:e|é)l|t(?:e|é)l(?:e|é)phone|portable|mobile|joindre|appel|num(?:e|é)ro perso|whatsapp|fixe)/i;

function pushMatches(source: string, re: RegExp, category: IdentifierCategory, priority: number, out: Candidate[], accept: (m: RegExpExecArray) => boolean = () => true): void {
  re.lastIndex = 0;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    if (accept(m)) out.push({ category, start: m.index, end: m.index + m[0].length, priority });
  }
}

/**
 * Payment cards: a run of digit groups may hold a card next to other numbers
 * (« 4111 1111 1111 1111 12 26 »), so try every window of whole groups.
 */
function findCards(source: string, out: Candidate[]): void {
  DIGIT_RUN_RE.lastIndex = 0;
  for (let m = DIGIT_RUN_RE.exec(source); m !== null; m = DIGIT_RUN_RE.exec(source)) {
    const groups: { start: number; end: number }[] = [];
    const groupRe = /\d+/g;
    for (let g = groupRe.exec(m[0]); g !== null; g = groupRe.exec(m[0])) {
      groups.push({ start: m.index + g.index, end: m.index + g.index + g[0].length });
    }
    let best: { start: number; end: number } | undefined;
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      // A card has at most 19 digits, so each window stops growing past that (keeps this linear).
      for (let j = i; j < groups.length && digits.length <= 19; j++) {
        const first = groups[i];
        const last = groups[j];
        if (!first || !last) break;
        digits += source.slice(last.start, last.end);
        if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) continue;
        if (!best || last.end - first.start > best.end - best.start) best = { start: first.start, end: last.end };
      }
    }
    if (best) out.push({ category: 'card', ...best, priority: 3 });
  }
}

// Separators between a password keyword and its value.
const PASSWORD_KEY_RE = /\b(?:mon |ma |le |mes )?(?:mot de passe|mdp|password|passwd|pwd|code secret|code pin|code confidentiel|code de acces|code de la carte|code cb)\b(?: \w+){0,6}? ?(?:est|ce est|c est|:|=|->|egal a)/g;
// Words that follow « mon mot de passe est » without being the password.
const NOT_A_PASSWORD = /^(?:trop|pas|plus|bloque|bloquee|faux|incorrect|incorrecte|oublie|perdu|expire|invalide|errone|different|change|nul|simple|long|court|le|la|les|mon|ma|un|une|sur|dans|quoi|bon|mauvais|refuse|perime)$/i;

function findPasswords(n: NormalizedText, out: Candidate[]): void {
  PASSWORD_KEY_RE.lastIndex = 0;
  for (let m = PASSWORD_KEY_RE.exec(n.text); m !== null; m = PASSWORD_KEY_RE.exec(n.text)) {
    const [start, keyEnd] = toSourceRange(n, m.index, m.index + m[0].length);
    const rest = n.source.slice(keyEnd);
    const value = /^[\s:=>"'«]*([^\s"'»]+)/.exec(rest);
    const token = value?.[1]?.replace(/[.,;!?]+$/, '');
    if (!value || !token || NOT_A_PASSWORD.test(token.normalize('NFD').replace(/\p{M}/gu, ''))) continue;
    const end = keyEnd + value[0].length - (value[1]?.length ?? 0) + token.length;
    out.push({ category: 'password', start, end, priority: 0 });
  }
}

const VOIE = '(?:rue|avenue|av|bd|boulevard|blvd|allee|allees|impasse|chemin|place|cours|quai|route|square|passage|residence|cite|villa|sentier|voie|rond point|esplanade|promenade|faubourg|fbg|hameau|lotissement|chaussee|parvis|traverse|montee|ruelle)';
// Voie types that are also everyday words (« 3 cours de maths », « 2 places de ciné »).
const AMBIGUOUS_VOIE = /^(?:cours|place|passage|route|voie|chemin|villa|residence|cite|promenade|square|sentier|hameau|traverse|montee)$/;
const ADDRESS_STOP = '(?:et|mais|je|tu|il|elle|on|nous|vous|ils|elles|a|pour|est|ce|qui|que|depuis|dans|avec|ou|donc|car|en|au|aux|me|te|se|ne|pas|y|mon|ma|mes|ton|ta|son|sa|sur|par|vers|chez|jusque|si|comment|quand|pourquoi|c|il|pres|loin|cest|sil)';
const ADDRESS_RE = new RegExp(
  `\\b\\d{1,4}(?: ?(?:bis|ter|b))?,? (${VOIE})\\.?((?: (?!${ADDRESS_STOP}\\b)[a-z][a-z']*){1,6})(,? \\d{5}(?: (?!${ADDRESS_STOP}\\b)[a-z][a-z']*){1,3})?`,
  'g',
);
// An address mentioned as the employer's or the interview venue is not the youth's own data.
const COMPANY_CUE = /\b(?:entreprise|societe|boite|bureaux?|locaux|siege|agence|magasin|boutique|restaurant|usine|entrepot|entretien|rdv|rendez vous|poste|stage|alternance|offre|annonce|job|cabinet|campus|salon|forum|job dating|recruteur|employeur)\b/;
const PERSONAL_CUE = /\b(?:habite|vis|reside|chez moi|mon adresse|ma adresse|domicile|mon appart|mon logement|demenage|loge|livrer)\b/;

function findAddresses(n: NormalizedText, out: Candidate[]): void {
  ADDRESS_RE.lastIndex = 0;
  for (let m = ADDRESS_RE.exec(n.text); m !== null; m = ADDRESS_RE.exec(n.text)) {
    const [start, end] = toSourceRange(n, m.index, m.index + m[0].length);
    const voie = m[1] ?? '';
    if (AMBIGUOUS_VOIE.test(voie) && !m[3]) {
      // Without a postcode, an everyday word needs a capitalised street name to count.
      const nameStart = m.index + m[0].length - (m[2]?.length ?? 0);
      const [nameFrom, nameTo] = toSourceRange(n, nameStart, m.index + m[0].length);
      if (!/\p{Lu}/u.test(n.source.slice(nameFrom, nameTo))) continue;
    }
    const before = n.text.slice(Math.max(0, m.index - 60), m.index);
    if (COMPANY_CUE.test(before) && !PERSONAL_CUE.test(before)) continue;
    out.push({ category: 'postal_address', start, end, priority: 5 });
  }
}

function findIdentifiers(n: NormalizedText, out: Candidate[]): void {
  const source = n.source;
  findPasswords(n, out);
  if (source.includes('@')) pushMatches(source, EMAIL_RE, 'email', 1, out);
  pushMatches(source, IBAN_RE, 'iban', 2, out, (m) => ibanValid(m[0]));
  pushMatches(source, NIR_RE, 'nir', 2, out, (m) => {
    const compact = m[0].replace(/\s/g, '');
    // A mistyped key is still a NIR when the youth says so (« mon numéro de sécu est … »).
    return compact.length === 13 || nirKeyValid(compact) || NIR_CUE.test(source.slice(Math.max(0, m.index - 40), m.index));
  });
  findCards(source, out);
  pushMatches(source, PHONE_RE, 'phone', 4, out, (m) => {
    const before = source.slice(Math.max(0, m.index - 40), m.index);
    return !REFERENCE_CUE.test(before) || PHONE_CUE.test(before);
  });
  findAddresses(n, out);
}

// ---------------------------------------------------------------------------
// Public API

/** Keep the earliest, then longest, then highest-priority span; drop anything overlapping it. */
function resolveOverlaps(candidates: Candidate[]): SensitiveSpan[] {
  const sorted = [...candidates].sort(
    (a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.priority - b.priority,
  );
  const kept: SensitiveSpan[] = [];
  let cursor = -1;
  for (const c of sorted) {
    if (c.end <= c.start || c.start < cursor) continue;
    kept.push({ category: c.category, start: c.start, end: c.end });
    cursor = c.end;
  }
  return kept;
}

/** Sensitive spans of `input`, as non-overlapping offsets in the original text, in order. */
export function findSensitive(input: string | NormalizedText): SensitiveSpan[] {
  const n = asNormalized(input);
  const candidates: Candidate[] = [];
  findIdentifiers(n, candidates);
  findPhrases(n, candidates);
  return resolveOverlaps(candidates);
}

/** Replace every sensitive span by `[donnée masquée: <label>]`. */
export function redact(input: string | NormalizedText): RedactionResult {
  const n = asNormalized(input);
  const spans = findSensitive(n);
  let text = '';
  let last = 0;
  for (const s of spans) {
    text += n.source.slice(last, s.start) + placeholder(s.category);
    last = s.end;
  }
  text += n.source.slice(last);
  return { text, spans };
}
