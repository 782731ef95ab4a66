/**
 * Text normalisation shared by every detector (safety, intents, engine).
 *
 * Youths write on WhatsApp: no accents, SMS spelling, elisions typed with or
 * without apostrophes. Detectors are written once against a canonical form so
 * that « J’ai envie d’en finir », « jai envie den finir » and « g envie d'en
 * finir » all read `je ai envie de en finir`.
 *
 * Canonical form:
 * - lowercase, accents stripped (NFD), œ→oe, typographic quotes → `'`;
 * - letters repeated 3+ times collapsed (« ouiiii » → « oui »);
 * - hyphens between letters become spaces (« est-ce », « rendez-vous »);
 * - elisions expanded to the full clitic: j'→je, m'→me, t'→te (t'es/t'as → tu),
 *   s'→se (but « s'il » kept), n'→ne, d'→de, l'→le, c'→ce, qu'→que;
 * - common SMS / typo forms expanded (see SMS_FORMS);
 * - whitespace collapsed and trimmed; digits, punctuation and emoji kept.
 *
 * Every output character remembers the range of the source it came from, so a
 * match on the canonical form can be mapped back to the user's original text
 * (needed to redact exactly what the user typed).
 */

/** Canonical text plus, for each of its characters, the source range it came from. */
export interface NormalizedText {
  /** The original input. */
  readonly source: string;
  /** The canonical form. */
  readonly text: string;
  /** `starts[i]` is the index in `source` where the text producing `text[i]` starts. */
  readonly starts: readonly number[];
  /** `ends[i]` is the exclusive index in `source` where that text ends. */
  readonly ends: readonly number[];
}

/** Characters folded by hand because NFD does not decompose them. */
const CHAR_FOLDS: Readonly<Record<string, string>> = {
  '\u2019': "'", '\u2018': "'", '\u02bc': "'", '\u00b4': "'", '`': "'",
  '\u00ab': '"', '\u00bb': '"', '\u201c': '"', '\u201d': '"',
  '\u2010': '-', '\u2011': '-', '\u2013': '-', '\u2014': '-',
  '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ',
  '\u0153': 'oe', '\u0152': 'oe', '\u00e6': 'ae', '\u00c6': 'ae', '\u00df': 'ss',
};

/**
 * SMS spellings and typos, keyed by the folded token (elisions already expanded).
 * Only forms that are unambiguous in a chat about jobs belong here: « tes », « ta »,
 * « ces » are real words and are left alone.
 */
const SMS_FORMS: Readonly<Record<string, string>> = {
  jsuis: 'je suis', jsui: 'je suis', jsus: 'je suis', chui: 'je suis', chuis: 'je suis',
  jveux: 'je veux', jveu: 'je veux', jvx: 'je veux', jvoudrais: 'je voudrais',
  jvoulais: 'je voulais', jvais: 'je vais', jvai: 'je vais', jpeux: 'je peux', jpeu: 'je peux',
  jpense: 'je pense', jsais: 'je sais', jsai: 'je sais', jcrois: 'je crois', jme: 'je me',
  jte: 'je te', jle: 'je le', jla: 'je la', jles: 'je les', jen: 'je en', jy: 'je y',
  jai: 'je ai', javais: 'je avais', jarrive: 'je arrive', jaime: 'je aime',
  jcomprends: 'je comprends', jcomprend: 'je comprends', jcapte: 'je capte',
  jtrouve: 'je trouve', jcherche: 'je cherche', jfais: 'je fais', jfai: 'je fais',
  jdois: 'je dois', jdoit: 'je dois', jpourrais: 'je pourrais', jmen: 'je me en',
  jsp: 'je sais pas', jpp: 'je en peux plus', chais: 'je sais', chai: 'je sais',
  den: 'de en', dla: 'de la', lair: 'le air', cest: 'ce est', ct: 'ce etait', cetait: 'ce etait',
  veu: 'veux', vx: 'veux', pa: 'pas', plu: 'plus', ke: 'que', koi: 'quoi', kwa: 'quoi',
  kan: 'quand', qd: 'quand', kel: 'quel', kelle: 'quelle', ki: 'qui',
  pk: 'pourquoi', pq: 'pourquoi', pkoi: 'pourquoi', pourkoi: 'pourquoi', prq: 'pourquoi',
  stp: "s'il te plait", svp: "s'il vous plait", sil: "s'il",
  tt: 'tout', tjrs: 'toujours', tjr: 'toujours', tjs: 'toujours', bcp: 'beaucoup',
  pr: 'pour', ds: 'dans', dsl: 'desole', mtn: 'maintenant', mnt: 'maintenant',
  vrmt: 'vraiment', vrm: 'vraiment', pcq: 'parce que', pck: 'parce que', psk: 'parce que',
  paske: 'parce que', pasque: 'parce que', ptet: 'peut etre', ptetre: 'peut etre',
  slt: 'salut', bjr: 'bonjour', bsr: 'bonsoir', wsh: 'wesh', mrc: 'merci', mci: 'merci',
  thx: 'merci', dac: 'de accord', dacc: 'de accord', dak: 'de accord', daccord: 'de accord',
  mwa: 'moi', moa: 'moi', twa: 'toi', toa: 'toi', nn: 'non', ui: 'oui', wi: 'oui',
  ouais: 'oui', ouai: 'oui', ouep: 'oui', jamai: 'jamais', ya: 'il y a',
  qqn: "quelqu'un", qqun: "quelqu'un", kelkun: "quelqu'un", qqch: 'quelque chose',
  mourrir: 'mourir', mourire: 'mourir', mouri: 'mourir', suiside: 'suicide',
  suisider: 'suicider', sucider: 'suicider',
};

