import { describe, it, expect } from 'vitest';
import {
  findSensitive,
  redact,
  placeholder,
  ibanValid,
  luhnValid,
  nirKeyValid,
  SENSITIVE_LABELS,
  type SensitiveCategory,
} from '../../src/safety/sensitive.js';

type Case = [text: string, category: SensitiveCategory, secret: string];

// Each case: the message, the category expected, and a substring that must not survive redaction.
const DISCLOSURES: readonly Case[] = [
  // health
  ['je suis enceinte de 3 mois, je dois le dire en entretien ?', 'health', 'enceinte'],
  ["j'ai une dépression depuis l'an dernier", 'health', 'dépression'],
  ['jsuis en situation de handicap, ça se dit sur le CV ?', 'health', 'handicap'],
  ['je suis handicapé moteur', 'health', 'handicapé'],
  ['ma RQTH arrive à échéance', 'health', 'RQTH'],
  ['je suis diabétique et je dois manger à heure fixe', 'health', 'diabétique'],
  ['je prends des antidépresseurs', 'health', 'antidépresseurs'],
  ['je suis dyslexique, les tests écrits me font peur', 'health', 'dyslexique'],
  ['je vois un psy chaque semaine', 'health', 'psy'],
  ['je suis atteinte de sclérose en plaques', 'health', 'plaques'],
  ['je suis dyslexique et dyspraxique', 'health', 'dyspraxique'],
  ["j'ai fait un burn-out l'année dernière", 'health', 'burn-out'],
  // religion
  ['je suis musulman et je fais le ramadan', 'religion', 'musulman'],
  ['je porte le voile, est-ce un problème ?', 'religion', 'voile'],
  ['Je suis catholique pratiquante', 'religion', 'catholique'],
  ['je fais le ramadan en ce moment', 'religion', 'ramadan'],
  // sexual orientation
  ['je suis gay, est-ce que je dois le cacher ?', 'sexual_orientation', 'gay'],
  ['je suis lesbienne', 'sexual_orientation', 'lesbienne'],
  ['chui bi', 'sexual_orientation', 'bi'],
  // union
  ['je suis syndiqué à la CGT', 'union', 'CGT'],
  ['je suis déléguée syndicale dans ma boîte', 'union', 'déléguée'],
  ['je milite à la CFDT depuis 2 ans', 'union', 'CFDT'],
  // political
  ['je vote RN', 'political', 'RN'],
  ["j'ai voté Mélenchon", 'political', 'Mélenchon'],
  ['je suis de gauche', 'political', 'gauche'],
  ['je suis au RN', 'political', 'RN'],
  ['je suis militant à la France insoumise', 'political', 'insoumise'],
  // ethnic origin
  ["je suis d'origine algérienne", 'ethnic_origin', 'algérienne'],
  ['je suis noire et je sens que ça bloque', 'ethnic_origin', 'noire'],
  ['mes parents sont marocains', 'ethnic_origin', 'marocains'],
  ['je suis originaire du Sénégal', 'ethnic_origin', 'Sénégal'],
];

const IDENTIFIERS: readonly Case[] = [
  ['mon numéro de sécu: 1 85 05 78 006 084 91', 'nir', '006 084'],
  ['secu 185057800608491 merci', 'nir', '185057800608491'],
  ['mon NIR sans clé 1850578006084', 'nir', '1850578006084'],
  ['voici mon rib FR76 3000 6000 0112 3456 7890 189', 'iban', '3456 7890'],
  ['iban: FR7630006000011234567890189', 'iban', 'FR7630006000011234567890189'],
  ['ma carte 4111 1111 1111 1111 exp 12/26', 'card', '4111 1111'],
  ['5555-5555-5555-4444', 'card', '5555-5555'],
  ['mon mot de passe est Soleil2024!', 'password', 'Soleil2024'],
  ['mdp: azerty123', 'password', 'azerty123'],
  ["mon mdp c'est Kiki#93 tu peux te connecter ?", 'password', 'Kiki#93'],
  ['le mot de passe de mon compte France Travail est Z3bra_99.', 'password', 'Z3bra_99'],
  ["j'habite 12 rue des Lilas 93200 Saint-Denis", 'postal_address', 'Lilas'],
  ['mon adresse : 4 bis avenue Jean Jaurès, 69007 Lyon', 'postal_address', 'Jaurès'],
  ['je vis au 27 bd de la Villette', 'postal_address', 'Villette'],
  ['envoyez à 3 place de la République', 'postal_address', 'République'],
  ['écris moi à ines.dupont93@gmail.com', 'email', 'ines.dupont93'],
  ['mon tel 06 12 34 56 78', 'phone', '34 56'],
  ['appelle au 0612345678', 'phone', '0612345678'],
  ['+33 6 12 34 56 78 c mon whatsapp', 'phone', '12 34 56'],
  ['fixe: 01.23.45.67.89', 'phone', '45.67'],
  ['+33612345678', 'phone', '+33612345678'],
];

