/**
 * What of a youth's message goes to retrieval and to any model. Who they are is not part of
 * the question: a self-introduction (« je m'appelle Mohamed », « moi c'est Lucas ») is removed,
 * so a name can neither change the answer (non-discrimination, charter § 3) nor reach a
 * provider (minimisation). Redaction placeholders go too: they carry no meaning to search.
 */
// Keywords case-insensitive, names not: a global `i` flag would let \p{Lu} match « perdue ».
const ci = (word: string) => word.replace(/\p{L}/gu, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
const GREETING = String.raw`(?:(?:${['salut', 'slt', 'bonjour', 'bjr', 'bonsoir', 'coucou', 'cc', 'hello', 'hey', 'wesh'].map(ci).join('|')})\b[\s,!.]*)?`;
const NAME = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}`;
const SELF_INTRO = new RegExp(
  String.raw`^\s*${GREETING}(?:${ci('je')}\s+${ci('m')}['’ ]?${ci('appel')}+${ci('e')}|${ci('moi')}\s+${ci('c')}['’ ]?${ci('est')}|${ci('mon')}\s+(?:${ci('pr')}[éeÉE]${ci('nom')}|${ci('nom')})\s+(?:${ci('c')}['’ ]?${ci('est')}|${ci('est')})|${ci('je')}\s+${ci('suis')}|${ci('c')}['’ ]?${ci('est')})\s+${NAME}(?![\p{L}])[^,.;!?\n]*[,.;!?\n]+\s*`,
  'u',
);
const PLACEHOLDER = /\[donnée masquée:[^\]]*\]/g;

export function questionForAnswering(text: string): string {
  let q = text.replace(PLACEHOLDER, ' ');
  // Twice: « Salut, moi c'est Lucas, je m'appelle Lucas Martin, … » happens.
  for (let i = 0; i < 2; i++) q = q.replace(SELF_INTRO, '');
  q = q.replace(/\s+/g, ' ').replace(/^[\s,;.]+/, '').trim();
  return q.length >= 3 ? q : text.replace(PLACEHOLDER, ' ').replace(/\s+/g, ' ').trim();
}
