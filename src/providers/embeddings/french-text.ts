/**
 * French text folding shared by the hashed embeddings and the answer side (query analysis,
 * passage scoring): both must see words the same way or similarity means nothing.
 * Folding = lower case, accents stripped, ligatures opened, elisions cut (l', d', qu'…).
 */

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower-cases, strips diacritics and opens ligatures; keeps letters, digits and spaces. */
export function foldText(input: string): string {
  return input
    .toLowerCase()
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`´]/g, "'");
}

// Elided articles and pronouns glued to the next word: "l'entretien", "qu'est", "j'ai".
const ELISION = /\b(?:l|d|j|m|t|s|n|c|qu|jusqu|lorsqu|puisqu)'/g;

/** Folded word tokens (elisions removed, digits kept, 1-letter noise dropped). */
export function tokenize(input: string): string[] {
  const folded = foldText(input).replace(ELISION, ' ');
  const out: string[] = [];
  for (const raw of folded.split(/[^a-z0-9]+/)) {
    if (raw.length >= 2 || /^[0-9]$/.test(raw)) out.push(raw);
  }
  return out;
}

/**
 * A light French stemmer (after Savoy's "light" stemmer): plural and feminine marks and a
 * few verb endings only. Aggressive stemming (Snowball) lives in PostgreSQL's `maia_fr`;
 * here a light one keeps "stage" and "stagiaire" apart while joining "candidatures" and
 * "candidature" — which is what matters for scoring a passage against a question.
 */
export function lightStem(word: string): string {
  let w = word;
  if (w.length <= 3 || /^[0-9]+$/.test(w)) return w;
  if (w.endsWith('aux') && w.length > 4) w = `${w.slice(0, -3)}al`;
  else if (w.endsWith('x')) w = w.slice(0, -1);
  else if (w.endsWith('s')) w = w.slice(0, -1);
  // Second-group verb forms ("choisissez", "réussissent") join their infinitive's stem.
  if (w.length > 6 && /iss(ez|ons|ent|ait|aient|ant|e)$/.test(w)) w = w.replace(/iss(ez|ons|ent|ait|aient|ant|e)$/, '');
  else if (w.length > 5 && w.endsWith('ement')) w = w.slice(0, -5);
  else if (w.length > 5 && w.endsWith('ment')) w = w.slice(0, -4);
  if (w.length > 4 && /(euse|rice)$/.test(w)) w = w.slice(0, -4);
  if (w.length > 3 && w.endsWith('ee')) w = w.slice(0, -2);
  else if (w.length > 4 && /(er|ez|es|ir)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && /[eri]$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && /(.)\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * The stem used for matching: light stem truncated to 6 characters. Truncation is crude but,
 * for French, about as effective as Snowball in retrieval studies, and it joins the verb
 * families light stemming keeps apart ("inscrit", "inscrire", "inscription" → "inscri").
 */
export function matchStem(word: string): string {
  return lightStem(word).slice(0, 6);
}

/**
 * Function words that say nothing about a topic. Kept short on purpose: "sans", "avant",
 * "apres", "premier" carry meaning in questions ("avant l'entretien", "premier rendez-vous").
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'le la les un une des du de d au aux et ou a en dans sur pour par avec ce cet cette ces se sa son ses ' +
    'mon ma mes ton ta tes notre nos votre vos leur leurs je tu il elle on nous vous ils elles me te moi toi lui ' +
    'y est sont etre ai as avons avez ont avoir suis es etes fait faire qui que quoi quel quelle quels quelles ' +
    'comment est-ce ca cela ceci c qu ne n pas plus si mais donc or ni car tres bien aussi alors deja encore ' +
    'peut peux pouvez puis dois doit devez faut veux veut voudrais voulez svp stp merci bonjour salut hello coucou ' +
    'bonsoir ya il-y-a quand ou comme tout tous toute toutes autre autres meme chose choses truc trucs genre ' +
    'vraiment juste hein bah ben ok oui non sais savoir dire dit exactement concretement franchement normalement ' +
    'serieux serieusement carrement clairement finalement vrai stp svp plait bref enfin voila ouais wesh ' +
    'ptdr mdr lol svp slt bjr mettre mets met faut falloir aller vais vas va veux voudrais prendre donner donne donnes donnez entre deux trois'
  ).split(/\s+/),
);

/** Content stems of a text: tokens minus stop words, as `matchStem`. */
export function contentStems(input: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(input)) {
    if (!STOPWORDS.has(token)) out.push(matchStem(token));
  }
  return out;
}