describe('findSensitive — art. 9 self-disclosures', () => {
  it.each(DISCLOSURES)('%s → %s', (text, category, secret) => {
    const spans = findSensitive(text);
    expect(spans.map((s) => s.category)).toContain(category);
    const out = redact(text);
    expect(out.text).not.toContain(secret);
    expect(out.text).toContain(placeholder(category));
  });
});

describe('findSensitive — identifiers', () => {
  it.each(IDENTIFIERS)('%s → %s', (text, category, secret) => {
    const spans = findSensitive(text);
    expect(spans.map((s) => s.category)).toContain(category);
    expect(redact(text).text).not.toContain(secret);
  });
});

const NOT_SENSITIVE: readonly string[] = [
  "Est-ce que la discrimination liée à l'origine est punie ?",
  'comment demander un aménagement de poste handicap ?',
  "c'est quoi la RQTH ?",
  "le recruteur m'a demandé ma religion, c'est légal ?",
  'quels syndicats existent dans une grande entreprise ?',
  "j'ai un entretien le 12/03/2024 à 14h",
  'je suis né le 12 03 1995',
  'ma commande n° 0612345678 est bloquée',
  'référence dossier 0123456789',
  "l'entretien a lieu au 12 rue de Rivoli, c'est loin de Nation ?",
  "j'ai 3 cours de maths demain",
  "j'ai 2 places de ciné en trop",
  "j'ai oublié mon mot de passe France Travail",
  'mon mot de passe est bloqué, je fais comment ?',
  'je suis motivé et disponible',
  'je suis bien arrivée',
  'mon traitement de texte plante',
  'salaire de 35 000 € brut par an',
  'le numéro de la CAF c’est le 3230',
  "j'ai 23 ans et 2 ans d'expérience",
  'le poste est à pourvoir au 15 avenue de France, dans les locaux de la boîte',
  'je suis nul en anglais',
];

describe('findSensitive — false positives', () => {
  it.each(NOT_SENSITIVE)('%s', (text) => {
    expect(findSensitive(text)).toEqual([]);
    expect(redact(text).text).toBe(text);
  });
});

describe('checksums', () => {
  it('masks a NIR with a mistyped key when the youth names it, not a bare 15-digit number', () => {
    expect(redact('mon numéro de sécu est 1 85 05 78 006 084 36').text).not.toContain('084 36');
    expect(findSensitive('commande 185057800608436 livrée').some((s) => s.category === 'nir')).toBe(false);
  });

  it('accepts a valid NIR key and rejects a wrong one', () => {
    expect(nirKeyValid('185057800608491')).toBe(true);
    expect(nirKeyValid('185057800608436')).toBe(false);
    expect(findSensitive('réf. 1 85 05 78 006 084 36').map((s) => s.category)).not.toContain('nir');
  });

  it('accepts a valid IBAN and rejects one with a typo', () => {
    expect(ibanValid('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(ibanValid('FR76 3000 6000 0112 3456 7890 188')).toBe(false);
    expect(findSensitive('FR76 3000 6000 0112 3456 7890 188').map((s) => s.category)).not.toContain('iban');
  });

  it('applies Luhn to card numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(findSensitive('carte 4111 1111 1111 1112')).toEqual([]);
  });
});

describe('redact', () => {
  it('reports spans as offsets in the original text', () => {
    const text = 'Salut ! Jsuis musulmane et mon tel est 06 12 34 56 78.';
    const { spans } = redact(text);
    expect(spans.map((s) => [s.category, text.slice(s.start, s.end)])).toEqual([
      ['religion', 'Jsuis musulmane'],
      ['phone', '06 12 34 56 78'],
    ]);
  });

  it('keeps the rest of the message intact', () => {
    expect(redact("Bonjour, je suis d'origine algérienne. Comment faire un CV ?").text).toBe(
      'Bonjour, [donnée masquée: origine]. Comment faire un CV ?',
    );
  });

  it('masks several kinds in one message and leaves no original fragment', () => {
    const text =
      "je suis enceinte, mon mdp: Bidule42, j'habite 8 rue Victor Hugo 75011 Paris et mon mail est a.b@orange.fr";
    const out = redact(text);
    for (const secret of ['enceinte', 'Bidule42', 'Victor Hugo', '75011', 'a.b@orange.fr']) {
      expect(out.text).not.toContain(secret);
    }
    expect(out.spans.map((s) => s.category)).toEqual(['health', 'password', 'postal_address', 'email']);
  });

  it('uses one French label per category', () => {
    expect(placeholder('nir')).toBe('[donnée masquée: numéro de sécurité sociale]');
    expect(new Set(Object.values(SENSITIVE_LABELS)).size).toBe(Object.keys(SENSITIVE_LABELS).length);
  });

  it('handles decomposed accents without leaving stray marks', () => {
    const text = 'je suis athe\u0301e';
    expect(redact(text).text).toBe('[donnée masquée: religion]');
  });
});