/** Single-letter clitics typed without apostrophe, only when a word follows (« g envie », « c nul »). */
const LONE_CLITICS: Readonly<Record<string, string>> = { g: 'je ai', c: 'ce est', j: 'je', m: 'me' };
const LONE_CLITIC_RE = /(?<![\p{L}\p{N}'+#])([gcjm]) (?=\p{L})/gu;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Token boundary that also treats apostrophes as part of a word. */
const SMS_RE = new RegExp(
  `(?<![\\p{L}\\p{N}'])(?:${Object.keys(SMS_FORMS)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|')})(?![\\p{L}\\p{N}'])`,
  'gu',
);

interface Mutable {
  text: string;
  starts: number[];
  ends: number[];
}

// Folded form of each character seen (a few hundred distinct ones): NFD plus a regex per
// character was a large share of the hot path's CPU.
const FOLDED = new Map<string, string>();
function foldChar(ch: string): string {
  let folded = FOLDED.get(ch);
  if (folded === undefined) {
    folded = CHAR_FOLDS[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (FOLDED.size < 10_000) FOLDED.set(ch, folded);
  }
  return folded;
}

/** Lowercase and strip accents one source character at a time, keeping the map. */
function fold(source: string): Mutable {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const ch of source) {
    const folded = foldChar(ch);
    if (folded.length === 0 && ends.length > 0) {
      // A lone combining mark (decomposed input) belongs to the previous letter.
      ends[ends.length - 1] = i + ch.length;
    }
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + ch.length);
    }
    text += folded;
    i += ch.length;
  }
  return { text, starts, ends };
}

/** Append the map of src[from, to) — a loop, since spreading long arrays overflows the stack. */
function copyRange(src: Mutable, from: number, to: number, starts: number[], ends: number[]): void {
  for (let k = from; k < to; k++) {
    starts.push(src.starts[k] ?? 0);
    ends.push(src.ends[k] ?? 0);
  }
}

/**
 * Regex replace that keeps the source map: kept characters keep their range,
 * every inserted character maps to the whole source range of the match.
 */
function rewrite(src: Mutable, re: RegExp, replacer: (m: RegExpExecArray) => string): Mutable {
  re.lastIndex = 0;
  const first = re.exec(src.text);
  if (first === null) return src; // nothing to rewrite: no copy
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  for (let m: RegExpExecArray | null = first; m !== null; m = re.exec(src.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const from = m.index;
    const to = from + m[0].length;
    text += src.text.slice(last, from);
    copyRange(src, last, from, starts, ends);
    const replacement = replacer(m);
    const start = src.starts[from] ?? 0;
    const end = src.ends[to - 1] ?? start;
    for (let k = 0; k < replacement.length; k++) {
      starts.push(start);
      ends.push(end);
    }
    text += replacement;
    last = to;
  }
  text += src.text.slice(last);
  copyRange(src, last, src.text.length, starts, ends);
  return { text, starts, ends };
}

// After « tu », « t'es » is the reflexive « te es » (« tu t'es trompé »).
const ELISION_TU_RE = /(?<![\p{L}\p{N}])(?<!\btu )t'(?=(?:es|as|etais|avais|auras|seras|etait|aurais|serais)\b)/gu;
// « s'il » stays as is: it is « si il », not « se il ».
const ELISION_RE = /(?<![\p{L}\p{N}])(?:(jusqu|lorsqu|puisqu|qu|[jmtndlc])|s(?!'ils?\b))'/gu;

/**
 * Canonical form with its source map. Use this when a match must be mapped
 * back to the original text (redaction, extracting a name or a note).
 */
export function normalizeWithOffsets(source: string): NormalizedText {
  let t = fold(source);
  t = rewrite(t, /(\p{L})\1{2,}/gu, (m) => m[1] ?? '');
  t = rewrite(t, /(?<=\p{L})-(?=\p{L})/gu, () => ' ');
  t = rewrite(t, ELISION_TU_RE, () => 'tu ');
  t = rewrite(t, ELISION_RE, (m) => `${m[1] ?? 's'}e `);
  t = rewrite(t, /\s+/gu, () => ' ');
  // Apostrophes dropped inside words (« quelqu un », « aujourd hui »): restore them.
  t = rewrite(t, /\b(quelqu|aujourd) (un|une|hui)\b/gu, (m) => `${m[1]}'${m[2]}`);
  t = rewrite(t, SMS_RE, (m) => SMS_FORMS[m[0]] ?? m[0]);
  t = rewrite(t, LONE_CLITIC_RE, (m) => `${LONE_CLITICS[m[1] ?? ''] ?? m[1]} `);
  t = rewrite(t, /\s+/gu, () => ' ');
  t = rewrite(t, /^ | $/gu, () => '');
  return { source, text: t.text, starts: t.starts, ends: t.ends };
}

/** Canonical form of `text` for matching (see module doc). */
export function normalizeForMatch(text: string): string {
  return normalizeWithOffsets(text).text;
}

/**
 * Range in the original text covered by canonical range [start, end).
 * Always covers whole source tokens that were expanded (« jsuis » for « je »).
 */
export function toSourceRange(n: NormalizedText, start: number, end: number): [number, number] {
  if (end <= start || start >= n.text.length) return [0, 0];
  const from = n.starts[start] ?? 0;
  const to = n.ends[Math.min(end, n.text.length) - 1] ?? from;
  return [from, to];
}

/** Accept either raw text or an already normalised one (lets screenInbound normalise once). */
export function asNormalized(input: string | NormalizedText): NormalizedText {
  return typeof input === 'string' ? normalizeWithOffsets(input) : input;
}
